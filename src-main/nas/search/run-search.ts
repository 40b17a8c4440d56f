/**
 * One search run: seeded searcher + evaluator over a benchmark. Returns when the budget
 * is spent or a stop is requested; real errors propagate.
 */
import type { Benchmark, TabularBenchmark } from '../benchmarks/types.ts';
import { Rng } from '../rng.ts';
import { BudgetExhausted, Evaluator, StopRequested, type EvaluatorOptions, type Incumbent, type QueryRecord, type SearchControl } from './evaluator.ts';
import { localSearch } from './local-search.ts';
import { randomSearch } from './random-search.ts';
import { randomWalk } from './random-walk.ts';
import { regularizedEvolution } from './regularized-evolution.ts';
import type { Searcher } from './types.ts';

/**
 * The classic searchers, by the names experiment configs give them; the `agent` searcher needs a
 * trained policy and is passed in by the host. The run process checks that these are exactly the
 * config schema's classic kinds (worker/search-job.ts).
 */
export const SEARCHERS = {
  'random-search': randomSearch,
  'random-walk': randomWalk,
  'local-search': localSearch,
  'regularized-evolution': regularizedEvolution,
} as const satisfies Record<string, Searcher>;

export type ClassicSearcherKind = keyof typeof SEARCHERS;

/** What a search run needs of its config (shared/config.ts's SearchRunConfig carries this and more). */
export interface SearchRunSpec {
  seed: number;
  budget: number;
  /** Simulated evaluation time of each new query (to watch a tabular search live). */
  queryDelayMs: number;
  searcher: { kind: string; params: Record<string, unknown> };
}

function classicSearcher(kind: string): Searcher | undefined {
  return Object.hasOwn(SEARCHERS, kind) ? SEARCHERS[kind as ClassicSearcherKind] : undefined;
}

export interface SearchOutcome<A> {
  queries: number;
  incumbent: Incumbent<A> | null;
  stopped: boolean;
}

function isTabular<A>(benchmark: Benchmark<A>): benchmark is TabularBenchmark<A> {
  return typeof (benchmark as Partial<TabularBenchmark<A>>).sample === 'function';
}

export async function runSearch<A>(options: {
  config: SearchRunSpec;
  benchmark: Benchmark<A>;
  onQuery?: (record: QueryRecord<A>) => void;
  onQueryProgress?: EvaluatorOptions<A>['onQueryProgress'];
  control?: SearchControl;
  /** Runs this searcher instead of the one the config's kind names (the agent searcher). */
  searcher?: Searcher;
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
    await searcher({ space: benchmark.space, rng, sample, evaluate }, config.searcher.params);
  } catch (error) {
    if (error instanceof StopRequested) stopped = true;
    else if (!(error instanceof BudgetExhausted)) throw error;
  }
  return { queries: evaluator.queries, incumbent: evaluator.incumbent, stopped };
}
