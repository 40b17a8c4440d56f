/**
 * What a config queued on a lab's shared store is validated and expanded against: the
 * benchmarks of the machine that queues it (their content checksums go with each run, so a
 * worker elsewhere finds the same tables under any name), and the agents and pending training
 * runs of the shared store (an agent trained on any machine can be searched with).
 */
import type { RunStatus } from '#shared/api.ts';
import type { ExperimentRegistry } from '../experiments.ts';
import type { AsyncStore } from '../store-api.ts';
import type { AgentTrainingRow, RunRow, Store } from '../store.ts';

const PENDING: readonly RunStatus[] = ['queued', 'running', 'paused', 'interrupted'];

export async function labRegistry(local: Store, shared: AsyncStore): Promise<ExperimentRegistry> {
  const [agents, pending] = await Promise.all([shared.listAgents(), shared.listRuns({ statuses: PENDING })]);
  const training = new Map<number, AgentTrainingRow[]>(await Promise.all(agents.map(async (a) => [a.id, await shared.agentTraining(a.id)] as const)));
  return {
    getBenchmark: (name) => local.getBenchmark(name),
    listBenchmarks: () => local.listBenchmarks(),
    getAgent: (name) => agents.find((a) => a.name === name),
    listAgents: () => agents,
    agentTraining: (id) => training.get(id) ?? [],
    listRuns: (filter = {}): RunRow[] => {
      if (filter.experimentId !== undefined || (filter.statuses && filter.statuses.some((s) => !PENDING.includes(s)))) {
        throw new Error('the lab registry holds the pending runs only');
      }
      return filter.statuses ? pending.filter((r) => filter.statuses!.includes(r.status)) : pending;
    },
  };
}
