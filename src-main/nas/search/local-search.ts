import type { Neighbour } from '../spaces/types.ts';
import { positiveInteger, type SearchContext } from './types.ts';

export interface LocalSearchParams {
  /** Random architectures queried before the first neighbourhood scan (NASLib num_init). */
  init: number;
}

/**
 * Local search with NASLib's semantics: `init` random queries, then scan the whole
 * neighbourhood of the best architecture in random order; move to the best neighbour if
 * it improved, otherwise (a local optimum) restart from a new random architecture.
 */
export async function localSearch<A>(ctx: SearchContext<A>, params: LocalSearchParams): Promise<void> {
  const init = positiveInteger('local-search', 'init', params.init);
  type Point = { arch: A; valid: number };
  let best: Point | null = null;
  for (let i = 0; i < init; i++) {
    const arch = ctx.sample();
    const { valid } = await ctx.evaluate(arch);
    if (best === null || valid > best.valid) best = { arch, valid };
  }
  if (best === null) return;
  let chosen: Point | null = null;
  let current: Point = best;
  for (;;) {
    if (chosen !== null && current.valid <= chosen.valid) {
      const arch = ctx.sample();
      const { valid } = await ctx.evaluate(arch);
      current = { arch, valid };
    }
    chosen = current;
    const neighbourhood: Neighbour<A>[] = ctx.rng.shuffle(ctx.space.neighbours(chosen.arch, 'naslib'));
    for (const neighbour of neighbourhood) {
      const { valid } = await ctx.evaluate(neighbour.arch);
      if (valid > current.valid) current = { arch: neighbour.arch, valid };
    }
  }
}
