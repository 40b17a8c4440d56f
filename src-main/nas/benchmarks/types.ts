import type { Rng } from '../rng.ts';
import type { SearchSpace } from '../spaces/types.ts';

/** Accuracies are fractions in [0, 1]. */
export interface Metrics {
  valid: number;
  test: number;
  train?: number;
  params?: number;
  trainSeconds?: number;
  /** What the query cost in the benchmark's own unit (simulated training seconds for tables). */
  cost: number;
  /** Live benchmarks: true when the result came from the cache instead of a training. */
  cached?: boolean;
}

/** How far a query that trains a network has got (live benchmarks). */
export interface QueryProgress {
  hash: string;
  seed: number;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
}

export interface QueryOptions {
  rng: Rng;
  /** Epoch budget where the benchmark has several. */
  fidelity?: number;
  /** `sample` draws one training repeat (as the official APIs do); `mean` averages them. */
  repeat?: 'sample' | 'mean';
  /** Called as a slow query advances; may throw to abandon the query (a stop request). */
  onProgress?: (progress: QueryProgress) => void;
}

export interface BestKnown<A> {
  arch: A;
  hash: string;
  valid: number;
  test: number;
}

/** A query never invents a value: an unknown architecture is an error that names it. */
export interface Benchmark<A> {
  readonly name: string;
  readonly space: SearchSpace<A>;
  query(arch: A, options: QueryOptions): Metrics | Promise<Metrics>;
}

/** A benchmark backed by a finite table. */
export interface TabularBenchmark<A> extends Benchmark<A> {
  readonly size: number;
  best(): BestKnown<A>;
  /** Uniform over the table's architectures. */
  sample(rng: Rng): A;
}
