/**
 * The composition root of the services: store + registry + scheduler behind the Api.
 * The Electron main process, `archwalk serve` and the CLI all build their services here.
 */
import { cpus, platform } from 'node:os';
import { API_VERSION, type Api, type BenchmarkInfo, type CurvePoint, type EvaluatedArchitecture, type MetricSeries, type PushEvent, type RunDetail } from '#shared/api.ts';
import type { ExperimentConfig, RunConfig } from '#shared/config.ts';
import type { ArchitectureEvent } from '#shared/worker-protocol.ts';
import { APP_VERSION } from '#shared/version.ts';
import { agentTrainedOn, toAgentInfo } from './agents.ts';
import { agentTransfer } from './transfer-stats.ts';
import { importBenchmark } from './benchmark-registry.ts';
import { UserError } from './user-error.ts';
import { removeBenchmark } from './benchmark-removal.ts';
import { sweepAtStart } from './benchmark-sweep.ts';
import { sweepResultsOf } from './sweep-results.ts';
import { createExperiment, estimateWork, parseExperimentConfig, summariseExperiment } from './experiments.ts';
import { detectMlPackages } from './ml-packages.ts';
import { registerEmbeddedBenchmarks } from './embedded.ts';
import { readLiveBenchmarkFile } from '../nas/live/live-benchmark.ts';
import { concurrencyProblem, DEFAULT_MAX_RUNS, DEFAULT_MAX_SWEEP_MINUTES } from '#shared/run-limits.ts';
import { contentFreeError } from './content-free-errors.ts';
import { confineToDataRoots, dataRoots, storedDataRoots } from './data-roots.ts';
import { prepareHome, type HomeLayout } from './home.ts';
import { LandscapeAnalyses } from './landscape-analyses.ts';
import { Scheduler } from './scheduler.ts';
import { Store, toBenchmarkInfo, toRunSummary, type RunRow } from './store.ts';
import type { WorkerLauncher } from './worker-launcher.ts';

export { UserError } from './user-error.ts';

export interface ServicesOptions {
  home: string;
  launcher: WorkerLauncher;
  mode: 'electron' | 'browser' | 'cli';
  concurrency?: number;
  /** Only run this experiment's runs (the CLI's `run`); otherwise the whole queue. */
  experimentId?: number;
  /** Start taking queued runs at once (default true). */
  autoStart?: boolean;
  heartbeatTimeoutMs?: number;
  /** Prints report HTML to PDF (Electron: webContents.printToPDF); headless Chromium when absent. */
  printPdf?: (html: string) => Promise<Uint8Array>;
  /** Runs whose owner has not beaten for this long count as orphaned at start. */
  staleAfterMs?: number;
  /** Where the shipped benchmarks are (the resources folder, with nb101-5v-fmnist and the nb201 tables); found beside the code by default, `false` registers none. */
  embeddedBenchmarks?: string | false;
  /**
   * Folders Api imports may read besides the home folder, ARCHWALK_HOME and the stored setting
   * (`serve --data-root`). Imports through the Api of the app and of `serve` are confined to
   * these roots; mode 'cli' (its user typed the path) is not.
   */
  dataRoots?: readonly string[];
}

export interface Services {
  api: Api;
  store: Store;
  scheduler: Scheduler;
  home: HomeLayout;
  close(): Promise<void>;
}

const CONCURRENCY_SETTING = 'queue.concurrency';
/** Runs one experiment may queue (see run-limits.ts); `archwalk settings set max-runs N`. */
export const MAX_RUNS_SETTING = 'experiments.maxRuns';

export function maxRunsSetting(store: Pick<Store, 'getSetting'>): number {
  const stored = Number(store.getSetting(MAX_RUNS_SETTING));
  return Number.isInteger(stored) && stored > 0 ? stored : DEFAULT_MAX_RUNS;
}

/** Training minutes a sweep may take without `sweep.confirm: true`; `archwalk settings set sweep-minutes N`. */
export const MAX_SWEEP_MINUTES_SETTING = 'sweeps.maxTrainingMinutes';

export function maxSweepMinutesSetting(store: Pick<Store, 'getSetting'>): number {
  const stored = Number(store.getSetting(MAX_SWEEP_MINUTES_SETTING));
  return Number.isInteger(stored) && stored > 0 ? stored : DEFAULT_MAX_SWEEP_MINUTES;
}

/** The limits every config is checked against before it may be queued. */
function configLimits(store: Pick<Store, 'getSetting'>): { maxRuns: number; maxSweepMinutes: number } {
  return { maxRuns: maxRunsSetting(store), maxSweepMinutes: maxSweepMinutesSetting(store) };
}

/** A live benchmark's listing: how many cells its searches have trained, and the best of them. */
function withLiveProgress(store: Store, info: BenchmarkInfo, dataPath: string): BenchmarkInfo {
  if (info.kind !== 'live') return info;
  try {
    const file = readLiveBenchmarkFile(dataPath);
    const summary = store.liveResultSummary(file.recipeKey, file.maxVertices);
    return { ...info, trained: summary.cells, bestValid: summary.bestValid, bestTest: summary.bestTest };
  } catch {
    return info; // an unreadable definition shows as registered, without progress
  }
}

export function defaultConcurrency(): number {
  return Math.max(1, cpus().length);
}

/** Collects the incumbent curve and the best evaluated architecture from a run's log. */
export function curveFromEvents(events: readonly { data: unknown }[]): { curve: CurvePoint[]; best: EvaluatedArchitecture | null } {
  const curve: CurvePoint[] = [];
  let best: EvaluatedArchitecture | null = null;
  for (const { data } of events) {
    const e = data as Omit<ArchitectureEvent, 'type'>;
    curve.push([e.query, e.incumbentValid, e.incumbentTest]);
    if (best === null || e.valid > best.valid) best = { query: e.query, hash: e.hash, arch: e.arch, valid: e.valid, test: e.test };
  }
  return { curve, best };
}

/** The best architecture from the run's summary columns, when the caller skipped the event log. */
function bestFromRow(row: RunRow): EvaluatedArchitecture | null {
  if (row.best_hash === null || row.best_valid === null || row.best_test === null) return null;
  return { query: row.best_query ?? 0, hash: row.best_hash, arch: row.best_arch === null ? null : (JSON.parse(row.best_arch) as unknown), valid: row.best_valid, test: row.best_test };
}

/** Groups a run's metric events into one [step, value] series per name. */
export function metricsFromEvents(events: readonly { data: unknown }[]): Record<string, MetricSeries> {
  const out: Record<string, MetricSeries> = {};
  for (const { data } of events) {
    const { name, step, value } = data as { name: string; step: number; value: number };
    (out[name] ??= []).push([step, value]);
  }
  return out;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  const home = prepareHome(options.home);
  const store = new Store(home.database);
  if (options.embeddedBenchmarks !== false) {
    const embedded = registerEmbeddedBenchmarks(store, home, options.embeddedBenchmarks);
    for (const problem of embedded.problems) console.warn(`archwalk: ${problem}`);
  }
  // Leftovers of imports and removals killed half-way (never of a live import: they are reserved).
  sweepAtStart(store, home);
  const listeners = new Set<(event: PushEvent) => void>();
  const emit = (event: PushEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not stop the queue.
      }
    }
  };
  const storedConcurrency = Number(store.getSetting(CONCURRENCY_SETTING));
  const scheduler = new Scheduler({
    store,
    launcher: options.launcher,
    checkpointsDir: home.checkpoints,
    concurrency: options.concurrency ?? (storedConcurrency > 0 ? storedConcurrency : defaultConcurrency()),
    ...(options.experimentId !== undefined ? { experimentId: options.experimentId } : {}),
    ...(options.heartbeatTimeoutMs !== undefined ? { heartbeatTimeoutMs: options.heartbeatTimeoutMs } : {}),
    ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
    onPush: emit,
  });

  const landscapes = new LandscapeAnalyses({
    store,
    launcher: options.launcher,
    onProgress: (p) => emit({ type: 'analysis-progress', ...p }),
  });

  const requireExperiment = (id: number) => {
    const row = store.getExperiment(id);
    if (!row) throw new UserError(`there is no experiment with id ${id}`);
    return row;
  };
  const requireRun = (id: number) => {
    const row = store.getRun(id);
    if (!row) throw new UserError(`there is no run with id ${id}`);
    return row;
  };

  const api: Api = {
    async system() {
      return {
        appVersion: APP_VERSION,
        apiVersion: API_VERSION,
        home: home.root,
        node: process.versions.node,
        platform: `${platform()} ${process.arch}`,
        cpus: cpus().length,
        mode: options.mode === 'electron' ? 'electron' : 'browser',
        mlPackages: detectMlPackages(),
        lastMlBackend: store.lastMlBackend(),
      };
    },
    async listBenchmarks() {
      return store.listBenchmarks().map((row) => withLiveProgress(store, toBenchmarkInfo(row), row.data_path));
    },
    async listAgents() {
      return store.listAgents().map((agent) => toAgentInfo(agent, agentTrainedOn(store, agent), agentTransfer(store, agent)));
    },
    async importBenchmark(request) {
      let row;
      try {
        // Paths from the app's window or a browser are confined to the data roots, and the refusal
        // never quotes the file; the CLI's user typed the path and reads their own files.
        const path = options.mode === 'cli' ? request.path : confineToDataRoots(request.path, dataRoots(home.root, storedDataRoots(store), options.dataRoots));
        row = await importBenchmark(store, home, { ...request, path }, {
          onProgress: (p) => emit({ type: 'import-progress', name: request.name, done: p.bytesRead, total: p.totalBytes, unit: 'bytes' }),
        });
      } catch (error) {
        throw options.mode === 'cli' ? error : contentFreeError(error);
      }
      emit({ type: 'benchmarks-updated' });
      return toBenchmarkInfo(row);
    },
    async removeBenchmark(name) {
      removeBenchmark(store, home, name);
      emit({ type: 'benchmarks-updated' });
    },
    async validateConfig(text) {
      const parsed = parseExperimentConfig(text, store, configLimits(store));
      return parsed.ok ? { ok: true, issues: [], estimate: estimateWork(parsed.config) } : { ok: false, issues: parsed.issues, estimate: null };
    },
    async createExperiment(text) {
      const parsed = parseExperimentConfig(text, store, configLimits(store));
      if (!parsed.ok) return parsed;
      const id = createExperiment(store, parsed.config);
      emit({ type: 'experiment-updated', experimentId: id });
      scheduler.pump();
      return { ok: true, experiment: summariseExperiment(requireExperiment(id), store.listRuns({ experimentId: id })) };
    },
    async listExperiments() {
      return store.listExperiments().map((row) => summariseExperiment(row, store.listRuns({ experimentId: row.id })));
    },
    async getExperiment(id) {
      const row = requireExperiment(id);
      const runs = store.listRuns({ experimentId: id });
      return {
        experiment: summariseExperiment(row, runs),
        config: JSON.parse(row.config_json) as ExperimentConfig,
        configHash: row.config_hash,
        runs: runs.map(toRunSummary),
      };
    },
    async deleteExperiment(id) {
      requireExperiment(id);
      const runs = store.listRuns({ experimentId: id });
      for (const run of runs) if (scheduler.activeRunIds.includes(run.id)) scheduler.cancel(run.id);
      const deadline = Date.now() + 6000;
      while (runs.some((r) => scheduler.activeRunIds.includes(r.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      store.deleteExperiment(id);
      emit({ type: 'experiment-updated', experimentId: id });
    },
    async getRun(id, options = {}): Promise<RunDetail> {
      const row = requireRun(id);
      const { curve, best } = options.curve === false
        ? { curve: [], best: bestFromRow(row) }
        : curveFromEvents(store.events(id, { type: 'architecture' }));
      const logTail = store.events(id, { type: 'log', lastN: 200 }).map((e) => {
        const d = e.data as { level: string; message: string };
        return `${new Date(e.t).toISOString()} [${d.level}] ${d.message}`;
      });
      return {
        run: toRunSummary(row),
        config: JSON.parse(row.config_json) as RunConfig,
        provenance: {
          seed: row.seed,
          configHash: row.config_hash,
          appVersion: row.app_version,
          mlBackend: row.ml_backend,
          device: row.device,
          benchmarkSha256: row.benchmark_sha256,
        },
        curve,
        best,
        metrics: options.metrics === false ? {} : metricsFromEvents(store.events(id, { type: 'metric' })),
        logTail,
      };
    },
    async getRunArchitectures(id, options = {}) {
      requireRun(id);
      return store.architectures(id, options);
    },
    async getExperimentCurves(id) {
      requireExperiment(id);
      const curves: Record<number, CurvePoint[]> = {};
      for (const run of store.listRuns({ experimentId: id })) curves[run.id] = curveFromEvents(store.events(run.id, { type: 'architecture' })).curve;
      return curves;
    },
    async getSweepResults(id, options = {}) {
      requireExperiment(id);
      return sweepResultsOf(store, id, (runId) => curveFromEvents(store.events(runId, { type: 'architecture' })).curve, options);
    },
    async moveQueuedRun(id, where) {
      requireRun(id);
      if (!['top', 'bottom', 'up', 'down'].includes(where)) throw new UserError(`a queued run moves to top, bottom, up or down, not ${JSON.stringify(where)}`);
      if (!store.moveQueued(id, where)) throw new UserError(`run ${id} is not waiting in the queue`);
      const row = store.getRun(id)!;
      emit({ type: 'run-updated', run: toRunSummary(row) });
    },
    async getQueue() {
      return { concurrency: scheduler.concurrency, storage: scheduler.storage, runs: store.listRuns({ statuses: ['running', 'paused', 'queued'] }).map(toRunSummary) };
    },
    async cancelRun(id) {
      requireRun(id);
      if (!scheduler.cancel(id)) throw new UserError(`run ${id} cannot be cancelled: it is ${store.getRun(id)?.status}`);
    },
    async pauseRun(id) {
      requireRun(id);
      if (!scheduler.pause(id)) throw new UserError(`run ${id} cannot be paused: it is not running in this archwalk process`);
    },
    async resumeRun(id) {
      requireRun(id);
      if (!scheduler.resume(id)) throw new UserError(`run ${id} cannot be resumed: it is ${store.getRun(id)?.status}`);
    },
    async setConcurrency(n) {
      const problem = concurrencyProblem(n, cpus().length);
      if (problem !== null) throw new UserError(problem);
      store.setSetting(CONCURRENCY_SETTING, String(n));
      scheduler.concurrency = n;
    },
    async exportReport(request) {
      // Loaded when first used: the report renderer brings ECharts' server-side renderer.
      const { exportReport, reportSource } = await import('./reports/index.ts');
      return exportReport(reportSource({ api, store }), request, options.printPdf ? { printPdf: options.printPdf } : {});
    },
    async getBenchmarkAnalysis(name, params) {
      return landscapes.get(name, params ?? {});
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  if (options.autoStart !== false) scheduler.start();

  return {
    api,
    store,
    scheduler,
    home,
    async close() {
      landscapes.close();
      await scheduler.close();
      listeners.clear();
      store.close();
    },
  };
}
