/**
 * The composition root of the services: store + registry + scheduler behind the Api.
 * The Electron main process, `archwalk serve` and the CLI all build their services here.
 */
import type { Api } from '#shared/api.ts';
import { benchmarksApi } from './api/benchmarks-api.ts';
import type { ApiContext } from './api/context.ts';
import { experimentsApi } from './api/experiments-api.ts';
import { experimentViewsApi } from './api/experiment-views-api.ts';
import { queueApi } from './api/queue-api.ts';
import { reportsApi } from './api/reports-api.ts';
import { runsApi } from './api/runs-api.ts';
import { systemApi } from './api/system-api.ts';
import { sweepAtStart } from './benchmark-sweep.ts';
import { registerEmbeddedBenchmarks } from './embedded.ts';
import { prepareHome, type HomeLayout } from './home.ts';
import { AgentMaps } from './agent-maps.ts';
import { AnalysisProcesses } from './analysis-processes.ts';
import { LandscapeAnalyses } from './landscape-analyses.ts';
import { pushFanout } from './push-fanout.ts';
import { Scheduler } from './scheduler.ts';
import { concurrencySetting } from './settings.ts';
import { SqliteAsyncStore } from './sqlite-async-store.ts';
import { Store } from './store.ts';
import type { WorkerLauncher } from './worker-launcher.ts';

export { UserError } from './user-error.ts';
// Where the CLI, the tests and the bench scripts have always found them.
export { defaultConcurrency, maxRunsSetting, maxSweepMinutesSetting, MAX_RUNS_SETTING, MAX_SWEEP_MINUTES_SETTING } from './settings.ts';
export { curveFromEvents, metricsFromEvents } from './run-events.ts';

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

export async function createServices(options: ServicesOptions): Promise<Services> {
  const home = prepareHome(options.home);
  const store = new Store(home.database);
  if (options.embeddedBenchmarks !== false) {
    const embedded = registerEmbeddedBenchmarks(store, home, options.embeddedBenchmarks);
    for (const problem of embedded.problems) console.warn(`archwalk: ${problem}`);
  }
  // Leftovers of imports and removals killed half-way (never of a live import: they are reserved).
  sweepAtStart(store, home);
  const pushes = pushFanout();
  const emit = pushes.emit;
  const scheduler = new Scheduler({
    store,
    launcher: options.launcher,
    checkpointsDir: home.checkpoints,
    concurrency: options.concurrency ?? concurrencySetting(store),
    ...(options.experimentId !== undefined ? { experimentId: options.experimentId } : {}),
    ...(options.heartbeatTimeoutMs !== undefined ? { heartbeatTimeoutMs: options.heartbeatTimeoutMs } : {}),
    ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
    onPush: emit,
  });

  // Landscape analyses and agents' maps take turns in one chain of analysis processes.
  const analysisProcesses = new AnalysisProcesses({ launcher: options.launcher });
  const landscapes = new LandscapeAnalyses({
    store,
    launcher: options.launcher,
    processes: analysisProcesses,
    onProgress: (p) => emit({ type: 'analysis-progress', ...p }),
  });
  const agentMaps = new AgentMaps({ store, processes: analysisProcesses, onProgress: (p) => emit({ type: 'agent-map-progress', ...p }) });

  const context: ApiContext = {
    store,
    reader: new SqliteAsyncStore(store),
    home,
    scheduler,
    landscapes,
    agentMaps,
    mode: options.mode,
    ...(options.dataRoots !== undefined ? { dataRoots: options.dataRoots } : {}),
    ...(options.printPdf !== undefined ? { printPdf: options.printPdf } : {}),
    emit,
  };
  // One area per module (services/api/); a method missing from every area does not compile.
  const api: Api = {
    ...systemApi(context),
    ...benchmarksApi(context),
    ...experimentsApi(context),
    ...experimentViewsApi(context),
    ...runsApi(context),
    ...queueApi(context),
    ...reportsApi(context, () => api),
    subscribe: pushes.subscribe,
  };

  if (options.autoStart !== false) scheduler.start();

  return {
    api,
    store,
    scheduler,
    home,
    async close() {
      analysisProcesses.close();
      await scheduler.close();
      pushes.clear();
      store.close();
    },
  };
}
