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
  /** New queries the budget still allows (a searcher that prepares work in batches stops preparing when none are left). */
  queriesLeft(): number;
}

/**
 * A search strategy. `P` is the parameters it consumes, fully resolved: the library holds no
 * defaults (the config's searcher specs do, shared/searcher-specs.ts).
 */
export type Searcher<P = NoParams> = <A>(context: SearchContext<A>, params: P) => Promise<void>;

/** The parameters of a searcher that takes none. */
export type NoParams = Record<never, never>;

/** A positive whole number, or an error that names the searcher and the parameter (a run stored by hand, a caller that did not resolve). */
export function positiveInteger(searcher: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${searcher}: ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
