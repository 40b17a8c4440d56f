/**
 * Real archwalk processes for the lease and store-failure tests: a home with NB201 and one
 * experiment queued, CLI processes started on it (optionally in their own process group or
 * under a file-size limit), and checks on what the store recorded.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { prepareHome } from '../../src-main/services/home.ts';
import { Store } from '../../src-main/services/store.ts';
import { REPO_ROOT, tempDir } from './data.ts';
import { experimentYaml, nb201Services } from './services.ts';

export const ARCHWALK_BIN = join(REPO_ROOT, 'bin', 'archwalk.mjs');

export interface LabHome {
  path: string;
  database: string;
  runIds: number[];
  cleanup(): void;
}

/** A fresh home with NB201 imported and one search experiment queued (not started). */
export async function homeWithExperiment(fields: Parameters<typeof experimentYaml>[0]): Promise<LabHome> {
  const home = tempDir();
  const services = await nb201Services({}, home);
  try {
    const created = await services.api.createExperiment(experimentYaml(fields));
    assert.ok(created.ok, JSON.stringify(created));
    const runIds = (await services.api.getExperiment(created.experiment.id)).runs.map((r) => r.id);
    return { path: home.path, database: prepareHome(home.path).database, runIds, cleanup: home.cleanup };
  } finally {
    await services.close();
  }
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or the signal) once the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Its own process group, so that the test can stop the CLI and its run processes together. */
  detached?: boolean;
  /** RLIMIT_FSIZE in KiB (bash `ulimit -f`): writes beyond it fail as on a full disk. */
  fileSizeLimitKib?: number;
  /** The checkout whose launcher runs (default: this repository), e.g. an older commit's worktree. */
  checkout?: string;
}

/** Starts `archwalk ARGS` on the home (a script instead of ARGS: `node --input-type=module -e`). */
export function startArchwalk(home: string, args: string[], options: StartOptions = {}): CliProcess {
  const checkout = options.checkout ?? REPO_ROOT;
  const launcher = join(checkout, 'bin', 'archwalk.mjs');
  const node = [process.execPath, '--disable-warning=ExperimentalWarning', ...(args[0] === '--eval' ? ['--input-type=module', '-e', args[1]!] : [launcher, ...args])];
  const [command, ...commandArgs] = options.fileSizeLimitKib === undefined
    ? node
    : ['bash', '-c', `ulimit -f ${options.fileSizeLimitKib} && exec "$@"`, 'bash', ...node];
  const child = spawn(command!, commandArgs, {
    cwd: checkout,
    env: { ...process.env, ARCHWALK_HOME: home, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return {
    child,
    pid: child.pid!,
    stderr: () => stderr,
    exited,
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `probe` holds; fails with what was awaited and the given diagnostics. */
export async function until(what: string, probe: () => boolean, timeoutMs: number, diagnostics: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}\n${diagnostics()}`);
    await sleep(50);
  }
}

/** The queries of a run's architecture events in log order. */
export function recordedQueries(store: Store, runId: number): number[] {
  return store.events(runId, { type: 'architecture' }).map((e) => (e.data as { query: number }).query);
}

/** The run finished successfully with each of its `budget` queries recorded exactly once. */
export function assertRanOnce(store: Store, runId: number, budget: number, diagnostics = ''): void {
  const row = store.getRun(runId)!;
  const queries = recordedQueries(store, runId);
  const duplicates = queries.length - new Set(queries).size;
  const state = `run ${runId} is ${row.status}${row.error ? `: ${row.error}` : ''}\n${diagnostics}`;
  assert.equal(duplicates, 0, `run ${runId} recorded ${queries.length} architecture events for budget ${budget}, ${duplicates} of them duplicated; ${state}`);
  assert.deepEqual(queries, Array.from({ length: budget }, (_, i) => i + 1), `each query once, in order; ${state}`);
  assert.equal(row.status, 'succeeded', state);
  assert.equal(row.queries, budget);
}

/** An observer of the home's store in the test process. */
export function openStore(home: LabHome): Store {
  return new Store(home.database);
}
