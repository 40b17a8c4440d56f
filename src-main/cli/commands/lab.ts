/**
 * The CLI on a lab's shared PostgreSQL store (`--store postgres://…` or ARCHWALK_STORE):
 * `queue add` queues an experiment validated against this machine's benchmarks, `queue list`
 * and `runs list` show every machine's runs with the worker that holds them, and `worker`
 * drains the shared queue on this machine (services/lab/worker.ts). This machine's own home
 * (ARCHWALK_HOME) still holds its benchmark tables and caches.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunStatus } from '#shared/api.ts';
import { TAG_PATTERN } from '#shared/config-fields.ts';
import { configHash, experimentRuns, parseExperimentConfig } from '../../services/experiments.ts';
import { createForkLauncher } from '../../services/fork-launcher.ts';
import { resolveHome } from '../../services/home.ts';
import { HeldBenchmarks } from '../../services/lab/held-benchmarks.ts';
import { openMachineHome } from '../../services/lab/machine-home.ts';
import { labRegistry } from '../../services/lab/registry.ts';
import { LabWorker } from '../../services/lab/worker.ts';
import type { PostgresUrl } from '../../services/postgres/connect.ts';
import { leaseMsFromEnv } from '../../services/run-lease.ts';
import { toRunSummary, type RunRow, type Store } from '../../services/store.ts';
import type { AsyncStore } from '../../services/store-api.ts';
import { positiveIntOption, print, UsageError } from '../context.ts';
import { runTable } from './queue.ts';
import { readConfigFile } from './run.ts';

import { LAB_USAGE } from './lab-usage.ts';

/** This machine's home store (benchmarks it holds, caches), whatever store the command names. */
function localStore(): Store {
  return openMachineHome(resolveHome()).store;
}

async function openShared(url: PostgresUrl, timeoutMs?: number): Promise<AsyncStore> {
  const { PostgresStore } = await import('../../services/postgres/store.ts');
  return PostgresStore.open(url, timeoutMs !== undefined ? { timeoutMs } : {});
}

async function withStores<T>(url: PostgresUrl, fn: (shared: AsyncStore, local: Store) => Promise<T>): Promise<T> {
  const shared = await openShared(url);
  const local = localStore();
  try {
    return await fn(shared, local);
  } finally {
    local.close();
    await shared.close();
  }
}

/** Which machine holds a run: the host of its owner (host:pid:tag). */
function machineOf(run: RunRow): string {
  return run.owner ? run.owner.split(':')[0]! : '—';
}

function labRunTable(runs: RunRow[]): string {
  return runTable(runs.map(toRunSummary), { headers: ['attempt', 'machine'], cells: (i) => [String(runs[i]!.attempt), machineOf(runs[i]!)] });
}

export async function labQueueCommand(url: PostgresUrl, sub: string | undefined, positionals: string[], json: boolean): Promise<number> {
  return withStores(url, async (shared, local) => {
    if (sub === 'add') {
      const [path] = positionals;
      if (!path) throw new UsageError('usage: archwalk queue add CONFIG');
      const registry = await labRegistry(local, shared);
      const parsed = parseExperimentConfig(readConfigFile(path), registry);
      if (!parsed.ok) {
        process.stderr.write(`${path} is not a valid experiment config:\n${parsed.issues.map((i) => `  - ${i.message}`).join('\n')}\n`);
        return 2;
      }
      const runs = experimentRuns(registry, parsed.config);
      const id = await shared.insertExperiment(parsed.config, configHash(parsed.config), runs);
      if (json) print(JSON.stringify({ id, name: parsed.config.name, runs: runs.length, store: shared.redactedUrl }));
      else print(`queued experiment ${id} "${parsed.config.name}" on ${shared.redactedUrl}: ${runs.length} runs (any lab worker holding its tables takes them: archwalk worker --store …)`);
      return 0;
    }
    if (sub === 'list' || sub === 'runs') {
      const statuses: readonly RunStatus[] | undefined = sub === 'list' ? ['running', 'paused', 'queued'] : undefined;
      const experimentId = positionals[0] !== undefined ? Number(positionals[0]) : undefined;
      const runs = await shared.listRuns({ ...(statuses ? { statuses } : {}), ...(experimentId !== undefined ? { experimentId } : {}) });
      if (json) print(JSON.stringify(runs.map((r) => ({ ...toRunSummary(r), attempt: r.attempt, owner: r.owner })), null, 2));
      else print(runs.length === 0 ? (sub === 'list' ? `the queue of ${shared.redactedUrl} is empty` : 'no runs') : labRunTable(runs));
      return 0;
    }
    throw new UsageError(LAB_USAGE);
  });
}

export async function labWorkerCommand(url: PostgresUrl, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      concurrency: { type: 'string', default: '1' },
      tags: { type: 'string', default: '' },
      shared: { type: 'string' },
      'max-attempts': { type: 'string', default: '3' },
      watch: { type: 'boolean', default: false },
    },
  });
  const concurrency = positiveIntOption(values.concurrency, '--concurrency');
  const maxAttempts = positiveIntOption(values['max-attempts'], '--max-attempts');
  const tags = values.tags.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const badTag = tags.find((t) => !TAG_PATTERN.test(t));
  if (badTag !== undefined) throw new UsageError(`--tags: "${badTag}" is not a tag (lowercase letters, digits, '.', '_' or '-')`);
  const sharedDir = values.shared ?? process.env.ARCHWALK_SHARED;
  const home = resolveHome();
  const checkpointsDir = sharedDir ? join(resolve(sharedDir), 'checkpoints') : join(home, 'checkpoints');
  mkdirSync(checkpointsDir, { recursive: true });
  const log = (line: string): void => void process.stderr.write(`archwalk worker: ${line}\n`);
  if (!sharedDir) log(`no --shared folder (or ARCHWALK_SHARED): checkpoints and trained agents stay in ${checkpointsDir}, so only this machine can resume its trainings or search with its agents`);
  const leaseMs = leaseMsFromEnv();
  // Run processes work on this machine's home, never on the shared store.
  delete process.env.ARCHWALK_STORE;
  // A query may not outlast a third of the lease: a worker cut off from the store notices in time.
  const shared = await openShared(url, Math.max(1000, Math.floor(leaseMs / 3)));
  const local = localStore();
  const held = new HeldBenchmarks(local);
  for (const { name, problem } of held.unreadable) log(`benchmark ${name} is registered here but cannot be read (${problem}); runs on it go to other workers`);
  const worker = new LabWorker({ store: shared, held, launcher: createForkLauncher(), checkpointsDir, concurrency, tags, maxAttempts, leaseMs, watch: values.watch, log });
  log(`${worker.owner} on ${shared.redactedUrl}: concurrency ${concurrency}, tags ${tags.length ? tags.join(', ') : '(none)'}, ${held.checksums.length} benchmark table(s) held, lease ${leaseMs / 1000} s, at most ${maxAttempts} attempts per run${values.watch ? '; Ctrl-C to stop' : ''}`);
  const stop = (): void => worker.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await worker.run();
  } finally {
    local.close();
    await shared.close();
  }
  log(`stopped after finishing ${worker.finished} run(s)`);
  return 0;
}
