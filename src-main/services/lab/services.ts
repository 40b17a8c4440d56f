/**
 * The Api on a lab's shared PostgreSQL store, for `archwalk serve` (and the app) pointed at
 * it: every machine's experiments and runs, live (lab/live-pushes.ts), from the same read
 * areas as the embedded Api (runs-api, experiment-views-api over the asynchronous store);
 * experiments are queued into the shared store for the lab's workers, validated against this
 * machine's benchmarks (lab/registry.ts). This process runs nothing itself: the workers do.
 *
 * Not on a lab store yet, refused with a message: importing or removing benchmarks through
 * the Api, deleting experiments, reordering the queue, cancelling, pausing or resuming runs
 * (a worker elsewhere holds them), reports, landscape analyses and agents' maps.
 */
import type { Api, ApiMethod } from '#shared/api.ts';
import { toAgentInfo } from '../agents.ts';
import { experimentViewsApi } from '../api/experiment-views-api.ts';
import { runsApi } from '../api/runs-api.ts';
import { systemApi } from '../api/system-api.ts';
import { configHash, estimateWork, experimentRuns, parseExperimentConfig, summariseExperiment } from '../experiments.ts';
import type { HomeLayout } from '../home.ts';
import { pushFanout } from '../push-fanout.ts';
import { configLimits } from '../settings.ts';
import type { AsyncStore } from '../store-api.ts';
import { toBenchmarkInfo, toRunSummary, type Store } from '../store.ts';
import { UserError } from '../user-error.ts';
import { LabLivePushes } from './live-pushes.ts';
import { labRegistry, trainingByAgent } from './registry.ts';

export interface LabServices {
  api: Api;
  /** This machine's home: its benchmark tables and settings. */
  home: HomeLayout;
  /** This machine's home store (settings, benchmarks), not the lab's. */
  store: Store;
  /** Closes both stores. */
  close(): Promise<void>;
}

const NOT_ON_LAB = ['importBenchmark', 'removeBenchmark', 'deleteExperiment', 'moveQueuedRun', 'cancelRun', 'pauseRun', 'resumeRun',
  'setConcurrency', 'exportReport', 'getBenchmarkAnalysis', 'getAgentMap', 'getSweepResults'] as const satisfies readonly ApiMethod[];

function refusal(method: ApiMethod, shared: AsyncStore): () => Promise<never> {
  return async () => {
    throw new UserError(`${method} does not work on a lab's shared store (${shared.redactedUrl}) yet: use the archwalk CLI of a machine with the embedded store, or the lab's workers (README "Lab")`);
  };
}

export async function createLabServices(options: { shared: AsyncStore; local: Store; home: HomeLayout; mode: 'electron' | 'browser' }): Promise<LabServices> {
  const { shared, local, home } = options;
  const pushes = pushFanout();
  const emit = pushes.emit;
  const live = new LabLivePushes(shared, emit);
  await live.start();
  const refused = Object.fromEntries(NOT_ON_LAB.map((method) => [method, refusal(method, shared)])) as unknown as Pick<Api, (typeof NOT_ON_LAB)[number]>;
  const parse = async (text: string) => parseExperimentConfig(text, await labRegistry(local, shared), configLimits(local));
  const api: Api = {
    ...refused,
    ...systemApi({ store: local, home, mode: options.mode }),
    ...runsApi({ reader: shared }),
    ...experimentViewsApi({ reader: shared }),
    async listBenchmarks() {
      return local.listBenchmarks().map(toBenchmarkInfo);
    },
    async listAgents() {
      const [agents, training] = await Promise.all([shared.listAgents(), trainingByAgent(shared)]);
      return agents.map((agent) => toAgentInfo(agent,
        (training.get(agent.id) ?? []).map((t) => ({ benchmark: t.benchmark, contentSha256: t.content_sha256, cellsQueried: t.cells_queried })), []));
    },
    async validateConfig(text) {
      const parsed = await parse(text);
      return parsed.ok ? { ok: true, issues: [], estimate: estimateWork(parsed.config) } : { ok: false, issues: parsed.issues, estimate: null };
    },
    async createExperiment(text) {
      const registry = await labRegistry(local, shared);
      const parsed = parseExperimentConfig(text, registry, configLimits(local));
      if (!parsed.ok) return parsed;
      const id = await shared.insertExperiment(parsed.config, configHash(parsed.config), experimentRuns(registry, parsed.config));
      emit({ type: 'experiment-updated', experimentId: id });
      return { ok: true, experiment: summariseExperiment((await shared.getExperiment(id))!, await shared.listRuns({ experimentId: id })) };
    },
    async getQueue() {
      const runs = await shared.listRuns({ statuses: ['running', 'paused', 'queued'] });
      // The lab's workers decide how many run at once; what is shown is how many do.
      return { concurrency: runs.filter((r) => r.status === 'running').length, storage: { state: 'ok', message: null, since: null }, runs: runs.map(toRunSummary), lab: { store: shared.redactedUrl } };
    },
    subscribe: pushes.subscribe,
  };
  return {
    api,
    home,
    store: local,
    async close() {
      pushes.clear();
      await live.close();
      await shared.close();
      local.close();
    },
  };
}
