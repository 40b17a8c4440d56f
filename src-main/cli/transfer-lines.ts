/** What the terminal says about an agent's transfer to a benchmark: label, Spearman ρ per training table, top-1 % coverage. */
import type { Services } from '../services/index.ts';
import { agentTrainedOn } from '../services/agents.ts';
import { transferStat } from '../services/transfer-stats.ts';
import type { TransferStat } from '#shared/api.ts';

export function describeTransfer(stat: TransferStat): string {
  const rho = stat.spearman.map((s) => `ρ(${s.source}, ${stat.target}) = ${s.rho === null ? '—' : s.rho.toFixed(3)}`).join('; ');
  const top = stat.topVisited === null ? 'its training cells were not recorded' : `training queried ${stat.topVisited} of the ${stat.topCells} top-1 % cells of ${stat.target}`;
  return `${stat.agent} on ${stat.target}: ${stat.sample}; Spearman ${rho}; ${top}`;
}

/** One line per agent searcher of these runs on this benchmark (nothing for other searchers). */
export function transferLines(services: Services, agents: readonly string[], benchmark: string): string[] {
  const target = services.store.getBenchmark(benchmark);
  if (!target) return [];
  return agents.flatMap((name) => {
    const agent = services.store.getAgent(name);
    if (!agent) return [];
    const stat = transferStat(services.store, agent, target);
    return stat ? [describeTransfer(stat)] : [];
  });
}

/** "trained on a (1,234 cells queried) + b (987 cells queried)". */
export function trainedOnText(services: Services, agentName: string): string | null {
  const agent = services.store.getAgent(agentName);
  if (!agent) return null;
  return agentTrainedOn(services.store, agent)
    .map((t) => `${t.benchmark} (${t.cellsQueried === null ? 'cells queried not recorded' : `${t.cellsQueried.toLocaleString('en-US')} cells queried`})`)
    .join(' + ');
}
