/**
 * Query accounting shared by every searcher: one query = one distinct architecture
 * evaluated (revisits are answered from memory and cost nothing), the incumbent is the
 * best validation accuracy seen (ties keep the earlier one), and the budget is enforced
 * here so searchers stay simple loops.
 */
import type { Benchmark, Metrics, QueryProgress } from '../benchmarks/types.ts';
import type { Rng } from '../rng.ts';
import type { SearchSpace } from '../spaces/types.ts';
import type { SearchControl } from './control.ts';

export class BudgetExhausted extends Error {
  override name = 'BudgetExhausted';
}

export class StopRequested extends Error {
  override name = 'StopRequested';
}

export interface Incumbent<A> {
  arch: A;
  hash: string;
  valid: number;
  test: number;
}

export interface QueryRecord<A> {
  query: number;
  hash: string;
  arch: A;
  metrics: Metrics;
  incumbent: Incumbent<A>;
  elapsedMs: number;
}

export type { SearchControl } from './control.ts';

export interface EvaluatorOptions<A> {
  space: SearchSpace<A>;
  benchmark: Benchmark<A>;
  budget: number;
  rng: Rng;
  onQuery?: (record: QueryRecord<A>) => void;
  /** Progress of a query that takes long (a live benchmark training the cell); `query` is its number. */
  onQueryProgress?: (progress: QueryProgress & { query: number }) => void;
  control?: SearchControl;
  /** Wait after each new query (simulated evaluation time); 0 for none. */
  queryDelayMs?: number;
  /** Moves allowed without a new query before the search is declared stuck. */
  maxFreeMoves?: number;
  now?: () => number;
}

/** Give queued messages (pause, stop, heartbeats) a turn at least this often. */
const YIELD_EVERY_MS = 20;

export class Evaluator<A> {
  private readonly cache = new Map<string, Metrics>();
  private readonly options: EvaluatorOptions<A>;
  private readonly startedAt: number;
  private readonly now: () => number;
  private freeMoves = 0;
  private lastYield: number;
  private best: Incumbent<A> | null = null;

  constructor(options: EvaluatorOptions<A>) {
    this.options = options;
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
    this.lastYield = this.startedAt;
  }

  get queries(): number {
    return this.cache.size;
  }

  get budget(): number {
    return this.options.budget;
  }

  get exhausted(): boolean {
    return this.cache.size >= this.options.budget;
  }

  get incumbent(): Incumbent<A> | null {
    return this.best;
  }

  /** Metrics of `arch`; queries the benchmark only the first time a hash is seen. */
  async evaluate(arch: A): Promise<Metrics> {
    // Once the budget is spent the run is over, also for a searcher that would only revisit.
    if (this.exhausted) throw new BudgetExhausted(`budget of ${this.options.budget} queries spent`);
    const hash = this.options.space.hash(arch);
    const known = this.cache.get(hash);
    if (known) {
      if (++this.freeMoves > (this.options.maxFreeMoves ?? 100_000)) {
        throw new Error(`the search made ${this.freeMoves} moves without reaching an architecture it had not evaluated; it is stuck`);
      }
      await this.checkControl();
      return known;
    }
    await this.checkControl();
    const query = this.cache.size + 1;
    const onProgress = (progress: QueryProgress): void => {
      // A stop request ends a long training at its next progress report, not after it.
      if (this.options.control?.stopRequested) throw new StopRequested('stopped on request');
      this.options.onQueryProgress?.({ ...progress, query });
    };
    const metrics = await this.options.benchmark.query(arch, { rng: this.options.rng, onProgress });
    this.cache.set(hash, metrics);
    this.freeMoves = 0;
    if (this.best === null || metrics.valid > this.best.valid) {
      this.best = { arch, hash, valid: metrics.valid, test: metrics.test };
    }
    this.options.onQuery?.({
      query: this.cache.size,
      hash,
      arch,
      metrics,
      incumbent: this.best,
      elapsedMs: this.now() - this.startedAt,
    });
    if (this.options.queryDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.queryDelayMs));
    return metrics;
  }

  private async checkControl(): Promise<void> {
    const control = this.options.control;
    if (!control) return;
    const now = this.now();
    if (now - this.lastYield >= YIELD_EVERY_MS) {
      this.lastYield = now;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (control.paused) await control.waitWhilePaused();
    if (control.stopRequested) throw new StopRequested('stopped on request');
  }
}
