/**
 * The experiment store: node:sqlite in WAL mode. Experiments and runs are rows; what
 * happens during a run is an append-only event log. Every write that must not be seen
 * half-done (an experiment with its runs, a batch of events with the run's summary
 * columns) is one transaction.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { BenchmarkInfo, RunStatus, RunSummary } from '#shared/api.ts';
import { runLabel, type ExperimentConfig, type RunConfig } from '#shared/config.ts';
import type { SampleLabel } from '#shared/sample-label.ts';
import { MIGRATIONS } from './migrations.ts';
import { assertLeaseHeld, beginAttempt, BUSY_TIMEOUT_MS, DEFAULT_LEASE_MS, endAttempt, expiredLeaseRunIds, leaseExpired, renewLeaseRows, type RunLease } from './run-lease.ts';
import { classifyStoreError, describeStoreError } from './store-errors.ts';
import { assertStoreIntact, backupBeforeMigration, DamagedStoreError, damagedStoreError } from './store-integrity.ts';

export interface RunRow {
  id: number;
  experiment_id: number;
  experiment_name: string;
  searcher: string;
  searcher_kind: string;
  seed: number;
  status: RunStatus;
  queue_position: number | null;
  budget: number;
  config_json: string;
  config_hash: string;
  app_version: string;
  ml_backend: string | null;
  device: string | null;
  benchmark_sha256: string | null;
  /** Checksum of the benchmark's content (agent runs; decides the sample label). */
  benchmark_content_sha256: string | null;
  /** Agent runs: 'in-sample' or 'held-out'; null for other searchers. */
  agent_sample: SampleLabel | null;
  /** The run's benchmark (from its config). */
  benchmark: string;
  queries: number;
  best_valid: number | null;
  best_test: number | null;
  best_hash: string | null;
  best_arch: string | null;
  best_query: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  owner: string | null;
  heartbeat_at: number | null;
  /** Claims so far: the current (or last) attempt's number. */
  attempt: number;
  /** When the owner's lease ends unless renewed (ms since the epoch). */
  lease_expires_at: number | null;
  /** The run this one waits for: it is not started before that run succeeded, and fails when that run fails. */
  depends_on: number | null;
  /** PostgreSQL stores only: the content checksums of the run's benchmarks, in its config's order (lab workers match them). */
  benchmark_checksums?: string[] | null;
}

export interface ExperimentRow {
  id: number;
  name: string;
  config_json: string;
  config_hash: string;
  created_at: string;
}

/** What an analysis_cache row holds: a benchmark's landscape (subject: content checksum) or an agent's latent map (subject: agent id). */
export type AnalysisKind = 'landscape' | 'agent-map';

export interface BenchmarkRow {
  id: number;
  name: string;
  kind: string;
  space: string;
  size: number;
  source_path: string;
  source_sha256: string;
  data_path: string;
  best_valid: number | null;
  best_test: number | null;
  /**
   * The dataset the results were trained on (NB201 API names for NB201) and their training
   * epochs; null where the source does not say. Rows read from the store always have both;
   * a row being inserted may leave them out.
   */
  dataset?: string | null;
  epochs?: number | null;
  created_at: string;
}

/** Which of a run's evaluated architectures: from a query on (at most `limit`), or the best `top`. */
export interface ArchitectureQuery {
  fromQuery?: number;
  limit?: number;
  top?: number;
}

/** One evaluated architecture as a run's log records it. */
export interface EvaluatedRow {
  query: number;
  hash: string;
  arch: unknown;
  valid: number;
  test: number;
}

export interface RunAttemptRow {
  attempt: number;
  owner: string;
  started_at: string;
  ended_at: string | null;
  outcome: string | null;
}

export interface AgentRow {
  id: number;
  name: string;
  run_id: number | null;
  experiment_id: number | null;
  benchmark: string;
  space: string;
  preset: string;
  checkpoint_path: string;
  hyper_json: string;
  env_steps: number;
  learner_steps: number;
  ml_backend: string | null;
  /** The hashes of the cells training queried, per benchmark (JSON file beside the checkpoint). */
  visited_path: string | null;
  created_at: string;
}

/** One benchmark an agent was trained on. */
export interface AgentTrainingRow {
  agent_id: number;
  position: number;
  benchmark: string;
  content_sha256: string;
  cells_queried: number | null;
}

export interface StoredEvent {
  seq: number;
  t: number;
  type: string;
  data: unknown;
}

export interface NewEvent {
  type: string;
  data: unknown;
  t?: number;
}

/** Summary columns a batch of events moves forward. */
export interface RunProgress {
  queries?: number;
  /** `query` where known; without it a changed best clears the stored query rather than keep a stale one. */
  best?: { valid: number; test: number; hash: string; arch: unknown; query?: number };
}

export interface NewRun {
  config: RunConfig;
  configHash: string;
  appVersion: string;
  benchmarkSha256: string | null;
  benchmarkContentSha256?: string | null;
  agentSample?: SampleLabel | null;
  /** The position, in the same insert, of the run this one waits for. */
  dependsOn?: number | null;
  /**
   * The content checksum of every benchmark the run needs (a lab worker claims only runs whose
   * tables it holds). Kept by the PostgreSQL store; the embedded store's one machine holds them all.
   */
  benchmarkChecksums?: string[];
}

/** A queued run that may start now: it waits for no run, or for one that succeeded. */
const CLAIMABLE = `status = 'queued' AND (depends_on IS NULL OR (SELECT d.status FROM runs d WHERE d.id = runs.depends_on) = 'succeeded')`;

const RUN_SELECT = `SELECT runs.*, experiments.name AS experiment_name, json_extract(runs.config_json, '$.benchmark') AS benchmark
  FROM runs JOIN experiments ON experiments.id = runs.experiment_id`;

export function nowIso(): string {
  return new Date().toISOString();
}

export function toRunSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    experimentName: row.experiment_name,
    searcher: row.searcher,
    searcherKind: row.searcher_kind,
    seed: row.seed,
    benchmark: row.benchmark,
    sample: row.agent_sample,
    status: row.status,
    queuePosition: row.queue_position,
    ...(row.depends_on !== null ? { waitsFor: row.depends_on } : {}),
    queries: row.queries,
    budget: row.budget,
    bestValid: row.best_valid,
    bestTest: row.best_test,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

export function toBenchmarkInfo(row: BenchmarkRow): BenchmarkInfo {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    space: row.space,
    size: row.size,
    sourcePath: row.source_path,
    sourceSha256: row.source_sha256,
    bestValid: row.best_valid,
    bestTest: row.best_test,
    ...(row.dataset != null ? { dataset: row.dataset } : {}),
    ...(row.epochs != null ? { epochs: row.epochs } : {}),
    createdAt: row.created_at,
  };
}

export class Store {
  readonly db: DatabaseSync;
  /** The database file (run processes open it for caches such as live results). */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    this.db = new DatabaseSync(path);
    try {
      // synchronous=FULL: a commit is on disk when it returns, also across a power loss (measured
      // in test/bench/store-durability.ts). The busy timeout stays far below the run lease.
      this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;`);
      assertStoreIntact(this.db, path);
    } catch (error) {
      this.db.close();
      if (error instanceof DamagedStoreError || classifyStoreError(error) !== 'other') throw error;
      throw damagedStoreError(path, describeStoreError(error));
    }
    this.migrate();
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  get schemaVersion(): number {
    return (this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    const newest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (current > newest) {
      throw new Error(`this database has schema version ${current}, newer than this archwalk understands (${newest}); update archwalk or use another ARCHWALK_HOME`);
    }
    if (current === newest) return;
    // An existing database is copied first (not a new, empty one): a failed or regretted upgrade can go back.
    if (current > 0) backupBeforeMigration(this.db, this.path, newest);
    for (const migration of MIGRATIONS) {
      this.transaction(() => {
        // Read again under the write lock: another process may have migrated meanwhile.
        if (migration.version <= this.schemaVersion) return;
        this.db.exec(migration.sql);
        this.db.exec(`PRAGMA user_version = ${migration.version}`);
      });
    }
  }

  /** Runs `fn` in an IMMEDIATE transaction (takes the write lock up front, so concurrent writers queue). */
  transaction<T>(fn: () => T): T {
    // A nested call joins the open transaction: callers compose store writes into one commit.
    if (this.db.isTransaction) return fn();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      // SQLite has already rolled back after some errors (a full disk, a busy commit): a second
      // ROLLBACK would fail and hide the real error.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  // ── benchmarks ────────────────────────────────────────────────────────────

  insertBenchmark(row: Omit<BenchmarkRow, 'id' | 'created_at'>): BenchmarkRow {
    // Written and read back in one transaction: a row that cannot be read is never left behind.
    return this.transaction(() => {
      const result = this.db
        .prepare(
          `INSERT INTO benchmarks (name, kind, space, size, source_path, source_sha256, data_path, best_valid, best_test, dataset, epochs, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(row.name, row.kind, row.space, row.size, row.source_path, row.source_sha256, row.data_path, row.best_valid, row.best_test, row.dataset ?? null, row.epochs ?? null, nowIso());
      return this.getBenchmarkById(Number(result.lastInsertRowid))!;
    });
  }

  getBenchmarkById(id: number): BenchmarkRow | undefined {
    return this.db.prepare('SELECT * FROM benchmarks WHERE id = ?').get(id) as BenchmarkRow | undefined;
  }

  getBenchmark(name: string): BenchmarkRow | undefined {
    return this.db.prepare('SELECT * FROM benchmarks WHERE name = ?').get(name) as BenchmarkRow | undefined;
  }

  listBenchmarks(): BenchmarkRow[] {
    return this.db.prepare('SELECT * FROM benchmarks ORDER BY name').all() as unknown as BenchmarkRow[];
  }

  // ── experiments and runs ──────────────────────────────────────────────────

  /** The experiment and all its runs, queued at the end of the queue, or nothing. */
  insertExperiment(config: ExperimentConfig, configHash: string, runs: NewRun[]): number {
    return this.transaction(() => {
      const created = nowIso();
      const experimentId = Number(
        this.db
          .prepare('INSERT INTO experiments (name, config_json, config_hash, created_at) VALUES (?, ?, ?, ?)')
          .run(config.name, JSON.stringify(config), configHash, created).lastInsertRowid,
      );
      let position = this.nextQueuePosition();
      const insert = this.db.prepare(
        `INSERT INTO runs (experiment_id, searcher, searcher_kind, seed, status, queue_position, budget, config_json, config_hash,
                           app_version, benchmark_sha256, benchmark_content_sha256, agent_sample, depends_on, created_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const ids: number[] = [];
      for (const [i, run] of runs.entries()) {
        const c = run.config;
        const dependsOn = run.dependsOn ?? null;
        if (dependsOn !== null && !(dependsOn < i)) throw new Error(`run ${i} of the experiment waits for run ${dependsOn}, which does not come before it`);
        ids.push(Number(insert.run(experimentId, runLabel(c), c.kind === 'search' ? c.searcher.kind : 'train-agent', c.seed, position++, c.kind === 'search' ? c.budget : 0,
          JSON.stringify(run.config), run.configHash, run.appVersion, run.benchmarkSha256, run.benchmarkContentSha256 ?? null, run.agentSample ?? null,
          dependsOn === null ? null : ids[dependsOn]!, created).lastInsertRowid));
      }
      return experimentId;
    });
  }

  private nextQueuePosition(): number {
    const row = this.db.prepare('SELECT COALESCE(MAX(queue_position), 0) + 1 AS next FROM runs').get() as { next: number };
    return row.next;
  }

  getExperiment(id: number): ExperimentRow | undefined {
    return this.db.prepare('SELECT * FROM experiments WHERE id = ?').get(id) as ExperimentRow | undefined;
  }

  listExperiments(): ExperimentRow[] {
    return this.db.prepare('SELECT * FROM experiments ORDER BY id DESC').all() as unknown as ExperimentRow[];
  }

  deleteExperiment(id: number): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM run_events WHERE run_id IN (SELECT id FROM runs WHERE experiment_id = ?)').run(id);
      this.db.prepare('DELETE FROM runs WHERE experiment_id = ?').run(id);
      this.db.prepare('DELETE FROM experiments WHERE id = ?').run(id);
    });
  }

  getRun(id: number): RunRow | undefined {
    return this.db.prepare(`${RUN_SELECT} WHERE runs.id = ?`).get(id) as RunRow | undefined;
  }

  listRuns(filter: { experimentId?: number; statuses?: readonly RunStatus[] } = {}): RunRow[] {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (filter.experimentId !== undefined) {
      where.push('runs.experiment_id = ?');
      params.push(filter.experimentId);
    }
    if (filter.statuses) {
      where.push(`runs.status IN (${filter.statuses.map(() => '?').join(', ')})`);
      params.push(...filter.statuses);
    }
    const sql = `${RUN_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY COALESCE(runs.queue_position, 1e18), runs.id`;
    return this.db.prepare(sql).all(...params) as unknown as RunRow[];
  }

  /**
   * Atomically takes the first queued run (optionally of one experiment) for `owner`.
   * Safe across processes: the conditional UPDATE only succeeds for one claimant.
   */
  claimNextQueued(owner: string, experimentId?: number, leaseMs: number = DEFAULT_LEASE_MS): RunRow | null {
    return this.transaction(() => {
      const candidate = this.db
        .prepare(
          `SELECT id, status FROM runs WHERE ${CLAIMABLE} ${experimentId !== undefined ? 'AND experiment_id = ?' : ''}
           ORDER BY queue_position, id LIMIT 1`,
        )
        .get(...(experimentId !== undefined ? [experimentId] : [])) as { id: number; status: RunStatus } | undefined;
      if (!candidate) return null;
      const now = nowIso();
      this.db.prepare(`UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?), error = NULL WHERE id = ? AND status = 'queued'`).run(now, candidate.id);
      const attempt = beginAttempt(this.db, candidate.id, owner, leaseMs, now);
      this.appendEventRows(candidate.id, [{ type: 'status', data: { from: 'queued', to: 'running', reason: `claimed by ${owner} (attempt ${attempt})` } }]);
      return this.getRun(candidate.id)!;
    });
  }

  /** Whether a queued run (optionally of one experiment) could be claimed now; runs waiting for another run do not count. */
  hasClaimableQueued(experimentId?: number): boolean {
    const row = this.db
      .prepare(`SELECT 1 FROM runs WHERE ${CLAIMABLE} ${experimentId !== undefined ? 'AND experiment_id = ?' : ''} LIMIT 1`)
      .get(...(experimentId !== undefined ? [experimentId] : []));
    return row !== undefined;
  }

  /**
   * Moves a run from one of `from` to `to`, logging a status event. Returns false (and
   * changes nothing) when the run is not in one of `from`, so racing callers are safe.
   * With `lease`, the write is the attempt's: FencedError when that attempt no longer owns the
   * run. With `onlyIfLeaseExpired`, it changes nothing unless the run's lease has run out (a
   * sweep; `silentSince` also counts an owner that has not renewed since then).
   */
  transition(
    id: number,
    from: readonly RunStatus[],
    to: RunStatus,
    reason: string,
    fields: Partial<Pick<RunRow, 'error' | 'ml_backend' | 'device'>> = {},
    guard: { lease?: RunLease; onlyIfLeaseExpired?: { silentSince?: number } } = {},
  ): boolean {
    return this.transaction(() => {
      // The lease check reads the status with the holder; without a lease, read it alone.
      const status = guard.lease
        ? assertLeaseHeld(this.db, guard.lease)
        : (this.db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: RunStatus } | undefined)?.status;
      if (status === undefined || !from.includes(status)) return false;
      if (guard.onlyIfLeaseExpired && !leaseExpired(this.db, id, guard.onlyIfLeaseExpired.silentSince)) return false;
      const finished = ['succeeded', 'failed', 'cancelled', 'interrupted'].includes(to);
      const queued = to === 'queued';
      // Leaving running/paused ends the attempt; its owner (cleared below) can write no more.
      if ((status === 'running' || status === 'paused') && (finished || queued)) endAttempt(this.db, id, to, nowIso());
      this.db
        .prepare(
          `UPDATE runs SET status = ?, error = ?, ml_backend = COALESCE(?, ml_backend), device = COALESCE(?, device),
             finished_at = ?, owner = CASE WHEN ? THEN NULL ELSE owner END,
             queue_position = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE queue_position END
           WHERE id = ?`,
        )
        .run(to, fields.error ?? null, fields.ml_backend ?? null, fields.device ?? null, finished ? nowIso() : null,
          finished || queued ? 1 : 0, queued ? 1 : 0, this.nextQueuePosition(), finished ? 1 : 0, id);
      this.appendEventRows(id, [{ type: 'status', data: { from: status, to, reason } }]);
      if (to === 'failed' || to === 'cancelled') this.failDependents(id, to, fields.error ?? reason);
      return true;
    });
  }

  /** Runs waiting for a run that failed or was cancelled can never start: they fail too, saying why (and so do theirs). */
  private failDependents(id: number, outcome: 'failed' | 'cancelled', why: string): void {
    const waiting = this.db.prepare(`SELECT id FROM runs WHERE depends_on = ? AND status = 'queued'`).all(id) as { id: number }[];
    if (waiting.length === 0) return;
    const label = (this.db.prepare('SELECT searcher FROM runs WHERE id = ?').get(id) as { searcher: string }).searcher;
    const error = `this run waits for run ${id} (${label}), which ${outcome === 'failed' ? 'failed' : 'was cancelled'}: ${why.split('\n')[0]!.slice(0, 300)}`;
    const fail = this.db.prepare(`UPDATE runs SET status = 'failed', error = ?, finished_at = ?, queue_position = NULL WHERE id = ? AND status = 'queued'`);
    for (const dependent of waiting) {
      fail.run(error, nowIso(), dependent.id);
      this.appendEventRows(dependent.id, [{ type: 'status', data: { from: 'queued', to: 'failed', reason: error } }]);
      this.failDependents(dependent.id, 'failed', error);
    }
  }

  /**
   * The runs that failed only because they waited for run `id` (failDependents), queued again
   * now that `id` is queued again, and theirs in turn. Returns their ids. A dependent failed
   * for any other reason, or since moved on, stays as it is.
   */
  reviveDependents(id: number): number[] {
    return this.transaction(() => {
      const revived: number[] = [];
      const status = (this.db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: RunStatus } | undefined)?.status;
      if (status !== 'queued') return revived;
      const revive = (waitedFor: number): void => {
        const prefix = `this run waits for run ${waitedFor} (`;
        const failed = this.db
          .prepare(`SELECT id FROM runs WHERE depends_on = ? AND status = 'failed' AND substr(error, 1, ?) = ? ORDER BY id`)
          .all(waitedFor, prefix.length, prefix) as { id: number }[];
        for (const dependent of failed) {
          this.db.prepare(`UPDATE runs SET status = 'queued', error = NULL, finished_at = NULL, queue_position = ? WHERE id = ?`).run(this.nextQueuePosition(), dependent.id);
          this.appendEventRows(dependent.id, [{ type: 'status', data: { from: 'failed', to: 'queued', reason: `run ${waitedFor}, which this run waits for, was queued again` } }]);
          revived.push(dependent.id);
          revive(dependent.id);
        }
      };
      revive(id);
      return revived;
    });
  }

  /**
   * Moves a queued run within the queue: to the top, the bottom, or one place up or down.
   * Returns false when the run is not queued.
   */
  moveQueued(id: number, where: 'top' | 'bottom' | 'up' | 'down'): boolean {
    return this.transaction(() => {
      const queued = this.db.prepare(`SELECT id, queue_position FROM runs WHERE status = 'queued' ORDER BY queue_position, id`).all() as { id: number; queue_position: number }[];
      const index = queued.findIndex((r) => r.id === id);
      if (index < 0) return false;
      const [moved] = queued.splice(index, 1);
      const target = where === 'top' ? 0 : where === 'bottom' ? queued.length : where === 'up' ? Math.max(0, index - 1) : Math.min(queued.length, index + 1);
      queued.splice(target, 0, moved!);
      // Renumber the queued runs in their new order, keeping them before any later additions.
      const first = Math.min(...queued.map((r) => r.queue_position));
      const update = this.db.prepare('UPDATE runs SET queue_position = ? WHERE id = ?');
      queued.forEach((r, i) => update.run(first + i, r.id));
      return true;
    });
  }

  /**
   * Appends events and moves the run's summary columns forward, in one transaction, as the
   * lease's attempt: FencedError (nothing written) when that attempt no longer owns the run.
   */
  appendEvents(lease: RunLease, events: NewEvent[], progress: RunProgress = {}): void {
    if (events.length === 0 && progress.queries === undefined && !progress.best) return;
    const runId = lease.runId;
    this.writeAsAttempt(lease, () => {
      this.appendEventRows(runId, events);
      if (progress.queries !== undefined) this.db.prepare('UPDATE runs SET queries = MAX(queries, ?) WHERE id = ?').run(progress.queries, runId);
      if (progress.best) {
        this.db
          .prepare(
            `UPDATE runs SET best_valid = ?, best_test = ?, best_hash = ?, best_arch = ?,
               best_query = CASE WHEN ? IS NOT NULL THEN ? WHEN best_hash = ? THEN best_query ELSE NULL END
             WHERE id = ?`,
          )
          .run(progress.best.valid, progress.best.test, progress.best.hash, JSON.stringify(progress.best.arch),
            progress.best.query ?? null, progress.best.query ?? null, progress.best.hash, runId);
      }
    });
  }

  private appendEventRows(runId: number, events: NewEvent[]): void {
    if (events.length === 0) return;
    const last = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM run_events WHERE run_id = ?').get(runId) as { seq: number };
    const insert = this.db.prepare('INSERT INTO run_events (run_id, seq, t, type, data) VALUES (?, ?, ?, ?, ?)');
    let seq = last.seq;
    for (const event of events) insert.run(runId, ++seq, event.t ?? Date.now(), event.type, JSON.stringify(event.data));
  }

  /** Every attempt of the run (each claim), oldest first. */
  attempts(runId: number): RunAttemptRow[] {
    return this.db.prepare('SELECT attempt, owner, started_at, ended_at, outcome FROM run_attempts WHERE run_id = ? ORDER BY attempt').all(runId) as unknown as RunAttemptRow[];
  }

  events(runId: number, options: { type?: string; afterSeq?: number; lastN?: number } = {}): StoredEvent[] {
    const params: SQLInputValue[] = [runId, options.afterSeq ?? 0];
    let sql = 'SELECT seq, t, type, data FROM run_events WHERE run_id = ? AND seq > ?';
    if (options.type) {
      sql += ' AND type = ?';
      params.push(options.type);
    }
    sql += options.lastN ? ' ORDER BY seq DESC LIMIT ?' : ' ORDER BY seq';
    if (options.lastN) params.push(options.lastN);
    const rows = this.db.prepare(sql).all(...params) as unknown as { seq: number; t: number; type: string; data: string }[];
    if (options.lastN) rows.reverse();
    return rows.map((r) => ({ seq: r.seq, t: r.t, type: r.type, data: JSON.parse(r.data) as unknown }));
  }

  /**
   * A run's evaluated architectures straight from the log: from a query on (at most `limit`),
   * or the best `top` by validation accuracy; the filtering and sorting happen in SQLite.
   */
  architectures(runId: number, options: ArchitectureQuery): EvaluatedRow[] {
    const base = `SELECT data FROM run_events WHERE run_id = ? AND type = 'architecture'`;
    const rows = (
      options.top !== undefined
        ? this.db.prepare(`${base} ORDER BY json_extract(data, '$.valid') DESC, seq LIMIT ?`).all(runId, Math.max(0, options.top))
        : this.db
            .prepare(`${base} AND json_extract(data, '$.query') >= ? ORDER BY seq LIMIT ?`)
            .all(runId, options.fromQuery ?? 0, options.limit === undefined ? -1 : Math.max(0, options.limit))
    ) as { data: string }[];
    return rows.map(({ data }) => {
      const e = JSON.parse(data) as { query: number; hash: string; arch: unknown; valid: number; test: number };
      return { query: e.query, hash: e.hash, arch: e.arch, valid: e.valid, test: e.test };
    });
  }

  /** Extends the leases this owner still holds, in one transaction; returns the ones it lost (their attempt is over). */
  renewLeases(leases: readonly RunLease[], leaseMs: number = DEFAULT_LEASE_MS): RunLease[] {
    if (leases.length === 0) return [];
    return this.transaction(() => renewLeaseRows(this.db, leases, leaseMs));
  }

  /**
   * Runs whose lease expired (their process died or froze) become interrupted, so they can be
   * resumed or cancelled; a process that wakes up later is fenced off. A sweeper renews its own
   * leases first. `silentSinceMs`: also runs whose owner has not renewed for that long, whatever
   * its lease says (an explicit override). `runId`: only that run.
   */
  expireLeases(options: { silentSinceMs?: number; runId?: number } = {}): number[] {
    const silentSince = options.silentSinceMs === undefined ? undefined : Date.now() - options.silentSinceMs;
    const candidates = options.runId !== undefined ? [options.runId] : expiredLeaseRunIds(this.db, silentSince);
    return candidates.filter((id) =>
      this.transition(id, ['running', 'paused'], 'interrupted', 'the process that ran it stopped renewing its lease (it died or froze)', {}, {
        onlyIfLeaseExpired: silentSince !== undefined ? { silentSince } : {},
      }),
    );
  }

  /** The ML backend recorded by the latest run that used one (searches without a model record 'none'). */
  lastMlBackend(): { backend: string; runId: number; at: string | null } | null {
    const row = this.db
      .prepare(`SELECT id, ml_backend, finished_at FROM runs WHERE ml_backend IS NOT NULL AND ml_backend != 'none' ORDER BY COALESCE(finished_at, started_at) DESC, id DESC LIMIT 1`)
      .get() as { id: number; ml_backend: string; finished_at: string | null } | undefined;
    return row ? { backend: row.ml_backend, runId: row.id, at: row.finished_at } : null;
  }

  // ── agents ────────────────────────────────────────────────────────────────

  /** Runs `fn` as a write of the lease's attempt, in one transaction: FencedError (nothing written) once that attempt no longer owns the run. */
  writeAsAttempt<T>(lease: RunLease, fn: () => T): T {
    return this.transaction(() => {
      assertLeaseHeld(this.db, lease);
      return fn();
    });
  }

  /** The agent and the benchmarks it was trained on, in one transaction. */
  insertAgent(row: Omit<AgentRow, 'id' | 'created_at' | 'visited_path'> & { visited_path?: string | null }, training: Omit<AgentTrainingRow, 'agent_id' | 'position'>[] = []): AgentRow {
    return this.transaction(() => {
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO agents (name, run_id, experiment_id, benchmark, space, preset, checkpoint_path, hyper_json, env_steps, learner_steps, ml_backend, visited_path, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(row.name, row.run_id, row.experiment_id, row.benchmark, row.space, row.preset, row.checkpoint_path, row.hyper_json, row.env_steps, row.learner_steps, row.ml_backend, row.visited_path ?? null, nowIso())
          .lastInsertRowid,
      );
      const insert = this.db.prepare('INSERT INTO agent_training (agent_id, position, benchmark, content_sha256, cells_queried) VALUES (?, ?, ?, ?, ?)');
      training.forEach((t, position) => insert.run(id, position, t.benchmark, t.content_sha256, t.cells_queried));
      return this.getAgent(row.name)!;
    });
  }

  /** The benchmarks an agent was trained on (empty for agents registered before archwalk recorded them). */
  /** Every agent's training rows, by agent then position (one read where all agents are listed). */
  allAgentTraining(): AgentTrainingRow[] {
    return this.db.prepare('SELECT * FROM agent_training ORDER BY agent_id, position').all() as unknown as AgentTrainingRow[];
  }

  agentTraining(agentId: number): AgentTrainingRow[] {
    return this.db.prepare('SELECT * FROM agent_training WHERE agent_id = ? ORDER BY position').all(agentId) as unknown as AgentTrainingRow[];
  }

  getAgent(name: string): AgentRow | undefined {
    return this.db.prepare('SELECT * FROM agents WHERE name = ?').get(name) as AgentRow | undefined;
  }

  getAgentById(id: number): AgentRow | undefined {
    return this.db.prepare('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
  }

  listAgents(): AgentRow[] {
    return this.db.prepare('SELECT * FROM agents ORDER BY id DESC').all() as unknown as AgentRow[];
  }

  // ── live results ──────────────────────────────────────────────────────────
  // Written by run processes (services/live-result-store.ts); read here for summaries.

  /**
   * How many cells of at most `maxVertices` vertices a recipe has results for, and the best of
   * them by validation accuracy (mean over its seeds). Live benchmarks that share a recipe share
   * results; the vertex limit keeps a restricted one's summary to its own space.
   */
  liveResultSummary(recipeKey: string, maxVertices: number): { cells: number; bestValid: number | null; bestTest: number | null } {
    const row = this.db
      .prepare(
        `WITH per_cell AS (
           SELECT hash, AVG(json_extract(outcome_json, '$.final.validation')) AS valid, AVG(json_extract(outcome_json, '$.final.test')) AS test
             FROM live_results WHERE recipe_key = ? AND json_array_length(cell_json, '$.ops') <= ? GROUP BY hash)
         SELECT (SELECT COUNT(*) FROM per_cell) AS cells, best.valid AS best_valid, best.test AS best_test
           FROM (SELECT 1) LEFT JOIN (SELECT valid, test FROM per_cell ORDER BY valid DESC LIMIT 1) AS best ON 1`,
      )
      .get(recipeKey, maxVertices) as { cells: number; best_valid: number | null; best_test: number | null };
    return { cells: row.cells, bestValid: row.best_valid, bestTest: row.best_test };
  }

  // ── settings ──────────────────────────────────────────────────────────────

  getSetting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** A cached analysis result (JSON text) and when it was computed; undefined when none is stored. */
  getAnalysis(kind: AnalysisKind, subject: string, paramsHash: string): { resultJson: string; createdAt: string } | undefined {
    const row = this.db
      .prepare('SELECT result_json, created_at FROM analysis_cache WHERE kind = ? AND subject = ? AND params_hash = ?')
      .get(kind, subject, paramsHash) as { result_json: string; created_at: string } | undefined;
    return row && { resultJson: row.result_json, createdAt: row.created_at };
  }

  putAnalysis(entry: { kind: AnalysisKind; subject: string; paramsHash: string; paramsJson: string; resultJson: string; appVersion: string; createdAt: string }): void {
    this.db
      .prepare('INSERT OR REPLACE INTO analysis_cache (kind, subject, params_hash, params_json, result_json, app_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.kind, entry.subject, entry.paramsHash, entry.paramsJson, entry.resultJson, entry.appVersion, entry.createdAt);
  }

  /** How many analyses are stored (tests and diagnostics). */
  countAnalyses(kind: AnalysisKind): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM analysis_cache WHERE kind = ?').get(kind) as { n: number }).n;
  }
}

