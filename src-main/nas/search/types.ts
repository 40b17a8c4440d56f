import type { Metrics } from '../benchmarks/types.ts';
import type { Rng } from '../rng.ts';
import type { SearchSpace } from '../spaces/types.ts';

/** What a searcher sees: it proposes architectures, the context does the accounting. */
export interface SearchContext<A> {
  space: SearchSpace<A>;
  rng: Rng;
  /** Uniform over the benchmark's architectures (the table's cells where it is a table). */
  sample(): A;
  /** Throws BudgetExhausted when a new query would exceed the budget. */
  evaluate(arch: A): Promise<Metrics>;
}

export type Searcher = <A>(context: SearchContext<A>, params: Record<string, unknown>) => Promise<void>;
