import { positiveInteger, type SearchContext } from './types.ts';

export interface RegularizedEvolutionParams {
  /** Population size (the oldest member dies each cycle). */
  population: number;
  /** Tournament size; the best of the sample is mutated. */
  sampleSize: number;
}

/**
 * Regularized (aging) evolution, Real et al. 2019, as NASLib runs it: a population of
 * random architectures; each cycle samples `sampleSize` members with replacement,
 * mutates the best of them to a random neighbour, adds the child and drops the oldest.
 */
export async function regularizedEvolution<A>(ctx: SearchContext<A>, params: RegularizedEvolutionParams): Promise<void> {
  const populationSize = positiveInteger('regularized-evolution', 'population', params.population);
  const sampleSize = positiveInteger('regularized-evolution', 'sampleSize', params.sampleSize);
  type Member = { arch: A; valid: number };
  const population: Member[] = [];
  while (population.length < populationSize) {
    const arch = ctx.sample();
    population.push({ arch, valid: (await ctx.evaluate(arch)).valid });
  }
  for (;;) {
    let parent = ctx.rng.pick(population);
    for (let i = 1; i < sampleSize; i++) {
      const candidate = ctx.rng.pick(population);
      if (candidate.valid > parent.valid) parent = candidate;
    }
    const options = ctx.space.neighbours(parent.arch, 'paper');
    const arch = options.length > 0 ? ctx.rng.pick(options).arch : ctx.sample();
    population.push({ arch, valid: (await ctx.evaluate(arch)).valid });
    population.shift();
  }
}
