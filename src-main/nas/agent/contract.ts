/**
 * The contract between the agent library (src-main/nas/agent, src-main/nas/ml) and the
 * rest of archwalk (config schema, run process, services). The library implements
 * `trainAgent` and `loadAgentPolicy` (exported from ./index.ts); the run process calls them.
 */
import type { Benchmark } from '../benchmarks/types.ts';
import type { SearchControl } from '../search/control.ts';
import type { SearchSpace } from '../spaces/types.ts';

/**
 * What the library consumes. The experiment config's schema (shared/agent-config.ts) defines
 * the same fields and the presets (shared/agent-presets.ts) fill them in; the run process hands
 * them over, so the compiler checks that both sides agree.
 */
export interface AgentHyperparameters {
  /** Latent size d of the token projection (256 on NB101, 512 on NB301 in the paper). */
  latentDim: number;
  layers: number;
  heads: number;
  ffnDim: number;
  dropout: number;
  /** N: at most this many neighbours are drawn each step (the action set). */
  maxNeighbours: number;
  /** T: episodes are cut (time limit, not terminal) after this many steps. */
  episodeLength: number;
  /** α of the shaped reward e^(α(acc'−1)) − e^(α(acc−1)). */
  rewardAlpha: number;
  /** Validation accuracy used in the reward: one sampled repeat (official API) or the mean. */
  rewardRepeat: 'sample' | 'mean';
  gamma: number;
  nStep: number;
  learningRate: number;
  batchSize: number;
  /** U: learner steps between target-network updates. */
  targetUpdateInterval: number;
  replayCapacity: number;
  /** Learner waits until the replay holds this many transitions. */
  replayWarmup: number;
  priorityExponent: number;
  importanceExponentStart: number;
  importanceExponentEnd: number;
  /** Steps over which the importance exponent anneals to its end value. */
  importanceAnnealSteps: number;
  gradientClipNorm: number;
  /** K actors, each with its own environment and network copy. */
  actors: number;
  epsilonBase: number;
  epsilonAlpha: number;
  /** W: actor steps between weight refreshes from the learner. */
  weightSyncInterval: number;
  /** Target ratio of (learner samples consumed) / (environment transitions added); the faster side waits. */
  replayRatio: number;
}

export interface TrainBudget {
  /** Stop after this many environment steps (all actors together)… */
  envSteps?: number;
  /** …or learner updates… */
  learnerSteps?: number;
  /** …or wall-clock seconds, whichever comes first. At least one is required. */
  seconds?: number;
}

export interface TrainCounters {
  envSteps: number;
  learnerSteps: number;
  episodes: number;
  /** Distinct architectures queried during training. */
  queries: number;
  bestValid: number;
  bestTest: number;
  bestHash: string | null;
  elapsedSeconds: number;
}

export interface TrainAgentOptions<A> {
  space: SearchSpace<A>;
  benchmark: Benchmark<A>;
  /**
   * Several benchmarks of `space` (including `benchmark`): each episode draws one, seeded.
   * With actor threads, `actorWorkerBenchmark` must load all of them, in this order.
   */
  benchmarks?: readonly Benchmark<A>[];
  hyper: AgentHyperparameters;
  budget: TrainBudget;
  seed: number;
  /** The checkpoint file; written atomically (temp + rename) every `checkpointEverySeconds`. */
  checkpointPath: string;
  checkpointEverySeconds: number;
  /** Continue from `checkpointPath` (counters, weights, optimizer, replay, RNG states) when it exists. */
  resume: boolean;
  control?: SearchControl;
  /**
   * Streams metrics: episode_return, loss, mean_q, td_error, epsilon, replay_size,
   * env_steps_per_s, learner_updates_per_s, queries, best_valid, best_test.
   */
  onMetric(name: string, step: number, value: number): void;
  onLog(level: 'info' | 'warn', message: string): void;
  onCheckpoint?(path: string, counters: TrainCounters): void;
  /**
   * Optional (agent library extension): how an actor worker thread builds its own copy of
   * the benchmark. Without it the actors run in the learner's thread.
   */
  actorWorkerBenchmark?: BenchmarkLoaderSpec;
  /** Optional: actor worker threads (0 = in the learner's thread). Default min(K, cores − 1) when a loader is given. */
  actorThreads?: number;
  /** Optional: the actor worker entry to start (a bundled .js in the Electron build); default ./actor-worker.ts. */
  actorWorkerUrl?: string | URL;
  /** Optional: seconds between metric emissions (default 2). */
  metricsEverySeconds?: number;
}

/** How a worker thread loads a benchmark: `(await import(module))[exportName](...args)`; args must be JSON/structured-cloneable. */
export interface BenchmarkLoaderSpec {
  /** A file URL (or specifier) the worker can import, e.g. new URL('../benchmarks/load.ts', import.meta.url).href. */
  module: string;
  exportName: string;
  args: unknown[];
}

export interface TrainAgentResult {
  counters: TrainCounters;
  checkpointPath: string;
  /** e.g. "wasm (tfjs-node-gpu not installed)"; recorded with the run. */
  backend: string;
  stopped: boolean;
  /** The distinct cells training queried on each benchmark (by benchmark name): what it has seen of each table. */
  visited: Record<string, string[]>;
}

/** A trained policy: picks one of the candidate neighbours of `current`. */
export interface AgentPolicy {
  readonly spaceName: string;
  readonly hyper: AgentHyperparameters;
  /** Index into `candidates` of the greedy (highest-Q) action. */
  act<A>(space: SearchSpace<A>, current: A, candidates: readonly A[]): number;
  dispose(): void;
}
