/**
 * The asynchronous store interface (store-api.ts) over the embedded SQLite store, unchanged:
 * each method calls the synchronous Store. SQLite lives on one machine, so its clock is the
 * store's clock, and its doorbell rings for writes made through this object only (other
 * processes on the machine are seen by reading events after a sequence number, as today).
 */
import { EventEmitter } from 'node:events';
import type { RunStatus } from '#shared/api.ts';
import type { ExperimentConfig } from '#shared/config.ts';
import { DEFAULT_LEASE_MS, expiredLeaseRunIds, type RunLease } from './run-lease.ts';
import { leaseExpiryOutcome, type AsyncStore, type ClaimFilter, type ClaimedRun, type EventBell, type TransitionGuard, type UnservedRun } from './store-api.ts';
import { UserError } from './user-error.ts';
import { Store, type AgentRow, type AgentTrainingRow, type ArchitectureQuery, type BenchmarkRow, type EvaluatedRow, type NewEvent, type NewRun, type RunAttemptRow, type RunProgress, type RunRow } from './store.ts';

export class SqliteAsyncStore implements AsyncStore {
  readonly backend = 'sqlite' as const;
  readonly redactedUrl: string;
  private readonly bell = new EventEmitter();

  readonly store: Store;

  constructor(store: Store) {
    this.store = store;
    this.redactedUrl = `sqlite:${store.path}`;
  }

  static open(path: string): SqliteAsyncStore {
    return new SqliteAsyncStore(new Store(path));
  }

  async close(): Promise<void> {
    this.bell.removeAllListeners();
    this.store.close();
  }

  async schemaVersion(): Promise<number> {
    return this.store.schemaVersion;
  }

  async now(): Promise<number> {
    return Date.now();
  }

  async insertBenchmark(row: Omit<BenchmarkRow, 'id' | 'created_at'>): Promise<BenchmarkRow> {
    return this.store.insertBenchmark(row);
  }

  async listBenchmarks(): Promise<BenchmarkRow[]> {
    return this.store.listBenchmarks();
  }

  async insertExperiment(config: ExperimentConfig, configHash: string, runs: NewRun[]): Promise<number> {
    return this.store.insertExperiment(config, configHash, runs);
  }

  async getExperiment(id: number) {
    return this.store.getExperiment(id);
  }

  async listExperiments() {
    return this.store.listExperiments();
  }

  async getRun(id: number): Promise<RunRow | undefined> {
    return this.store.getRun(id);
  }

  async listRuns(filter: { experimentId?: number; statuses?: readonly RunStatus[] } = {}): Promise<RunRow[]> {
    return this.store.listRuns(filter);
  }

  async claimNext(owner: string, options: { experimentId?: number; leaseMs?: number; filter?: ClaimFilter } = {}): Promise<ClaimedRun | null> {
    if (options.filter) throw noLabFilters();
    const run = this.store.claimNextQueued(owner, options.experimentId, options.leaseMs ?? DEFAULT_LEASE_MS);
    if (!run) return null;
    this.ring(run.id);
    return { run, lease: { runId: run.id, attempt: run.attempt, owner } };
  }

  async unservedRuns(_filter: ClaimFilter): Promise<UnservedRun[]> {
    throw noLabFilters();
  }

  async transition(id: number, from: readonly RunStatus[], to: RunStatus, reason: string,
    fields: Partial<Pick<RunRow, 'error' | 'ml_backend' | 'device'>> = {}, guard: TransitionGuard = {}): Promise<boolean> {
    const changed = this.store.transition(id, from, to, reason, fields, {
      ...(guard.lease ? { lease: guard.lease } : {}),
      ...(guard.onlyIfLeaseExpired ? { onlyIfLeaseExpired: {} } : {}),
    });
    if (changed) this.ring(id);
    return changed;
  }

  async appendEvents(lease: RunLease, events: NewEvent[], progress: RunProgress = {}): Promise<void> {
    this.store.appendEvents(lease, events, progress);
    if (events.length > 0) this.ring(lease.runId);
  }

  async events(runId: number, options: { type?: string; afterSeq?: number; lastN?: number } = {}) {
    return this.store.events(runId, options);
  }

  async attempts(runId: number): Promise<RunAttemptRow[]> {
    return this.store.attempts(runId);
  }

  async architectures(runId: number, options: ArchitectureQuery): Promise<EvaluatedRow[]> {
    return this.store.architectures(runId, options);
  }

  async renewLeases(leases: readonly RunLease[], leaseMs: number = DEFAULT_LEASE_MS): Promise<RunLease[]> {
    return this.store.renewLeases(leases, leaseMs);
  }

  async expireLeases(options: { maxAttempts?: number } = {}): Promise<number[]> {
    const { maxAttempts } = options;
    const expired = maxAttempts === undefined
      ? this.store.expireLeases()
      : expiredLeaseRunIds(this.store.db).filter((id) => {
          const { to, reason } = leaseExpiryOutcome(this.store.getRun(id)?.attempt ?? 0, maxAttempts);
          return this.store.transition(id, ['running', 'paused'], to, reason, {}, { onlyIfLeaseExpired: {} });
        });
    for (const id of expired) this.ring(id);
    return expired;
  }

  async insertAgent(row: Omit<AgentRow, 'id' | 'created_at' | 'visited_path'> & { visited_path?: string | null },
    training: Omit<AgentTrainingRow, 'agent_id' | 'position'>[] = [], lease?: RunLease): Promise<AgentRow> {
    return lease ? this.store.writeAsAttempt(lease, () => this.store.insertAgent(row, training)) : this.store.insertAgent(row, training);
  }

  async listAgents(): Promise<AgentRow[]> {
    return this.store.listAgents();
  }

  async getAgent(name: string): Promise<AgentRow | undefined> {
    return this.store.getAgent(name);
  }

  async agentTraining(agentId: number): Promise<AgentTrainingRow[]> {
    return this.store.agentTraining(agentId);
  }

  async allAgentTraining(): Promise<AgentTrainingRow[]> {
    return this.store.allAgentTraining();
  }

  async onEvents(listener: (bell: EventBell) => void): Promise<() => Promise<void>> {
    this.bell.on('events', listener);
    return async () => {
      this.bell.off('events', listener);
    };
  }

  private ring(runId: number): void {
    if (this.bell.listenerCount('events') === 0) return;
    const [last] = this.store.events(runId, { lastN: 1 });
    if (last) this.bell.emit('events', { runId, seq: last.seq } satisfies EventBell);
  }
}

/** The embedded store is one machine's: its queue is drained by that machine's scheduler, which takes every run. */
function noLabFilters(): UserError {
  return new UserError('worker tags and benchmark matching belong to a shared PostgreSQL store (archwalk worker --store postgres://…); the embedded SQLite store\'s queue is drained by its own machine, which takes every run');
}
