/**
 * One search run: seeded searcher + evaluator over a benchmark. Returns when the budget
 * is spent or a stop is requested; real errors propagate.
 */
import type { Benchmark, TabularBenchmark } from '../benchmarks/types.ts';
import { Rng } from '../rng.ts';
import { BudgetExhausted, Evaluator, StopRequested, type EvaluatorOptions, type Incumbent, type QueryRecord, type SearchControl } from './evaluator.ts';
import { bananas, type BananasParams } from './bananas/bananas.ts';
import { localSearch, type LocalSearchParams } from './local-search.ts';
import { randomSearch } from './random-search.ts';
import { randomWalk } from './random-walk.ts';
import { regularizedEvolution, type RegularizedEvolutionParams } from './regularized-evolution.ts';
import type { NoParams, Searcher } from './types.ts';

/** The resolved parameters each classic searcher consumes, by the names experiment configs give them. */
export interface ClassicSearcherParams {
  'random-search': NoParams;
  'random-walk': NoParams;
  'local-search': LocalSearchParams;
  'regularized-evolution': RegularizedEvolutionParams;
  bananas: BananasParams;
}

export type ClassicSearcherKind = keyof ClassicSearcherParams;

/**
 * The classic searchers; the `agent` searcher needs a trained policy and is passed in by the
 * host. The run process checks that these kinds and their parameter types are exactly the
 * config's searcher specs (worker/search-job.ts).
 */
export const SEARCHERS: { readonly [K in ClassicSearcherKind]: Searcher<ClassicSearcherParams[K]> } = {
  'random-search': randomSearch,
  'random-walk': randomWalk,
  'local-search': localSearch,
  'regularized-evolution': regularizedEvolution,
  bananas,
};

/** What a search run needs of its config (shared/config.ts's SearchRunConfig carries this and more). */
export interface SearchRunSpec<P extends object = object> {
  seed: number;
  budget: number;
  /** Simulated evaluation time of each new query (to watch a tabular search live). */
  queryDelayMs: number;
  /** The searcher's kind and its resolved parameters (every default filled in: the library has none). */
  searcher: { kind: string; params: P };
}

/** The classic searcher `kind` names, bound to the run's parameters. */
function classicSearcher(kind: string): Searcher<object> | undefined {
  return Object.hasOwn(SEARCHERS, kind) ? (SEARCHERS[kind as ClassicSearcherKind] as Searcher<object>) : undefined;
}

export interface SearchOutcome<A> {
  queries: number;
  incumbent: Incumbent<A> | null;
  stopped: boolean;
}

function isTabular<A>(benchmark: Benchmark<A>): benchmark is TabularBenchmark<A> {
  return typeof (benchmark as Partial<TabularBenchmark<A>>).sample === 'function';
}

export async function runSearch<A, P extends object>(options: {
  config: SearchRunSpec<P>;
  benchmark: Benchmark<A>;
  onQuery?: (record: QueryRecord<A>) => void;
  onQueryProgress?: EvaluatorOptions<A>['onQueryProgress'];
  control?: SearchControl;
  /** Runs this searcher instead of the one the config's kind names (the agent searcher). */
  searcher?: Searcher<P>;
  /** Resuming an interrupted run: its first this many queries are a replay and do not wait queryDelayMs. */
  replayedQueries?: number;
}): Promise<SearchOutcome<A>> {
  const { config, benchmark } = options;
  const kind = config.searcher.kind;
  const searcher = options.searcher ?? classicSearcher(kind);
  if (!searcher) throw new Error(`searcher kind "${kind}" needs its host to provide it (the agent searcher needs a trained policy)`);
  if (isTabular(benchmark) && config.budget > benchmark.size) {
    throw new Error(`budget ${config.budget} exceeds the ${benchmark.size} architectures of ${benchmark.name}`);
  }
  // Separate streams, so that a benchmark which draws repeats does not shift the searcher's choices.
  const rng = new Rng(config.seed);
  const benchmarkRng = rng.fork();
  const evaluator = new Evaluator<A>({
    space: benchmark.space,
    benchmark,
    budget: config.budget,
    rng: benchmarkRng,
    onQuery: options.onQuery,
    control: options.control,
    ...(options.onQueryProgress ? { onQueryProgress: options.onQueryProgress } : {}),
  });
  const sample = isTabular(benchmark) ? () => benchmark.sample(rng) : () => benchmark.space.sample(rng);
  const replayed = options.replayedQueries ?? 0;
  const evaluate = async (arch: A) => {
    const before = evaluator.queries;
    const metrics = await evaluator.evaluate(arch);
    // A new query waits the simulated evaluation time, except one that replays an interrupted run.
    if (config.queryDelayMs > 0 && evaluator.queries > before && evaluator.queries > replayed) {
      await new Promise((resolve) => setTimeout(resolve, config.queryDelayMs));
    }
    return metrics;
  };
  let stopped = false;
  try {
    const queriesLeft = (): number => Math.max(0, evaluator.budget - evaluator.queries);
    await searcher({ space: benchmark.space, rng, sample, evaluate, queriesLeft }, config.searcher.params);
  } catch (error) {
    if (error instanceof StopRequested) stopped = true;
    else if (!(error instanceof BudgetExhausted)) throw error;
  }
  return { queries: evaluator.queries, incumbent: evaluator.incumbent, stopped };
}
