/**
 * One training session of the agent: the learner, the replay buffer and the counters from
 * where the run starts (training-start.ts), the replay-ratio pacing of learner and actors,
 * the metrics stream, checkpoints, and pause/stop between steps. The loops that drive the
 * actors (in this thread or in worker threads, train.ts) call it; it knows nothing of where
 * the actors run.
 */
import type { Rng } from '../rng.ts';
import type { ActorGroupState, EpisodeSummary } from './actors.ts';
import { writeCheckpoint, type CheckpointData } from './checkpoint.ts';
import type { TrainAgentOptions, TrainCounters } from './contract.ts';
import type { QueryLog } from './environment.ts';
import type { Learner } from './learner.ts';
import type { EmittedTransition } from './n-step.ts';
import type { PrioritizedReplay } from './replay.ts';
import { TrainingMetrics, type TimePart } from './training-metrics.ts';
import type { TrainingState } from './training-start.ts';

/** The actors' generator states a checkpoint records. */
export type ActorRngStates = Pick<ActorGroupState, 'envRngs' | 'policyRngs'>;

export class TrainingSession<A> {
  readonly counters: TrainCounters;
  readonly learner: Learner;
  readonly replay: PrioritizedReplay;
  readonly rngPairs: { env: Rng; policy: Rng }[];
  /** Set when a stop request ended the session. */
  stopped = false;

  private readonly learnerRng: Rng;
  private readonly metrics: TrainingMetrics;
  private readonly startedAt = performance.now();
  private readonly elapsedBefore: number;
  private lastCheckpoint = performance.now();
  private lastYield = performance.now();
  // The replay-ratio control counts this session only: transitions restored from a
  // checkpoint are credit the learner may use, learner steps of earlier sessions are not
  // debt (a resumed run with a fresh replay would otherwise wait a whole run's worth).
  private readonly sessionLearnerStart: number;
  private readonly restoredAtStart: number;
  private readonly sessionAddedStart: number;
  private readonly sessionEnvStart: number;

  readonly options: TrainAgentOptions<A>;
  readonly queries: QueryLog;
  /** The ML backend, recorded with every checkpoint. */
  private readonly backend: string;

  constructor(options: TrainAgentOptions<A>, state: TrainingState, queries: QueryLog, backend: string, meanEpsilon: number) {
    this.options = options;
    this.queries = queries;
    this.backend = backend;
    ({ counters: this.counters, learner: this.learner, replay: this.replay, rngPairs: this.rngPairs, learnerRng: this.learnerRng } = state);
    this.elapsedBefore = this.counters.elapsedSeconds;
    this.metrics = new TrainingMetrics(options.onMetric, meanEpsilon, (options.metricsEverySeconds ?? 2) * 1000, this.counters);
    this.sessionLearnerStart = this.counters.learnerSteps;
    this.restoredAtStart = this.replay.size;
    this.sessionAddedStart = this.replay.added - this.restoredAtStart;
    this.sessionEnvStart = this.counters.envSteps;
  }

  /** Seconds trained over all sessions of the run. */
  elapsed(): number {
    return this.elapsedBefore + (performance.now() - this.startedAt) / 1000;
  }

  syncCounters(): void {
    const { counters, queries } = this;
    counters.queries = queries.size;
    if (queries.bestHash !== null) {
      counters.bestValid = queries.bestValid;
      counters.bestTest = queries.bestTest;
      counters.bestHash = queries.bestHash;
    }
    counters.elapsedSeconds = this.elapsed();
  }

  ingestTransitions(transitions: readonly EmittedTransition[]): void {
    for (const e of transitions) this.replay.add(e.transition, e.priority);
  }

  /** Runs `work` and counts its wall time to `part` of the learner thread's time (training-metrics.ts). */
  async timed<T>(part: TimePart, work: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.metrics.addTime(part, performance.now() - started);
    }
  }

  ingestEpisodes(episodes: readonly EpisodeSummary[]): void {
    for (const episode of episodes) {
      this.counters.episodes += 1;
      this.metrics.addEpisode(episode);
    }
  }

  private sessionSamples(): number {
    return (this.counters.learnerSteps - this.sessionLearnerStart) * this.options.hyper.batchSize;
  }

  /** Whether the replay holds enough, and enough new, transitions for the next learner step. */
  learnerReady(): boolean {
    const { hyper } = this.options;
    if (this.replay.size < Math.max(hyper.replayWarmup, hyper.batchSize)) return false;
    if (hyper.replayRatio <= 0) return true;
    return this.sessionSamples() + hyper.batchSize <= hyper.replayRatio * (this.replay.added - this.sessionAddedStart);
  }

  learnerStep(): void {
    const started = performance.now();
    this.metrics.addLearnerStep(this.learner.step(this.replay, this.learnerRng));
    this.metrics.addTime('learner', performance.now() - started);
    this.counters.learnerSteps = this.learner.steps;
  }

  /** Total environment steps (all sessions) actors may have taken, by the replay ratio and the budget. */
  envAllowance(): number {
    const { hyper, budget } = this.options;
    // Enough room for the warmup plus the transitions still pending in n-step buffers and
    // cut episodes (up to nStep + 1 per actor), and for a few batches of parallelism.
    const pending = hyper.actors * (hyper.nStep + 2);
    const slack = Math.max(Math.max(hyper.replayWarmup, hyper.batchSize) + pending, Math.ceil((4 * hyper.batchSize) / Math.max(hyper.replayRatio, 1e-9)), 4 * hyper.actors);
    let allowance =
      hyper.replayRatio > 0
        ? this.sessionEnvStart + Math.max(slack, Math.floor(this.sessionSamples() / hyper.replayRatio) + slack - this.restoredAtStart)
        : Number.POSITIVE_INFINITY;
    if (budget.envSteps !== undefined) allowance = Math.min(allowance, budget.envSteps);
    return allowance;
  }

  envBudgetReached(): boolean {
    const { envSteps } = this.options.budget;
    return envSteps !== undefined && this.counters.envSteps >= envSteps;
  }

  budgetReached(): boolean {
    const { learnerSteps, seconds } = this.options.budget;
    return this.envBudgetReached() ||
      (learnerSteps !== undefined && this.counters.learnerSteps >= learnerSteps) ||
      (seconds !== undefined && this.elapsed() >= seconds);
  }

  /** Pause/stop between steps (yielding to the event loop now and then); true when training should stop. */
  async shouldStop(): Promise<boolean> {
    const { control } = this.options;
    if (performance.now() - this.lastYield > 50) {
      this.lastYield = performance.now();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (control?.paused) await control.waitWhilePaused();
    if (control?.stopRequested) {
      this.stopped = true;
      return true;
    }
    return false;
  }

  emitMetrics(): void {
    this.syncCounters();
    this.metrics.emit(this.counters, this.replay.size);
  }

  emitMetricsWhenDue(): void {
    if (this.metrics.due) this.emitMetrics();
  }

  get checkpointDue(): boolean {
    return performance.now() - this.lastCheckpoint >= this.options.checkpointEverySeconds * 1000;
  }

  /** Writes the checkpoint atomically (checkpoint.ts) and tells the caller. */
  saveCheckpoint(actors: ActorRngStates): void {
    this.syncCounters();
    const { options, counters, queries } = this;
    const data: CheckpointData = {
      spaceName: options.space.name,
      benchmarkName: options.benchmark.name,
      encodingSize: options.space.encodingSize,
      hyper: options.hyper,
      seed: options.seed,
      counters: { ...counters },
      backend: this.backend,
      learnerRng: this.learnerRng.state(),
      actors,
      learner: this.learner.serialize(),
      replay: this.replay.serialize(),
      queryHashes: [...queries.hashes],
      visited: queries.visited(),
    };
    writeCheckpoint(options.checkpointPath, data);
    this.lastCheckpoint = performance.now();
    options.onCheckpoint?.(options.checkpointPath, { ...counters });
  }

  /** The final metrics and checkpoint, with the actors' last generator states. */
  finish(actors: ActorRngStates): void {
    this.emitMetrics();
    this.saveCheckpoint(actors);
  }
}
