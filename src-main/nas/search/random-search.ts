import type { Searcher } from './types.ts';

/** Uniform samples until the budget is spent; repeats are free, so this samples without replacement. */
export const randomSearch: Searcher = async (ctx) => {
  for (;;) await ctx.evaluate(ctx.sample());
};
