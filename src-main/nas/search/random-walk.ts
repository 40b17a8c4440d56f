import type { Searcher } from './types.ts';

/** From a uniform start, step to a uniformly chosen neighbour each move. */
export const randomWalk: Searcher = async (ctx) => {
  let current = ctx.sample();
  await ctx.evaluate(current);
  for (;;) {
    const options = ctx.space.neighbours(current, 'paper');
    if (options.length === 0) {
      current = ctx.sample();
    } else {
      current = ctx.rng.pick(options).arch;
    }
    await ctx.evaluate(current);
  }
};
