/**
 * The one contract between the renderer and the services. Implemented by the
 * Electron preload bridge (IPC) and by the WebSocket client of `archwalk serve`;
 * the renderer only ever sees this interface.
 */
import type { AgentMapParams, AgentMapResult } from './agent-map.ts';
import type { AccuracyScale } from './benchmark-kinds.ts';
import type { ExperimentConfig, ExperimentKind, RunConfig } from './config.ts';
import type { BenchmarkAnalysis, LandscapeParams } from './landscape.ts';
import type { SampleLabel, TrainedOn } from './sample-label.ts';
import type { ValidationIssue } from './schema.ts';
import type { SweepResults } from './sweep-results.ts';
import type { QueryProgressMessage } from './worker-protocol.ts';

/** A live benchmark's training of one query's cell, as the run view shows it. */
export type QueryProgress = Omit<QueryProgressMessage, 'type'>;

export const API_VERSION = 1;

export const RUN_STATUSES = ['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINISHED_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export interface BenchmarkInfo {
  id: number;
  name: string;
  kind: string;
  space: string;
  size: number;
  sourcePath: string;
  sourceSha256: string;
  bestValid: number | null;
  bestTest: number | null;
  /**
   * The dataset the results were trained on, where recorded (NB201 tables use the NB201 API's
   * names: cifar10-valid, cifar10, cifar100, ImageNet16-120).
   */
  dataset?: string;
  /** Training epochs of the results, where recorded. */
  epochs?: number;
  createdAt: string;
  /** Live benchmarks: cells trained so far under the benchmark's recipe (best* are over those). */
  trained?: number;
}

export interface RunSummary {
  id: number;
  experimentId: number;
  experimentName: string;
  searcher: string;
  searcherKind: string;
  seed: number;
  /** The benchmark this run searched or trained on (its first one for multi-benchmark training). */
  benchmark: string;
  /** Agent searches: whether the agent was trained on this very table (`in-sample`) or not; null for other runs. */
  sample?: SampleLabel | null;
  status: RunStatus;
  queuePosition: number | null;
  /** The run this one waits for (a sweep's evaluation waits for its agent's training run); absent when none. */
  waitsFor?: number | null;
  queries: number;
  budget: number;
  bestValid: number | null;
  bestTest: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface ExperimentSummary {
  id: number;
  kind: ExperimentKind;
  name: string;
  benchmark: string;
  /** Every benchmark it runs on (one unless the config named several). */
  benchmarks: string[];
  searchers: string[];
  budget: number;
  status: 'queued' | 'running' | 'paused' | 'finished' | 'failed';
  runCounts: Partial<Record<RunStatus, number>>;
  totalRuns: number;
  queries: number;
  totalQueries: number;
  bestValid: number | null;
  bestTest: number | null;
  /** Where the best came from: an agent run's label (in-sample numbers are never shown bare), and its benchmark. */
  bestSample?: SampleLabel | null;
  bestBenchmark?: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface Provenance {
  seed: number;
  configHash: string;
  appVersion: string;
  mlBackend: string | null;
  device: string | null;
  benchmarkSha256: string | null;
}

/** One point of an incumbent curve: [query, incumbent validation acc., incumbent test acc.]. */
export type CurvePoint = [number, number, number];

export interface EvaluatedArchitecture {
  query: number;
  hash: string;
  arch: unknown;
  valid: number;
  test: number;
}

/** An architecture evaluated by one of an experiment's runs (getExperimentArchitectures). */
export interface ExperimentArchitecture extends EvaluatedArchitecture {
  runId: number;
}

/**
 * Each distinct architecture (by hash) once, at its best evaluation (ties: the earlier run, then
 * the earlier query), best validation accuracy first: the same cell found by many runs is one
 * architecture of the experiment, not many.
 */
export function distinctArchitectures(evaluated: readonly ExperimentArchitecture[]): ExperimentArchitecture[] {
  const byHash = new Map<string, ExperimentArchitecture>();
  for (const a of evaluated) {
    const held = byHash.get(a.hash);
    if (!held || a.valid > held.valid || (a.valid === held.valid && (a.runId < held.runId || (a.runId === held.runId && a.query < held.query)))) byHash.set(a.hash, a);
  }
  return [...byHash.values()].sort((a, b) => b.valid - a.valid || a.runId - b.runId || a.query - b.query);
}

export interface AgentInfo {
  id: number;
  name: string;
  benchmark: string;
  space: string;
  preset: string;
  runId: number | null;
  experimentId: number | null;
  envSteps: number;
  learnerSteps: number;
  mlBackend: string | null;
  createdAt: string;
  /** The benchmarks it was trained on, by content checksum, and how many distinct cells training queried on each. */
  trainedOn: TrainedOn[];
  /** Against every registered table of its space: how hard a transfer to it is. */
  transfer: TransferStat[];
}

/**
 * How far a target table is from an agent's training tables: Spearman's ρ of validation
 * accuracy over the cells they share (per training table), and the fraction of the target's
 * top 1 % cells that training queried (on any training table).
 */
export interface TransferStat {
  agent: string;
  target: string;
  sample: SampleLabel;
  spearman: { source: string; rho: number | null }[];
  /** Cells in the target's top 1 % (ties included) and how many of them training visited. */
  topCells: number;
  topVisited: number | null;
}

/** A training metric's series: [step, value] pairs in step order. */
export type MetricSeries = [number, number][];

/**
 * One claim of a run by a scheduler process: which machine and process ran it, when, and how
 * it ended (a run that was taken over or resumed has several).
 */
export interface RunAttempt {
  attempt: number;
  /** The claiming process's id: `HOST:PID:NONCE`. */
  owner: string;
  /** The machine's host name, read from `owner`. */
  host: string;
  startedAt: string;
  endedAt: string | null;
  /** The status the attempt left the run in (null while it runs). */
  outcome: string | null;
}

/** The host name in a scheduler's owner id `HOST:PID:NONCE` (a host name holds no colon; an id of another shape is its own host). */
export function ownerHost(owner: string): string {
  const parts = owner.split(':');
  return parts.length >= 3 ? parts.slice(0, -2).join(':') : owner;
}

export interface RunDetail {
  run: RunSummary;
  config: RunConfig;
  provenance: Provenance;
  /** Every claim of the run, oldest first: the machine each ran on. */
  attempts: RunAttempt[];
  curve: CurvePoint[];
  /** Training runs: every streamed metric by name (episode_return, loss, mean_q, …). */
  metrics: Record<string, MetricSeries>;
  best: EvaluatedArchitecture | null;
  logTail: string[];
}

export interface ExperimentDetail {
  experiment: ExperimentSummary;
  config: ExperimentConfig;
  configHash: string;
  runs: RunSummary[];
}

/**
 * Whether the serving process can write its store. Anything but 'ok' holds its queue (no run
 * starts, running runs wait between queries) while it retries by itself: 'busy' another
 * connection holds the write lock, 'disk-full' the disk (or a file-size limit) is full,
 * 'error' another failure of the database.
 */
export interface StorageState {
  state: 'ok' | 'busy' | 'disk-full' | 'error';
  message: string | null;
  /** When the current problem began (ISO time); null when ok. */
  since: string | null;
}

export interface QueueState {
  concurrency: number;
  runs: RunSummary[];
  /** Absent from archwalk versions before it was reported. */
  storage?: StorageState;
  /**
   * A lab's shared store (its URL, password hidden): the lab's workers drain the queue, so this
   * view has no concurrency to set and cannot reorder, pause or cancel runs (yet).
   */
  lab?: { store: string };
}

/** An optional ML package and whether this installation can load it. */
export interface MlPackageInfo {
  name: string;
  installed: boolean;
}

export interface SystemInfo {
  appVersion: string;
  apiVersion: number;
  home: string;
  node: string;
  platform: string;
  cpus: number;
  mode: 'electron' | 'browser';
  /** tfjs packages present (the backend a run picks is recorded with the run). */
  mlPackages: MlPackageInfo[];
  /** The ML backend of the most recent run that trained or used a model, and when. */
  lastMlBackend: { backend: string; runId: number; at: string | null } | null;
}

/** What a config would queue, shown before the user commits to it. */
export interface WorkEstimate {
  runs: number;
  /** Queries over all search runs. */
  queries: number;
  /** Training runs and their summed time budget in seconds (null when a run has no time limit). */
  trainingRuns: number;
  trainingSeconds: number | null;
}

export type CreateExperimentResult =
  | { ok: true; experiment: ExperimentSummary }
  | { ok: false; issues: ValidationIssue[] };

/**
 * Pushed to subscribers as things change; small, so the renderer can update incrementally.
 * `run-point`s of a run arrive in query order, one per query, and only after the point is
 * stored, so a `getRun` issued after a point arrived returns a curve that contains it.
 */
export type PushEvent =
  | { type: 'run-updated'; run: RunSummary }
  | { type: 'run-point'; runId: number; experimentId: number; point: CurvePoint; evaluated: { hash: string; valid: number; test: number } }
  | { type: 'import-progress'; name: string; done: number; total: number | null; unit: string }
  | { type: 'run-metric'; runId: number; name: string; step: number; value: number }
  /** A live benchmark is training the cell of query `query` (ephemeral: not stored). */
  | { type: 'run-query-progress'; runId: number; progress: QueryProgress }
  | { type: 'experiment-updated'; experimentId: number }
  /** A landscape analysis in its process: which part it is computing and how far it has got. */
  | { type: 'analysis-progress'; benchmark: string; phase: string; done: number; total: number }
  /** An agent's latent map in its process: which part it is computing and how far it has got. */
  | { type: 'agent-map-progress'; agentId: number; phase: string; done: number; total: number }
  | { type: 'agents-updated' }
  | { type: 'benchmarks-updated' };

/** What to import; options a kind does not take are refused, not ignored. */
export interface BenchmarkImportRequest {
  kind: string;
  path: string;
  name: string;
  /** nb201: how the table writes accuracies (default percent; `fraction` for 0–1 values). */
  scale?: AccuracyScale;
  /** nb201: which dataset (required for the multi-dataset layout: cifar10, cifar100, ImageNet16-120). */
  dataset?: string;
  /** nb201: the training epochs of the results, recorded with the benchmark. */
  epochs?: number;
  /**
   * nb301-yahpo: accept a model other than the pinned YAHPO new_model.onnx (a newer YAHPO
   * release); its predictions of the reference architectures must still be plausible.
   */
  unpinnedModel?: boolean;
}

export interface Api {
  system(): Promise<SystemInfo>;
  listBenchmarks(): Promise<BenchmarkInfo[]>;
  importBenchmark(request: BenchmarkImportRequest): Promise<BenchmarkInfo>;
  /**
   * Unregisters a benchmark and deletes its data from the home; refused while queued, running
   * or paused runs use it. Finished runs keep their stored results.
   */
  removeBenchmark(name: string): Promise<void>;
  listAgents(): Promise<AgentInfo[]>;
  validateConfig(text: string): Promise<{ ok: boolean; issues: ValidationIssue[]; estimate: WorkEstimate | null }>;
  createExperiment(text: string): Promise<CreateExperimentResult>;
  listExperiments(): Promise<ExperimentSummary[]>;
  getExperiment(id: number): Promise<ExperimentDetail>;
  deleteExperiment(id: number): Promise<void>;
  /** A run's detail; `curve: false` / `metrics: false` leave those out (empty) for a cheap refresh. */
  getRun(id: number, options?: { curve?: boolean; metrics?: boolean }): Promise<RunDetail>;
  /**
   * A run's evaluated architectures in query order (from `fromQuery`, at most `limit`), or with
   * `top` the best `top` of them by validation accuracy.
   */
  getRunArchitectures(id: number, options?: { fromQuery?: number; limit?: number; top?: number }): Promise<EvaluatedArchitecture[]>;
  getQueue(): Promise<QueueState>;
  /** All incumbent curves of an experiment's runs, by run id, in one call. */
  getExperimentCurves(id: number): Promise<Record<number, CurvePoint[]>>;
  /**
   * The distinct architectures an experiment's runs evaluated on one of its benchmarks (default:
   * its first), with their cells, best validation accuracy first (distinctArchitectures).
   */
  getExperimentArchitectures(id: number, options?: { benchmark?: string }): Promise<ExperimentArchitecture[]>;
  /** A sweep experiment's results (null for other experiments): per table and configuration, mean ± s.e. at the sweep's budgets. */
  getSweepResults(id: number, options?: { metric?: 'valid' | 'test'; bestAt?: number }): Promise<SweepResults | null>;
  /** Reorders a queued run. */
  moveQueuedRun(id: number, where: 'top' | 'bottom' | 'up' | 'down'): Promise<void>;
  cancelRun(id: number): Promise<void>;
  pauseRun(id: number): Promise<void>;
  resumeRun(id: number): Promise<void>;
  setConcurrency(n: number): Promise<void>;
  exportReport(request: ReportRequest): Promise<ExportedReport>;
  /**
   * A benchmark's landscape analysis (accuracy and shaped-reward distributions, random-walk
   * autocorrelation, neighbourhood sizes) for `params` over the defaults: from the store when it
   * was computed before for this content and these parameters, otherwise computed in an analysis
   * process that reports `analysis-progress` events. Refused for live benchmarks.
   */
  getBenchmarkAnalysis(name: string, params?: Partial<LandscapeParams>): Promise<BenchmarkAnalysis>;
  /**
   * A trained agent's latent map (UMAP of its network's latent of sampled architectures of its
   * training benchmark, coloured by validation accuracy, with its search runs there as
   * trajectories) for `params` over the defaults: from the store when computed before for this
   * agent, these parameters and these runs, otherwise computed in an analysis process that
   * reports `agent-map-progress` events.
   */
  getAgentMap(agentId: number, params?: Partial<AgentMapParams>): Promise<AgentMapResult>;
  subscribe(listener: (event: PushEvent) => void): () => void;
}

/** The request methods (everything but subscribe), as the transports see them. */
export type ApiMethod = Exclude<keyof Api, 'subscribe'>;
export const API_METHODS: readonly ApiMethod[] = [
  'system', 'listBenchmarks', 'importBenchmark', 'removeBenchmark', 'listAgents', 'validateConfig', 'createExperiment', 'listExperiments',
  'getExperiment', 'deleteExperiment', 'getRun', 'getRunArchitectures', 'getQueue', 'getExperimentCurves', 'getExperimentArchitectures', 'getSweepResults', 'moveQueuedRun', 'cancelRun', 'pauseRun', 'resumeRun', 'setConcurrency',
  'exportReport', 'getBenchmarkAnalysis', 'getAgentMap',
];

export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportRequest {
  /** `exp:3` or `3` (an experiment), `run:17`; several make a comparison. */
  targets: string[];
  format: ReportFormat;
  /** Budgets (queries) of the summary table; default: round numbers up to the budget. */
  budgets?: number[];
}

/** A rendered report; text formats as UTF-8, the PDF as base64, so it crosses IPC and WebSocket as JSON. */
export interface ExportedReport {
  filename: string;
  mime: string;
  encoding: 'utf8' | 'base64';
  content: string;
}

/** An error that crosses the transport with a message meant for the user. */
export interface ApiErrorPayload {
  message: string;
  code?: string;
}
