/**
 * The trained agent as a searcher. It walks as in training: from a uniformly sampled
 * start, each step it draws up to N neighbours (paper rules) with the search's RNG, picks
 * the one with the highest Q (or a random one with probability ε), and evaluates it;
 * after `episodeLength` steps it restarts from a new random architecture. Every visited
 * architecture goes through ctx.evaluate, so revisits are free and the walk ends when the
 * evaluator reports the budget spent.
 *
 * The policy never sees accuracies: it moves on the encodings alone, and the evaluator's
 * incumbent (best validation accuracy seen) is what the search reports.
 */
import { positiveInteger, type SearchContext } from '../search/types.ts';
import type { AgentPolicy } from './contract.ts';
import { drawAtMost } from './environment.ts';

/** The walk as the config resolves it: ε always; the episode length and N default to the agent's training values. */
export interface AgentSearcherParams {
  epsilon: number;
  episodeLength?: number;
  maxNeighbours?: number;
}

/** The walk's settings, checked against the trained policy. */
export interface AgentSearchParams {
  epsilon: number;
  episodeLength: number;
  maxNeighbours: number;
}

/** A walk setting the search may leave out: the trained policy's own value then. */
function integerParam(value: number | undefined, fallback: number, name: string): number {
  return value === undefined || value === null ? fallback : positiveInteger('agent searcher', name, value);
}

export function agentSearchParams(policy: AgentPolicy, params: AgentSearcherParams): AgentSearchParams {
  const epsilon = params.epsilon;
  if (!(typeof epsilon === 'number' && epsilon >= 0 && epsilon <= 1)) throw new Error(`agent searcher: epsilon must be in [0, 1], got ${JSON.stringify(params.epsilon)}`);
  const episodeLength = integerParam(params.episodeLength, policy.hyper.episodeLength, 'episodeLength');
  const maxNeighbours = integerParam(params.maxNeighbours, policy.hyper.maxNeighbours, 'maxNeighbours');
  if (maxNeighbours > policy.hyper.maxNeighbours) {
    throw new Error(`agent searcher: maxNeighbours ${maxNeighbours} exceeds the ${policy.hyper.maxNeighbours} the agent was trained with`);
  }
  return { epsilon, episodeLength, maxNeighbours };
}

export async function agentSearcher<A>(policy: AgentPolicy, ctx: SearchContext<A>, params: AgentSearcherParams): Promise<void> {
  if (policy.spaceName !== ctx.space.name) throw new Error(`agent searcher: the agent was trained on ${policy.spaceName}, this search runs on ${ctx.space.name}`);
  const { epsilon, episodeLength, maxNeighbours } = agentSearchParams(policy, params);
  for (;;) {
    let current = ctx.sample();
    await ctx.evaluate(current);
    for (let step = 0; step < episodeLength; step++) {
      const all = ctx.space.neighbours(current, 'paper').map((n) => n.arch);
      if (all.length === 0) break;
      const candidates = drawAtMost(all, maxNeighbours, ctx.rng);
      const explore = epsilon > 0 && ctx.rng.next() < epsilon;
      const pick = explore ? ctx.rng.int(candidates.length) : policy.act(ctx.space, current, candidates);
      current = candidates[pick]!;
      await ctx.evaluate(current);
    }
  }
}

/** The same searcher bound to a policy, in the shape of the other searchers. */
export function createAgentSearcher(policy: AgentPolicy): <A>(ctx: SearchContext<A>, params: AgentSearcherParams) => Promise<void> {
  return (ctx, params) => agentSearcher(policy, ctx, params);
}
