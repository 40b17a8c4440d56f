/**
 * What a config queued on a lab's shared store is validated and expanded against: the
 * benchmarks of the machine that queues it (their content checksums go with each run, so a
 * worker elsewhere finds the same tables under any name), and the agents and pending training
 * runs of the shared store (an agent trained on any machine can be searched with).
 */
import type { RunStatus } from '#shared/api.ts';
import { groupBy } from '#shared/group-by.ts';
import type { ExperimentRegistry } from '../experiments.ts';
import type { AsyncStore } from '../store-api.ts';
import type { AgentTrainingRow, RunRow, Store } from '../store.ts';

const PENDING: readonly RunStatus[] = ['queued', 'running', 'paused', 'interrupted'];

/** What each agent was trained on, from one read of the store. */
export async function trainingByAgent(shared: Pick<AsyncStore, 'allAgentTraining'>): Promise<Map<number, AgentTrainingRow[]>> {
  return groupBy(await shared.allAgentTraining(), (row) => row.agent_id);
}

export async function labRegistry(local: Store, shared: AsyncStore): Promise<ExperimentRegistry> {
  const [agents, pending, training] = await Promise.all([shared.listAgents(), shared.listRuns({ statuses: PENDING }), trainingByAgent(shared)]);
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
