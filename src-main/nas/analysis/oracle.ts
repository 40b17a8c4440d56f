/**
 * What the landscape analyses ask of a benchmark: uniform start architectures, and the
 * validation accuracy of many architectures at once (a surrogate batches them).
 */
import { isTabular } from '../agent/environment.ts';
import type { Benchmark, Metrics } from '../benchmarks/types.ts';
import { Rng } from '../rng.ts';
import type { SearchSpace } from '../spaces/types.ts';

export interface AccuracyOracle<A> {
  readonly space: SearchSpace<A>;
  /** A start architecture: uniform over a table's cells, the space's own sampler otherwise. */
  sample(rng: Rng): A;
  /** Validation accuracy (a fraction) of each architecture; null where the benchmark holds none. */
  valid(archs: readonly A[]): Promise<(number | null)[]>;
}

interface BatchQuery<A> {
  queryBatch(archs: readonly A[]): Promise<Metrics[]>;
}

function hasBatchQuery<A>(benchmark: Benchmark<A>): benchmark is Benchmark<A> & BatchQuery<A> {
  return typeof (benchmark as Partial<BatchQuery<A>>).queryBatch === 'function';
}

/**
 * The oracle of a benchmark. Tables answer with the mean over training repeats (the landscape,
 * not one noisy draw of it); a cell a table does not hold is null, not an error.
 */
export function benchmarkOracle<A>(benchmark: Benchmark<A>): AccuracyOracle<A> {
  const queryRng = new Rng(0); // 'mean' draws nothing; the option still wants a generator
  return {
    space: benchmark.space,
    sample: (rng) => (isTabular(benchmark) ? benchmark.sample(rng) : benchmark.space.sample(rng)),
    async valid(archs) {
      if (archs.length === 0) return [];
      if (hasBatchQuery(benchmark)) return (await benchmark.queryBatch(archs)).map((m) => m.valid);
      const out: (number | null)[] = [];
      for (const arch of archs) {
        try {
          out.push((await benchmark.query(arch, { rng: queryRng, repeat: 'mean' })).valid);
        } catch {
          out.push(null); // not in the table
        }
      }
      return out;
    },
  };
}
