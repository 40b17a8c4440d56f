/**
 * What every area of the Api is built from: the services createServices wired, the shell's
 * options, and the push channel. Each area (system, benchmarks, experiments, runs, queue,
 * reports) is a function from this context to its part of the Api.
 */
import type { PushEvent } from '#shared/api.ts';
import type { AgentMaps } from '../agent-maps.ts';
import type { HomeLayout } from '../home.ts';
import type { LandscapeAnalyses } from '../landscape-analyses.ts';
import type { Scheduler } from '../scheduler.ts';
import type { AsyncStore } from '../store-api.ts';
import type { ExperimentRow, RunRow, Store } from '../store.ts';
import { UserError } from '../user-error.ts';

export interface ApiContext {
  store: Store;
  /**
   * The same store through the asynchronous interface: the areas that only read runs and
   * experiments (runs-api, experiment-views-api) use it, so that a lab's PostgreSQL store
   * serves them alike (lab/services.ts).
   */
  reader: AsyncStore;
  home: HomeLayout;
  scheduler: Scheduler;
  landscapes: LandscapeAnalyses;
  agentMaps: AgentMaps;
  /** Which shell serves the Api: the CLI's user typed their paths, the app's and browsers' are confined. */
  mode: 'electron' | 'browser' | 'cli';
  /** Extra folders Api imports may read (`serve --data-root`). */
  dataRoots?: readonly string[];
  printPdf?: (html: string) => Promise<Uint8Array>;
  /** Tells every subscriber; a subscriber that throws does not stop the others. */
  emit(event: PushEvent): void;
}

export function requireExperiment(store: Store, id: number): ExperimentRow {
  const row = store.getExperiment(id);
  if (!row) throw new UserError(`there is no experiment with id ${id}`);
  return row;
}

export function requireRun(store: Store, id: number): RunRow {
  const row = store.getRun(id);
  if (!row) throw new UserError(`there is no run with id ${id}`);
  return row;
}

export async function readExperiment(reader: Pick<AsyncStore, 'getExperiment'>, id: number): Promise<ExperimentRow> {
  const row = await reader.getExperiment(id);
  if (!row) throw new UserError(`there is no experiment with id ${id}`);
  return row;
}

export async function readRun(reader: Pick<AsyncStore, 'getRun'>, id: number): Promise<RunRow> {
  const row = await reader.getRun(id);
  if (!row) throw new UserError(`there is no run with id ${id}`);
  return row;
}
