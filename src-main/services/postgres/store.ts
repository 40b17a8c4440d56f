/**
 * The asynchronous store (store-api.ts) on PostgreSQL: the runs table is the queue that every
 * machine's worker claims from.
 *
 * - Claims: `SELECT … FOR UPDATE SKIP LOCKED` takes the first claimable queued run that no
 *   other transaction is claiming, and the same statement makes it a new attempt with its
 *   owner and lease; two claimers never get the same run and never wait for each other.
 * - Fencing: every write of a run first locks the run's row (FOR NO KEY UPDATE) and checks
 *   that the lease's attempt and owner still hold it; a claim or takeover updates that row, so
 *   it waits for a write in flight and a write after it sees the new attempt and throws
 *   FencedError, changing nothing. The row lock also serialises a run's event sequence numbers.
 * - Clock: heartbeats, lease ends, event times (where the writer gives none) and the ISO times
 *   of rows come from the database's now(), so machines with skewed clocks agree.
 * - Doorbell: each batch of events sends NOTIFY archwalk_events 'RUN:SEQ' in its transaction
 *   (delivered on commit); onEvents LISTENs on a connection of its own.
 */
import type { Client, Pool, PoolClient } from 'pg';
import type { RunStatus } from '#shared/api.ts';
import { configBenchmarks, runLabel, type ExperimentConfig, type RunConfig } from '#shared/config.ts';
import { DEFAULT_LEASE_MS, FencedError, type RunLease } from '../run-lease.ts';
import { leaseExpiryOutcome, type AsyncStore, type ClaimFilter, type ClaimedRun, type EventBell, type TransitionGuard, type UnservedRun } from '../store-api.ts';
import type { AgentRow, AgentTrainingRow, ArchitectureQuery, BenchmarkRow, EvaluatedRow, ExperimentRow, NewEvent, NewRun, RunAttemptRow, RunProgress, RunRow, StoredEvent } from '../store.ts';
import { clientConfig, connectPostgres, describeConnectError, loadPg, type PostgresUrl } from './connect.ts';
import { assertPostgresSchemaCurrent, postgresSchemaVersion } from './migrations.ts';

/** The database clock in milliseconds, and as the ISO text the rows hold (like new Date().toISOString()). */
const NOW_MS = `(extract(epoch from now()) * 1000)::bigint`;
const NOW_ISO = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** pg_advisory_xact_lock keys of the queue order: 'arch' and 2 (positions are handed out one writer at a time). */
const QUEUE_LOCK = [0x61726368, 2] as const;
export const EVENTS_CHANNEL = 'archwalk_events';

const RUN_SELECT = `SELECT runs.*, experiments.name AS experiment_name, (runs.config_json::jsonb ->> 'benchmark') AS benchmark
  FROM runs JOIN experiments ON experiments.id = runs.experiment_id`;

type Db = Pick<PoolClient, 'query'>;

/**
 * Whether a worker with these tags (a JSON array) and table checksums (text[]) serves run
 * `r`: the run's `requires` tags are all the worker's, and every checksum the run needs is
 * held. A run queued without checksums (copied from an embedded store) is served by no filter.
 */
const SERVES = (r: string, tagsJson: string, checksums: string): string =>
  `(COALESCE(${r}.config_json::jsonb -> 'requires', '[]'::jsonb) <@ ${tagsJson}::jsonb
    AND ${r}.benchmark_checksums IS NOT NULL AND ${r}.benchmark_checksums <@ ${checksums}::text[])`;

interface Holder {
  attempt: number;
  owner: string | null;
  status: RunStatus;
  expired: boolean;
}

export class PostgresStore implements AsyncStore {
  readonly backend = 'postgres' as const;
  readonly redactedUrl: string;

  private readonly pool: Pool;
  private readonly url: PostgresUrl;

  private constructor(pool: Pool, url: PostgresUrl) {
    this.pool = pool;
    this.url = url;
    this.redactedUrl = url.redacted;
  }

  /** Opens a pool on an initialised store; refuses one without archwalk's tables or from a newer archwalk. */
  /**
   * `timeoutMs`: a query (or a connection) that takes longer fails instead of waiting for a
   * network that drops packets; a lab worker sets it well below its lease.
   */
  static async open(url: PostgresUrl, options: { maxConnections?: number; timeoutMs?: number } = {}): Promise<PostgresStore> {
    const probe = await connectPostgres(url);
    try {
      await assertPostgresSchemaCurrent(probe, url.redacted);
    } finally {
      await probe.end().catch(() => undefined);
    }
    const pg = await loadPg();
    const timeouts = options.timeoutMs !== undefined ? { query_timeout: options.timeoutMs, connectionTimeoutMillis: options.timeoutMs } : {};
    const pool = new pg.Pool({ ...(await clientConfig(url)), ...timeouts, max: options.maxConnections ?? 4 });
    // A connection the server drops (a restart, a partition) emits 'error': on the pool while idle, on
    // the client while checked out between queries. The query in flight fails, the transaction
    // throws, the broken client is discarded and the next transaction connects afresh.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    return new PostgresStore(pool, url);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connection(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw describeConnectError(error, this.url);
    }
  }

  /** `fn` in one transaction on one connection (READ COMMITTED; the row locks give the ordering). */
  private async tx<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const client = await this.connection();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async one<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.pool.query(sql, params)).rows[0] as T | undefined;
  }

  private async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  async schemaVersion(): Promise<number> {
    const client = await this.connection();
    try {
      return await postgresSchemaVersion(client as unknown as Client);
    } finally {
      client.release();
    }
  }

  async now(): Promise<number> {
    return (await this.one<{ now: number }>(`SELECT ${NOW_MS} AS now`))!.now;
  }

  // ── benchmarks ────────────────────────────────────────────────────────────

  async insertBenchmark(row: Omit<BenchmarkRow, 'id' | 'created_at'>): Promise<BenchmarkRow> {
    return (await this.one<BenchmarkRow>(
      `INSERT INTO benchmarks (name, kind, space, size, source_path, source_sha256, data_path, best_valid, best_test, dataset, epochs, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ${NOW_ISO}) RETURNING *`,
      [row.name, row.kind, row.space, row.size, row.source_path, row.source_sha256, row.data_path, row.best_valid, row.best_test, row.dataset ?? null, row.epochs ?? null],
    ))!;
  }

  async listBenchmarks(): Promise<BenchmarkRow[]> {
    return this.all<BenchmarkRow>('SELECT * FROM benchmarks ORDER BY name');
  }

  // ── experiments and runs ──────────────────────────────────────────────────

  async insertExperiment(config: ExperimentConfig, configHash: string, runs: NewRun[]): Promise<number> {
    return this.tx(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1, $2)', [...QUEUE_LOCK]);
      const { rows: [experiment] } = await db.query<{ id: number; created_at: string }>(
        `INSERT INTO experiments (name, config_json, config_hash, created_at) VALUES ($1, $2, $3, ${NOW_ISO}) RETURNING id, created_at`,
        [config.name, JSON.stringify(config), configHash],
      );
      let position = await nextQueuePosition(db);
      const ids: number[] = [];
      for (const [i, run] of runs.entries()) {
        const c = run.config;
        const dependsOn = run.dependsOn ?? null;
        if (dependsOn !== null && !(dependsOn < i)) throw new Error(`run ${i} of the experiment waits for run ${dependsOn}, which does not come before it`);
        const { rows: [inserted] } = await db.query<{ id: number }>(
          `INSERT INTO runs (experiment_id, searcher, searcher_kind, seed, status, queue_position, budget, config_json, config_hash,
                             app_version, benchmark_sha256, benchmark_content_sha256, agent_sample, depends_on, created_at, benchmark_checksums)
           VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
          [experiment!.id, runLabel(c), c.kind === 'search' ? c.searcher.kind : 'train-agent', c.seed, position++, c.kind === 'search' ? c.budget : 0,
            JSON.stringify(run.config), run.configHash, run.appVersion, run.benchmarkSha256, run.benchmarkContentSha256 ?? null, run.agentSample ?? null,
            dependsOn === null ? null : ids[dependsOn]!, experiment!.created_at, run.benchmarkChecksums ?? null],
        );
        ids.push(inserted!.id);
      }
      return experiment!.id;
    });
  }

  async getExperiment(id: number): Promise<ExperimentRow | undefined> {
    return this.one<ExperimentRow>('SELECT * FROM experiments WHERE id = $1', [id]);
  }

  async listExperiments(): Promise<ExperimentRow[]> {
    return this.all<ExperimentRow>('SELECT * FROM experiments ORDER BY id DESC');
  }

  async getRun(id: number): Promise<RunRow | undefined> {
    return this.one<RunRow>(`${RUN_SELECT} WHERE runs.id = $1`, [id]);
  }

  async listRuns(filter: { experimentId?: number; statuses?: readonly RunStatus[] } = {}): Promise<RunRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.experimentId !== undefined) {
      params.push(filter.experimentId);
      where.push(`runs.experiment_id = $${params.length}`);
    }
    if (filter.statuses) {
      params.push([...filter.statuses]);
      where.push(`runs.status = ANY($${params.length}::text[])`);
    }
    return this.all<RunRow>(`${RUN_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY runs.queue_position NULLS LAST, runs.id`, params);
  }

  async claimNext(owner: string, options: { experimentId?: number; leaseMs?: number; filter?: ClaimFilter } = {}): Promise<ClaimedRun | null> {
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    return this.tx(async (db) => {
      const params: unknown[] = [owner, leaseMs];
      const placeholder = (value: unknown): string => `$${params.push(value)}`;
      const experiment = options.experimentId !== undefined ? `AND r.experiment_id = ${placeholder(options.experimentId)}` : '';
      const served = options.filter ? `AND ${SERVES('r', placeholder(JSON.stringify(options.filter.tags)), placeholder(options.filter.checksums))}` : '';
      // SKIP LOCKED: a run another claimer holds is passed over, not waited for; FOR UPDATE
      // re-checks the conditions on the newest row version, so a run claimed meanwhile is not taken twice.
      const { rows: [claimed] } = await db.query<{ id: number; attempt: number; started_at: string }>(
        `WITH next AS (
           SELECT r.id FROM runs r
            WHERE r.status = 'queued'
              AND (r.depends_on IS NULL OR EXISTS (SELECT 1 FROM runs d WHERE d.id = r.depends_on AND d.status = 'succeeded'))
              ${experiment} ${served}
            ORDER BY r.queue_position, r.id LIMIT 1
            FOR UPDATE OF r SKIP LOCKED)
         UPDATE runs SET status = 'running', started_at = COALESCE(runs.started_at, ${NOW_ISO}), error = NULL,
                attempt = runs.attempt + 1, owner = $1, heartbeat_at = ${NOW_MS}, lease_expires_at = ${NOW_MS} + $2
           FROM next WHERE runs.id = next.id
         RETURNING runs.id, runs.attempt`,
        params,
      );
      if (!claimed) return null;
      await db.query(`INSERT INTO run_attempts (run_id, attempt, owner, started_at) VALUES ($1, $2, $3, ${NOW_ISO})`, [claimed.id, claimed.attempt, owner]);
      await appendEventRows(db, claimed.id, [{ type: 'status', data: { from: 'queued', to: 'running', reason: `claimed by ${owner} (attempt ${claimed.attempt})` } }]);
      const { rows: [run] } = await db.query<RunRow>(`${RUN_SELECT} WHERE runs.id = $1`, [claimed.id]);
      return { run: run!, lease: { runId: claimed.id, attempt: claimed.attempt, owner } };
    });
  }

  async unservedRuns(filter: ClaimFilter): Promise<UnservedRun[]> {
    const rows = await this.all<{ id: number; searcher: string; config_json: string; benchmark_checksums: string[] | null }>(
      `SELECT r.id, r.searcher, r.config_json, r.benchmark_checksums FROM runs r
        WHERE r.status = 'queued' AND NOT ${SERVES('r', '$1', '$2')} ORDER BY r.queue_position, r.id`,
      [JSON.stringify(filter.tags), filter.checksums],
    );
    return rows.map((row) => {
      const config = JSON.parse(row.config_json) as RunConfig;
      return {
        runId: row.id,
        label: row.searcher,
        benchmarks: configBenchmarks(config),
        missingTags: (config.requires ?? []).filter((tag) => !filter.tags.includes(tag)),
        missingChecksums: row.benchmark_checksums === null ? null : row.benchmark_checksums.filter((sha) => !filter.checksums.includes(sha)),
      };
    });
  }

  async transition(id: number, from: readonly RunStatus[], to: RunStatus, reason: string,
    fields: Partial<Pick<RunRow, 'error' | 'ml_backend' | 'device'>> = {}, guard: TransitionGuard = {}): Promise<boolean> {
    return this.tx(async (db) => {
      const holder = await lockRun(db, id);
      if (guard.lease) assertHolds(guard.lease, holder);
      if (!holder || !from.includes(holder.status)) return false;
      if (guard.onlyIfLeaseExpired && !holder.expired) return false;
      const finished = ['succeeded', 'failed', 'cancelled', 'interrupted'].includes(to);
      const queued = to === 'queued';
      // Leaving running/paused ends the attempt; its owner (cleared below) can write no more.
      if ((holder.status === 'running' || holder.status === 'paused') && (finished || queued)) {
        await db.query(`UPDATE run_attempts SET ended_at = ${NOW_ISO}, outcome = $1 WHERE run_id = $2 AND attempt = $3 AND ended_at IS NULL`, [to, id, holder.attempt]);
      }
      let position: number | null = null;
      if (queued) {
        await db.query('SELECT pg_advisory_xact_lock($1, $2)', [...QUEUE_LOCK]);
        position = await nextQueuePosition(db);
      }
      await db.query(
        `UPDATE runs SET status = $1, error = $2, ml_backend = COALESCE($3, ml_backend), device = COALESCE($4, device),
           finished_at = CASE WHEN $5 THEN ${NOW_ISO} ELSE NULL END, owner = CASE WHEN $5 OR $6 THEN NULL ELSE owner END,
           queue_position = CASE WHEN $6 THEN $7 WHEN $5 THEN NULL ELSE queue_position END
         WHERE id = $8`,
        [to, fields.error ?? null, fields.ml_backend ?? null, fields.device ?? null, finished, queued, position, id],
      );
      await appendEventRows(db, id, [{ type: 'status', data: { from: holder.status, to, reason } }]);
      if (to === 'failed' || to === 'cancelled') await failDependents(db, id, to, fields.error ?? reason);
      return true;
    });
  }

  async appendEvents(lease: RunLease, events: NewEvent[], progress: RunProgress = {}): Promise<void> {
    if (events.length === 0 && progress.queries === undefined && !progress.best) return;
    const runId = lease.runId;
    await this.tx(async (db) => {
      assertHolds(lease, await lockRun(db, runId));
      await appendEventRows(db, runId, events);
      if (progress.queries !== undefined) await db.query('UPDATE runs SET queries = GREATEST(queries, $1) WHERE id = $2', [progress.queries, runId]);
      if (progress.best) {
        const b = progress.best;
        await db.query(
          `UPDATE runs SET best_valid = $1, best_test = $2, best_hash = $3, best_arch = $4,
             best_query = CASE WHEN $5::bigint IS NOT NULL THEN $5::bigint WHEN best_hash = $3 THEN best_query ELSE NULL END
           WHERE id = $6`,
          [b.valid, b.test, b.hash, JSON.stringify(b.arch), b.query ?? null, runId],
        );
      }
    });
  }

  async events(runId: number, options: { type?: string; afterSeq?: number; lastN?: number } = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [runId, options.afterSeq ?? 0];
    let sql = 'SELECT seq, t, type, data FROM run_events WHERE run_id = $1 AND seq > $2';
    if (options.type) {
      params.push(options.type);
      sql += ` AND type = $${params.length}`;
    }
    sql += options.lastN ? ' ORDER BY seq DESC' : ' ORDER BY seq';
    if (options.lastN) {
      params.push(options.lastN);
      sql += ` LIMIT $${params.length}`;
    }
    const rows = await this.all<{ seq: number; t: number; type: string; data: string }>(sql, params);
    if (options.lastN) rows.reverse();
    return rows.map((r) => ({ seq: r.seq, t: r.t, type: r.type, data: JSON.parse(r.data) as unknown }));
  }

  async attempts(runId: number): Promise<RunAttemptRow[]> {
    return this.all<RunAttemptRow>('SELECT attempt, owner, started_at, ended_at, outcome FROM run_attempts WHERE run_id = $1 ORDER BY attempt', [runId]);
  }

  async architectures(runId: number, options: ArchitectureQuery): Promise<EvaluatedRow[]> {
    const base = `SELECT data FROM run_events WHERE run_id = $1 AND type = 'architecture'`;
    const rows = options.top !== undefined
      ? await this.all<{ data: string }>(`${base} ORDER BY (data::jsonb ->> 'valid')::double precision DESC, seq LIMIT $2`, [runId, Math.max(0, options.top)])
      : await this.all<{ data: string }>(`${base} AND (data::jsonb ->> 'query')::bigint >= $2 ORDER BY seq LIMIT $3`,
        [runId, options.fromQuery ?? 0, options.limit === undefined ? null : Math.max(0, options.limit)]);
    return rows.map(({ data }) => {
      const e = JSON.parse(data) as EvaluatedRow;
      return { query: e.query, hash: e.hash, arch: e.arch, valid: e.valid, test: e.test };
    });
  }

  async renewLeases(leases: readonly RunLease[], leaseMs: number = DEFAULT_LEASE_MS): Promise<RunLease[]> {
    if (leases.length === 0) return [];
    return this.tx(async (db) => {
      const lost: RunLease[] = [];
      for (const lease of leases) {
        const { rowCount } = await db.query(
          `UPDATE runs SET heartbeat_at = ${NOW_MS}, lease_expires_at = ${NOW_MS} + $1
           WHERE id = $2 AND attempt = $3 AND owner = $4 AND status IN ('running', 'paused')`,
          [leaseMs, lease.runId, lease.attempt, lease.owner],
        );
        if (rowCount === 0) lost.push(lease);
      }
      return lost;
    });
  }

  async expireLeases(options: { maxAttempts?: number } = {}): Promise<number[]> {
    const candidates = await this.all<{ id: number; attempt: number }>(
      `SELECT id, attempt FROM runs WHERE status IN ('running', 'paused') AND (lease_expires_at IS NULL OR lease_expires_at < ${NOW_MS} OR heartbeat_at IS NULL)`,
    );
    const expired: number[] = [];
    for (const { id, attempt } of candidates) {
      const { to, reason } = leaseExpiryOutcome(attempt, options.maxAttempts);
      // The transition re-checks the expiry under the run's row lock (a renewal may have come meanwhile).
      if (await this.transition(id, ['running', 'paused'], to, reason, {}, { onlyIfLeaseExpired: true })) expired.push(id);
    }
    return expired;
  }

  // ── agents ────────────────────────────────────────────────────────────────

  async insertAgent(row: Omit<AgentRow, 'id' | 'created_at' | 'visited_path'> & { visited_path?: string | null },
    training: Omit<AgentTrainingRow, 'agent_id' | 'position'>[] = [], lease?: RunLease): Promise<AgentRow> {
    return this.tx(async (db) => {
      if (lease) assertHolds(lease, await lockRun(db, lease.runId));
      const { rows: [agent] } = await db.query<AgentRow>(
        `INSERT INTO agents (name, run_id, experiment_id, benchmark, space, preset, checkpoint_path, hyper_json, env_steps, learner_steps, ml_backend, visited_path, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ${NOW_ISO}) RETURNING *`,
        [row.name, row.run_id, row.experiment_id, row.benchmark, row.space, row.preset, row.checkpoint_path, row.hyper_json, row.env_steps, row.learner_steps, row.ml_backend, row.visited_path ?? null],
      );
      for (const [position, t] of training.entries()) {
        await db.query('INSERT INTO agent_training (agent_id, position, benchmark, content_sha256, cells_queried) VALUES ($1, $2, $3, $4, $5)',
          [agent!.id, position, t.benchmark, t.content_sha256, t.cells_queried]);
      }
      return agent!;
    });
  }

  async listAgents(): Promise<AgentRow[]> {
    return this.all<AgentRow>('SELECT * FROM agents ORDER BY id DESC');
  }

  async getAgent(name: string): Promise<AgentRow | undefined> {
    return this.one<AgentRow>('SELECT * FROM agents WHERE name = $1', [name]);
  }

  async agentTraining(agentId: number): Promise<AgentTrainingRow[]> {
    return this.all<AgentTrainingRow>('SELECT * FROM agent_training WHERE agent_id = $1 ORDER BY position', [agentId]);
  }

  async allAgentTraining(): Promise<AgentTrainingRow[]> {
    return this.all<AgentTrainingRow>('SELECT * FROM agent_training ORDER BY agent_id, position');
  }

  // ── the doorbell ──────────────────────────────────────────────────────────

  async onEvents(listener: (bell: EventBell) => void): Promise<() => Promise<void>> {
    const client = await connectPostgres(this.url, 'archwalk-listen');
    client.on('notification', (message) => {
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      const [runId, seq] = message.payload.split(':').map(Number);
      if (Number.isSafeInteger(runId) && Number.isSafeInteger(seq)) listener({ runId: runId!, seq: seq! });
    });
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    return async () => {
      await client.end().catch(() => undefined);
    };
  }
}

async function nextQueuePosition(db: Db): Promise<number> {
  const { rows: [row] } = await db.query<{ next: number }>('SELECT COALESCE(MAX(queue_position), 0) + 1 AS next FROM runs');
  return row!.next;
}

/** Locks the run's row for this transaction (claims and other writers of the run wait) and reads who holds it. */
async function lockRun(db: Db, runId: number): Promise<Holder | undefined> {
  const { rows: [row] } = await db.query<Holder>(
    `SELECT attempt, owner, status,
            (lease_expires_at IS NULL OR lease_expires_at < ${NOW_MS} OR heartbeat_at IS NULL) AS expired
       FROM runs WHERE id = $1 FOR NO KEY UPDATE`,
    [runId],
  );
  return row;
}

function assertHolds(lease: RunLease, holder: Holder | undefined): void {
  if (!holder || holder.attempt !== lease.attempt || holder.owner !== lease.owner) throw new FencedError(lease, holder ?? null);
}

/** Appends events after the run's last sequence number (the caller holds the run's row lock) and rings the doorbell on commit. */
async function appendEventRows(db: Db, runId: number, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { rows: [last] } = await db.query<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM run_events WHERE run_id = $1', [runId]);
  await db.query(
    `INSERT INTO run_events (run_id, seq, t, type, data)
     SELECT $1, $2 + e.ord, COALESCE(e.t, ${NOW_MS}), e.type, e.data
       FROM unnest($3::bigint[], $4::text[], $5::text[]) WITH ORDINALITY AS e(t, type, data, ord)`,
    [runId, last!.seq, events.map((e) => e.t ?? null), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data))],
  );
  await db.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, `${runId}:${last!.seq + events.length}`]);
}

/** Runs waiting for a run that failed or was cancelled can never start: they fail too, saying why (and so do theirs). */
async function failDependents(db: Db, id: number, outcome: 'failed' | 'cancelled', why: string): Promise<void> {
  const { rows: waiting } = await db.query<{ id: number }>(`SELECT id FROM runs WHERE depends_on = $1 AND status = 'queued' FOR NO KEY UPDATE`, [id]);
  if (waiting.length === 0) return;
  const { rows: [label] } = await db.query<{ searcher: string }>('SELECT searcher FROM runs WHERE id = $1', [id]);
  const error = `this run waits for run ${id} (${label!.searcher}), which ${outcome === 'failed' ? 'failed' : 'was cancelled'}: ${why.split('\n')[0]!.slice(0, 300)}`;
  for (const dependent of waiting) {
    await db.query(`UPDATE runs SET status = 'failed', error = $1, finished_at = ${NOW_ISO}, queue_position = NULL WHERE id = $2 AND status = 'queued'`, [error, dependent.id]);
    await appendEventRows(db, dependent.id, [{ type: 'status', data: { from: 'queued', to: 'failed', reason: error } }]);
    await failDependents(db, dependent.id, 'failed', error);
  }
}
