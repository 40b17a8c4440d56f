/**
 * `archwalk agents`: the trained agents (`list`), and an agent's latent map (`map`) through the
 * Api — from the store when computed before with these parameters and runs, otherwise in an
 * analysis process whose progress is drawn on stderr — summarised on stdout or printed whole
 * (coordinates included) with --json.
 */
import { parseArgs } from 'node:util';
import type { Services } from '../../services/index.ts';
import { UserError } from '../../services/user-error.ts';
import type { AgentMapParams, AgentMapResult } from '#shared/agent-map.ts';
import { apiParamsProblem } from '#shared/api-params.ts';
import { openServices, print, UsageError } from '../context.ts';
import { percent, table } from '../format.ts';
import { withPhaseProgress } from '../phase-progress.ts';

export const AGENTS_USAGE = `archwalk agents list [--json]                    the trained agents (id, name, training benchmark, steps)
archwalk agents map AGENT [--samples N] [--runs N] [--seed N] [--json]
                                                  the agent's latent map (UMAP of its network's latent of
                                                  sampled cells of its training table, with its search runs
                                                  there as trajectories); AGENT is an id or a name`;

const MAP_FLAGS = ['samples', 'runs', 'seed'] as const;

/** The request's parameters from the flags, checked as the Api checks them (errors name the flag). */
export function agentMapParams(agentId: number, flags: Partial<Record<(typeof MAP_FLAGS)[number], string>>): Partial<AgentMapParams> {
  const params: Partial<AgentMapParams> = {};
  for (const flag of MAP_FLAGS) {
    const text = flags[flag];
    if (text === undefined) continue;
    if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} takes a whole number, got "${text}"`);
    params[flag] = Number(text);
  }
  const problem = apiParamsProblem('getAgentMap', [agentId, params]);
  if (problem) throw new UsageError(problem.replace(/^getAgentMap: parameter "params\.(\w+)"/, '--$1'));
  return params;
}

/** An agent by id or by name. */
async function agentId(services: Services, text: string): Promise<number> {
  if (/^\d+$/.test(text)) return Number(text);
  const agent = (await services.api.listAgents()).find((a) => a.name === text);
  if (!agent) throw new UserError(`there is no agent named "${text}" (archwalk agents list)`);
  return agent.id;
}

export function agentMapLines(result: AgentMapResult): string[] {
  const { map } = result;
  const sampled = map.points.filter((p) => p.sampled);
  const best = sampled.reduce((top, p) => Math.max(top, p.valid ?? -Infinity), -Infinity);
  const lines = [
    `agent ${result.agent.name} (id ${result.agent.id}) on ${result.benchmark}: ${result.cached ? 'from the store' : 'computed'} (${result.computedAt}), seed ${map.params.seed}`,
    `${sampled.length.toLocaleString('en-US')} sampled cells (best ${percent(best)} % validation) and ${(map.points.length - sampled.length).toLocaleString('en-US')} more its searches visited, latent ${map.latentDim} → 2-D by UMAP (${map.params.nNeighbors} neighbours, min. distance ${map.params.minDist}, ${map.params.epochs} epochs)`,
    `neighbour agreement (Pearson r of a cell's accuracy with its 10 nearest cells' on the map): ${map.neighbourAgreement === null ? '—' : map.neighbourAgreement.toFixed(3)}`,
  ];
  if (map.trajectories.length === 0) {
    lines.push('no search runs of this agent on this table yet: the map shows no trajectories');
    return lines;
  }
  lines.push('', table(['run', 'seed', 'queries', 'best valid %', 'found at query'], map.trajectories.map((t) => {
    const valid = t.cells.map((i) => map.points[i]!.valid ?? -Infinity);
    const top = Math.max(...valid);
    return [String(t.runId), String(t.seed), String(t.cells.length), percent(top), String(valid.indexOf(top) + 1)];
  })));
  return lines;
}

export async function agentsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, samples: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' } },
  });
  if (sub !== 'list' && sub !== 'map') throw new UsageError(AGENTS_USAGE);
  const services = await openServices();
  try {
    if (sub === 'list') {
      const agents = await services.api.listAgents();
      if (values.json) print(JSON.stringify(agents, null, 2));
      else if (agents.length === 0) print('no trained agents; train one with a kind: train-agent experiment (archwalk run FILE.yaml)');
      else print(table(['id', 'name', 'trained on', 'space', 'env steps', 'learner steps', 'created'], agents.map((a) => [String(a.id), a.name, a.trainedOn.map((t) => t.benchmark).join(' + '), a.space, String(a.envSteps), String(a.learnerSteps), a.createdAt])));
      return 0;
    }
    const [agentText, extra] = positionals;
    if (!agentText || extra !== undefined) throw new UsageError(AGENTS_USAGE);
    const id = await agentId(services, agentText);
    const params = agentMapParams(id, values);
    const result = await withPhaseProgress(services.api, (event) => (event.type === 'agent-map-progress' && event.agentId === id ? event : null), () => services.api.getAgentMap(id, params));
    if (values.json) print(JSON.stringify(result));
    else for (const line of agentMapLines(result)) print(line);
    return 0;
  } finally {
    await services.close();
  }
}
