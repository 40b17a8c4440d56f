/**
 * The MDP the agent walks in. With several benchmarks (of one space) each episode draws the
 * one it walks on, with the environment's seeded RNG. State: the current architecture. Each step the environment
 * draws (seeded) at most N neighbours of it under the space's `paper` rules, in random
 * order; the action picks one and the picked neighbour becomes the next state. Episodes
 * start from a uniformly sampled architecture (the table's cells where the benchmark is a
 * table) and are cut after T steps; the cut is a time limit, not a terminal state.
 *
 * Every architecture whose accuracy the environment needs is a query; the shared
 * QueryLog counts distinct ones and remembers the best seen.
 */
import type { Benchmark, Metrics, TabularBenchmark } from '../benchmarks/types.ts';
import type { Rng } from '../rng.ts';
import type { SearchSpace } from '../spaces/types.ts';
import type { Observation } from './observation.ts';
import { shapedReward } from './reward.ts';

export class QueryLog {
  readonly hashes = new Set<string>();
  /** Distinct architectures queried on each benchmark, by benchmark name. */
  readonly byBenchmark = new Map<string, Set<string>>();
  bestValid = Number.NEGATIVE_INFINITY;
  bestTest = Number.NaN;
  bestHash: string | null = null;
  /** Called for each architecture queried for the first time on a benchmark (actor threads forward these). */
  onNew: ((hash: string, metrics: Pick<Metrics, 'valid' | 'test'>, benchmark: string) => void) | null = null;

  get size(): number {
    return this.hashes.size;
  }

  /** Returns true when `hash` is new on `benchmark`. */
  record(hash: string, metrics: Pick<Metrics, 'valid' | 'test'>, benchmark: string): boolean {
    if (metrics.valid > this.bestValid) {
      this.bestValid = metrics.valid;
      this.bestTest = metrics.test;
      this.bestHash = hash;
    }
    let seen = this.byBenchmark.get(benchmark);
    if (!seen) {
      seen = new Set<string>();
      this.byBenchmark.set(benchmark, seen);
    }
    if (seen.has(hash)) return false;
    seen.add(hash);
    this.hashes.add(hash);
    this.onNew?.(hash, metrics, benchmark);
    return true;
  }

  /** The visited hashes per benchmark, as plain lists (checkpoints, the agent's visited-cells file). */
  visited(): Record<string, string[]> {
    return Object.fromEntries([...this.byBenchmark].map(([name, hashes]) => [name, [...hashes]]));
  }
}

export function isTabular<A>(benchmark: Benchmark<A>): benchmark is TabularBenchmark<A> {
  return typeof (benchmark as Partial<TabularBenchmark<A>>).sample === 'function';
}

/** Up to `max` of `items` in random order (partial Fisher–Yates on a copy). */
export function drawAtMost<T>(items: readonly T[], max: number, rng: Rng): T[] {
  const copy = items.slice();
  const take = Math.min(max, copy.length);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(copy.length - i);
    const tmp = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = tmp;
  }
  copy.length = take;
  return copy;
}

/** Tokens of `current` followed by `candidates`. */
export function encodeObservation<A>(space: SearchSpace<A>, current: A, candidates: readonly A[]): Observation {
  const e = space.encodingSize;
  const tokens = new Float32Array((1 + candidates.length) * e);
  const put = (arch: A, row: number): void => {
    const enc = space.encode(arch);
    if (enc.length !== e) throw new Error(`${space.name}.encode returned ${enc.length} values; encodingSize says ${e}`);
    tokens.set(enc, row * e);
  };
  put(current, 0);
  candidates.forEach((c, i) => put(c, i + 1));
  return { tokens, count: candidates.length };
}

export interface EnvironmentOptions<A> {
  space: SearchSpace<A>;
  benchmark: Benchmark<A>;
  /** Several benchmarks of the space: each episode draws one (seeded). `benchmark` is used alone when absent. */
  benchmarks?: readonly Benchmark<A>[];
  maxNeighbours: number;
  episodeLength: number;
  rewardAlpha: number;
  rewardRepeat: 'sample' | 'mean';
  rng: Rng;
  queries?: QueryLog;
}

export interface StepResult {
  reward: number;
  /** Observation of the new state (with its freshly drawn neighbours). */
  obs: Observation;
  /** True when the episode was cut by the time limit after this step. */
  truncated: boolean;
  valid: number;
}

export class ArchEnvironment<A> {
  readonly options: EnvironmentOptions<A>;
  readonly queries: QueryLog;
  private current: A | null = null;
  private currentValid = 0;
  private candidates: A[] = [];
  private observation: Observation | null = null;
  private steps = 0;
  private startValid = 0;
  private readonly pool: readonly Benchmark<A>[];
  /** The benchmark of the current episode. */
  private episodeBenchmark: Benchmark<A>;

  constructor(options: EnvironmentOptions<A>) {
    if (!Number.isInteger(options.maxNeighbours) || options.maxNeighbours < 1) throw new RangeError(`maxNeighbours must be a positive integer, got ${options.maxNeighbours}`);
    if (!Number.isInteger(options.episodeLength) || options.episodeLength < 1) throw new RangeError(`episodeLength must be a positive integer, got ${options.episodeLength}`);
    const pool = options.benchmarks && options.benchmarks.length > 0 ? options.benchmarks : [options.benchmark];
    const foreign = pool.find((b) => b.space.name !== options.space.name);
    if (foreign) throw new Error(`benchmark ${foreign.name} is of space ${foreign.space.name}; the agent walks ${options.space.name}`);
    this.options = options;
    this.pool = pool;
    this.episodeBenchmark = pool[0]!;
    this.queries = options.queries ?? new QueryLog();
  }

  /** The benchmark the current episode walks on. */
  get benchmark(): Benchmark<A> {
    return this.episodeBenchmark;
  }

  get obs(): Observation {
    if (!this.observation) throw new Error('environment not reset');
    return this.observation;
  }

  get state(): A {
    if (this.current === null) throw new Error('environment not reset');
    return this.current;
  }

  get stepInEpisode(): number {
    return this.steps;
  }

  get validAccuracy(): number {
    return this.currentValid;
  }

  /** Validation accuracy at the episode's start (for the episode return). */
  get episodeStartValid(): number {
    return this.startValid;
  }

  candidate(index: number): A {
    const c = this.candidates[index];
    if (c === undefined) throw new RangeError(`action ${index} outside the ${this.candidates.length} candidates`);
    return c;
  }

  private async query(arch: A): Promise<number> {
    const { space, rng, rewardRepeat } = this.options;
    const benchmark = this.episodeBenchmark;
    const metrics = await benchmark.query(arch, { rng, repeat: rewardRepeat });
    this.queries.record(space.hash(arch), metrics, benchmark.name);
    return metrics.valid;
  }

  private async enter(arch: A): Promise<number> {
    const { space, maxNeighbours, rng } = this.options;
    const valid = await this.query(arch);
    this.current = arch;
    this.currentValid = valid;
    const all = space.neighbours(arch, 'paper').map((n) => n.arch);
    this.candidates = drawAtMost(all, maxNeighbours, rng);
    this.observation = encodeObservation(space, arch, this.candidates);
    return valid;
  }

  /** Start an episode at a uniformly sampled architecture. */
  async reset(): Promise<Observation> {
    const { space, rng } = this.options;
    // One benchmark alone draws nothing, so single-benchmark training keeps its RNG stream.
    if (this.pool.length > 1) this.episodeBenchmark = this.pool[rng.int(this.pool.length)]!;
    const benchmark = this.episodeBenchmark;
    // An architecture without neighbours cannot start a walk; draw again (bounded).
    for (let attempt = 0; attempt < 100; attempt++) {
      const start = isTabular(benchmark) ? benchmark.sample(rng) : space.sample(rng);
      this.startValid = await this.enter(start);
      this.steps = 0;
      if (this.candidates.length > 0) return this.obs;
    }
    throw new Error(`${space.name}: 100 sampled architectures in a row had no neighbours under the paper rules`);
  }

  async step(action: number): Promise<StepResult> {
    const next = this.candidate(action);
    const before = this.currentValid;
    const valid = await this.enter(next);
    this.steps += 1;
    const reward = shapedReward(before, valid, this.options.rewardAlpha);
    // A dead end (no neighbours) also ends the episode early, still as a cut.
    const truncated = this.steps >= this.options.episodeLength || this.candidates.length === 0;
    return { reward, obs: this.obs, truncated, valid };
  }
}
