/**
 * The versioned message protocol between the services (parent) and a run process.
 *
 * The same messages travel over Electron's utilityProcess port and over Node's
 * child_process IPC channel, so everything here is plain JSON.
 */
import type { RunConfig } from './config.ts';
import type { AgentMap, AgentMapParams } from './agent-map.ts';
import type { LandscapeAnalysis, LandscapeParams } from './landscape.ts';

export const WORKER_PROTOCOL_VERSION = 1;

/** What the run process needs to open its benchmark (it touches the store only for a live benchmark's result cache). */
export interface BenchmarkHandle {
  name: string;
  kind: string;
  /** Absolute path of the benchmark's data file under ARCHWALK_HOME. */
  dataPath: string;
  /** The store's database file, for benchmarks that cache results there (kind `live`). */
  cachePath?: string;
}

/** Where a resumed run picks up: the deterministic replay must hit the same hash. */
export interface ResumePoint {
  queries: number;
  lastHash: string | null;
}

export interface StartMessage {
  type: 'start';
  version: number;
  runId: number;
  config: RunConfig;
  benchmark: BenchmarkHandle;
  /** Training on several benchmarks of one space: all of them, `benchmark` first. */
  benchmarks?: BenchmarkHandle[];
  resume: ResumePoint | null;
  /** Training runs: the run's checkpoint file (resumed from when it exists). */
  checkpointPath: string | null;
  /** Agent searchers: the trained agent's checkpoint file. */
  agentCheckpoint: string | null;
  /** Milliseconds between heartbeats the parent expects. */
  heartbeatMs: number;
}

/**
 * Instead of a run: compute one benchmark's landscape analysis (the same process entry, so the
 * app's utilityProcess and the fork launcher serve it), reporting `progress` (unit: the part
 * being computed) and ending with `analysis` or `failed`.
 */
export interface AnalyseMessage {
  type: 'analyse';
  version: number;
  benchmark: BenchmarkHandle;
  params: LandscapeParams;
  heartbeatMs: number;
}

/**
 * Instead of a run: compute a trained agent's latent map over `benchmark` (its training table),
 * with the cells of its search runs there as trajectories; progress like `analyse`, ending with
 * `agent-map` or `failed`.
 */
export interface MapAgentMessage {
  type: 'map-agent';
  version: number;
  benchmark: BenchmarkHandle;
  checkpointPath: string;
  trajectories: { runId: number; seed: number; archs: unknown[] }[];
  params: AgentMapParams;
  heartbeatMs: number;
}

export type ToWorker =
  | StartMessage
  | AnalyseMessage
  | MapAgentMessage
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop'; reason: string };

/**
 * How far a query that trains a network has got (live benchmarks). The library reports the same
 * fields (nas/benchmarks/types.ts QueryProgress); the run process forwards them, so the compiler
 * checks that the two agree there (worker/search-job.ts).
 */
export interface QueryProgressFields {
  hash: string;
  seed: number;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
}

export type QueryProgressMessage = { type: 'query-progress'; query: number } & QueryProgressFields;

/** One evaluated architecture together with the run's incumbent after it. */
export interface ArchitectureEvent {
  type: 'architecture';
  query: number;
  hash: string;
  arch: unknown;
  valid: number;
  test: number;
  incumbentValid: number;
  incumbentTest: number;
  incumbentHash: string;
  elapsedMs: number;
}

export type FromWorker =
  | { type: 'ready'; version: number; pid: number }
  | { type: 'heartbeat'; t: number }
  | { type: 'progress'; done: number; total: number; unit: string }
  | QueryProgressMessage
  | { type: 'metric'; name: string; step: number; value: number }
  | ArchitectureEvent
  | { type: 'checkpoint'; path: string; step: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'done'; summary: RunResultSummary }
  | { type: 'analysis'; analysis: LandscapeAnalysis }
  | { type: 'agent-map'; map: AgentMap }
  | { type: 'failed'; error: string };

export interface RunResultSummary {
  queries: number;
  bestHash: string | null;
  bestArch: unknown;
  bestValid: number | null;
  bestTest: number | null;
  mlBackend: string | null;
  stopped: boolean;
  /** Training runs: what was trained, for the agent registry. */
  training?: TrainingSummary;
}

export interface TrainingSummary {
  envSteps: number;
  learnerSteps: number;
  checkpointPath: string;
  /** The file listing the cells training queried on each benchmark. */
  visitedPath?: string;
  /** Distinct cells training queried, per benchmark name. */
  cellsQueried?: Record<string, number>;
}

// A record over the union's tags, so a message type added to FromWorker without being listed
// here is a compile error rather than a message silently dropped at runtime.
const WORKER_EVENT_TYPES: Record<FromWorker['type'], true> = {
  ready: true, heartbeat: true, progress: true, 'query-progress': true, metric: true, architecture: true,
  checkpoint: true, log: true, paused: true, resumed: true, done: true, analysis: true, 'agent-map': true, failed: true,
};

/** Narrow an untrusted message from a run process; anything malformed is rejected. */
export function parseWorkerMessage(raw: unknown): FromWorker | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(WORKER_EVENT_TYPES, type)) return null;
  return raw as FromWorker;
}

const PARENT_MESSAGE_TYPES: Record<ToWorker['type'], true> = { start: true, analyse: true, 'map-agent': true, pause: true, resume: true, stop: true };

export function parseParentMessage(raw: unknown): ToWorker | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(PARENT_MESSAGE_TYPES, type)) return null;
  if ((type === 'start' || type === 'analyse' || type === 'map-agent') && (raw as { version?: unknown }).version !== WORKER_PROTOCOL_VERSION) return null;
  return raw as ToWorker;
}
