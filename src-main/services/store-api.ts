/**
 * The asynchronous store interface: what a scheduler or a worker on any machine needs from
 * the store that holds the queue. Two implementations: PostgreSQL (services/postgres/store.ts,
 * shared by many machines) and an adapter over the embedded SQLite store
 * (services/sqlite-async-store.ts). test/unit/store-api-contract.ts holds one suite for both.
 *
 * The contract (the same as run-lease.ts states for SQLite):
 * - claimNext takes the first claimable queued run; each claim is a new attempt, and two
 *   claimers never get the same run.
 * - every write of a run (events, progress, a transition with a lease) names its attempt and
 *   owner and changes nothing once another attempt exists or the attempt ended: FencedError.
 * - heartbeats and lease expiry use the STORE's clock (PostgreSQL's now(); for SQLite, one
 *   machine, its clock), never the writer's, so machines with skewed clocks agree.
 * - onEvents rings when a run has new events (PostgreSQL: LISTEN/NOTIFY across machines;
 *   SQLite: writes through the same store object). It is a doorbell: readers then read events
 *   after the last sequence number they saw, which is also the fallback when a ring is missed.
 */
import type { RunStatus } from '#shared/api.ts';
import type { ExperimentConfig } from '#shared/config.ts';
import type { RunLease } from './run-lease.ts';
import type { AgentRow, AgentTrainingRow, ArchitectureQuery, BenchmarkRow, EvaluatedRow, ExperimentRow, NewEvent, NewRun, RunAttemptRow, RunProgress, RunRow, StoredEvent } from './store.ts';

export type { RunLease } from './run-lease.ts';

/** A run this owner just claimed, with the lease every write of the run must name. */
export interface ClaimedRun {
  run: RunRow;
  lease: RunLease;
}

export interface TransitionGuard {
  /** Only as this attempt: FencedError when it no longer owns the run. */
  lease?: RunLease;
  /** Only if the run's lease has expired (on the store's clock), re-checked in the transition's transaction. */
  onlyIfLeaseExpired?: boolean;
}

/**
 * What a lab worker can serve: only runs whose required tags it has and whose benchmarks'
 * content checksums it holds (a run without recorded checksums is not claimed under a filter).
 */
export interface ClaimFilter {
  tags: readonly string[];
  checksums: readonly string[];
}

/** A queued run a worker with this filter cannot take, and why (shown by `archwalk worker`). */
export interface UnservedRun {
  runId: number;
  label: string;
  benchmarks: string[];
  missingTags: string[];
  /** Content checksums of needed tables this worker does not hold; null when the run records none. */
  missingChecksums: string[] | null;
}

/** Where a new event was written: a reader reads events after its last seen `seq`. */
export interface EventBell {
  runId: number;
  seq: number;
}

export interface AsyncStore {
  /** 'sqlite' or 'postgres': shown with each run's machine. */
  readonly backend: 'sqlite' | 'postgres';
  /** The store's URL with any password replaced. */
  readonly redactedUrl: string;
  close(): Promise<void>;
  schemaVersion(): Promise<number>;
  /** The store's clock in ms since the epoch (leases are compared against it). */
  now(): Promise<number>;

  insertBenchmark(row: Omit<BenchmarkRow, 'id' | 'created_at'>): Promise<BenchmarkRow>;
  listBenchmarks(): Promise<BenchmarkRow[]>;

  /** The experiment and all its runs queued at the end of the queue, or nothing. */
  insertExperiment(config: ExperimentConfig, configHash: string, runs: NewRun[]): Promise<number>;
  getExperiment(id: number): Promise<ExperimentRow | undefined>;
  listExperiments(): Promise<ExperimentRow[]>;
  getRun(id: number): Promise<RunRow | undefined>;
  listRuns(filter?: { experimentId?: number; statuses?: readonly RunStatus[] }): Promise<RunRow[]>;

  claimNext(owner: string, options?: { experimentId?: number; leaseMs?: number; filter?: ClaimFilter }): Promise<ClaimedRun | null>;
  /** Queued runs a worker with this filter cannot take, with what it lacks. */
  unservedRuns(filter: ClaimFilter): Promise<UnservedRun[]>;
  transition(id: number, from: readonly RunStatus[], to: RunStatus, reason: string,
    fields?: Partial<Pick<RunRow, 'error' | 'ml_backend' | 'device'>>, guard?: TransitionGuard): Promise<boolean>;
  appendEvents(lease: RunLease, events: NewEvent[], progress?: RunProgress): Promise<void>;
  events(runId: number, options?: { type?: string; afterSeq?: number; lastN?: number }): Promise<StoredEvent[]>;
  /** A run's attempts in order: who claimed it, when, and how each ended. */
  attempts(runId: number): Promise<RunAttemptRow[]>;
  /** A run's evaluated architectures from its log: from a query on (at most `limit`), or the best `top` by validation accuracy. */
  architectures(runId: number, options: ArchitectureQuery): Promise<EvaluatedRow[]>;
  /** Extends the leases still held (on the store's clock); returns those that were not. */
  renewLeases(leases: readonly RunLease[], leaseMs?: number): Promise<RunLease[]>;
  /**
   * Running or paused runs whose lease expired (their worker died, froze or lost the store):
   * back to the queue while their attempt is below `maxAttempts` (the next claim resumes them as
   * a new attempt), else interrupted (without `maxAttempts`: always interrupted, as the SQLite
   * scheduler does today). Returns their ids.
   */
  expireLeases(options?: { maxAttempts?: number }): Promise<number[]>;

  /** With `lease`: registered as that attempt (FencedError, nothing written, once another attempt holds the run). */
  insertAgent(row: Omit<AgentRow, 'id' | 'created_at' | 'visited_path'> & { visited_path?: string | null },
    training?: Omit<AgentTrainingRow, 'agent_id' | 'position'>[], lease?: RunLease): Promise<AgentRow>;
  listAgents(): Promise<AgentRow[]>;
  getAgent(name: string): Promise<AgentRow | undefined>;
  /** What an agent was trained on, in order. */
  agentTraining(agentId: number): Promise<AgentTrainingRow[]>;
  /** Every agent's training rows, by agent then position. */
  allAgentTraining(): Promise<AgentTrainingRow[]>;

  /** Rings `listener` for every committed batch of events; resolves once listening, returns the way to stop. */
  onEvents(listener: (bell: EventBell) => void): Promise<() => Promise<void>>;
}

/** What an expired lease does to its run: queued again while attempts remain, else interrupted; and why. */
export function leaseExpiryOutcome(attempt: number, maxAttempts: number | undefined): { to: 'queued' | 'interrupted'; reason: string } {
  const why = 'the process that ran it stopped renewing its lease (it died or froze)';
  return maxAttempts !== undefined && attempt < maxAttempts
    ? { to: 'queued', reason: `${why}; attempt ${attempt} of at most ${maxAttempts}, queued again` }
    : { to: 'interrupted', reason: why };
}
