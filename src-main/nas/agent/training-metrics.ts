/**
 * The training metrics stream: learner and episode statistics averaged over each interval,
 * rates over the interval, and the run's totals, emitted every `metricsEverySeconds`.
 */
import type { EpisodeSummary } from './actors.ts';
import type { TrainCounters } from './contract.ts';
import type { LearnerStats } from './learner.ts';

interface Aggregate {
  loss: number;
  meanQ: number;
  td: number;
  gradNorm: number;
  beta: number;
  updates: number;
  episodeReturn: number;
  episodeFinalValid: number;
  episodes: number;
}

function emptyAggregate(): Aggregate {
  return { loss: 0, meanQ: 0, td: 0, gradNorm: 0, beta: 0, updates: 0, episodeReturn: 0, episodeFinalValid: 0, episodes: 0 };
}

/**
 * Where the learner's thread spends its wall time: learner steps, actor steps run in that
 * thread, moving transitions and weights between the actors and the learner (draining worker
 * batches, replay inserts, weight copies), and waiting for the actors' threads. Emitted as each
 * part's share of the interval (`time_learner`, …; what is left is bookkeeping: metrics,
 * checkpoints, the event loop). It says whether more actors would help: a learner thread that
 * mostly waits is actor-bound; one that mostly steps is learner-bound.
 */
export const TIME_PARTS = ['learner', 'actors', 'transport', 'waiting'] as const;
export type TimePart = (typeof TIME_PARTS)[number];

export class TrainingMetrics {
  private aggregate = emptyAggregate();
  private time: Record<TimePart, number> = { learner: 0, actors: 0, transport: 0, waiting: 0 };
  private lastAt = performance.now();
  private lastEnvSteps: number;
  private lastLearnerSteps: number;
  private readonly onMetric: (name: string, step: number, value: number) => void;
  /** The actors' mean exploration rate (fixed per actor in Ape-X). */
  private readonly meanEpsilon: number;
  private readonly everyMs: number;

  constructor(
    onMetric: (name: string, step: number, value: number) => void,
    meanEpsilon: number,
    everyMs: number,
    start: Pick<TrainCounters, 'envSteps' | 'learnerSteps'>,
  ) {
    this.onMetric = onMetric;
    this.meanEpsilon = meanEpsilon;
    this.everyMs = everyMs;
    this.lastEnvSteps = start.envSteps;
    this.lastLearnerSteps = start.learnerSteps;
  }

  addLearnerStep(stats: LearnerStats): void {
    const a = this.aggregate;
    a.loss += stats.loss;
    a.meanQ += stats.meanQ;
    a.td += stats.tdError;
    a.gradNorm += stats.gradNorm;
    a.beta = stats.beta;
    a.updates += 1;
  }

  /** Adds `ms` of the learner thread's time to `part`. */
  addTime(part: TimePart, ms: number): void {
    this.time[part] += ms;
  }

  addEpisode(episode: EpisodeSummary): void {
    this.aggregate.episodes += 1;
    this.aggregate.episodeReturn += episode.return;
    this.aggregate.episodeFinalValid += episode.finalValid;
  }

  get due(): boolean {
    return performance.now() - this.lastAt >= this.everyMs;
  }

  /** Emits the interval's metrics at step `counters.envSteps` and starts a new interval. */
  emit(counters: TrainCounters, replaySize: number): void {
    const now = performance.now();
    const seconds = Math.max(1e-9, (now - this.lastAt) / 1000);
    const step = counters.envSteps;
    const m = (name: string, value: number): void => {
      if (Number.isFinite(value)) this.onMetric(name, step, value);
    };
    const a = this.aggregate;
    if (a.episodes > 0) {
      m('episode_return', a.episodeReturn / a.episodes);
      m('episode_final_valid', a.episodeFinalValid / a.episodes);
    }
    if (a.updates > 0) {
      m('loss', a.loss / a.updates);
      m('mean_q', a.meanQ / a.updates);
      m('td_error', a.td / a.updates);
      m('grad_norm', a.gradNorm / a.updates);
      m('importance_exponent', a.beta);
    }
    m('epsilon', this.meanEpsilon);
    m('replay_size', replaySize);
    for (const part of TIME_PARTS) m(`time_${part}`, this.time[part] / 1000 / seconds);
    this.time = { learner: 0, actors: 0, transport: 0, waiting: 0 };
    m('env_steps_per_s', (counters.envSteps - this.lastEnvSteps) / seconds);
    m('learner_updates_per_s', (counters.learnerSteps - this.lastLearnerSteps) / seconds);
    m('learner_steps', counters.learnerSteps);
    m('episodes', counters.episodes);
    m('queries', counters.queries);
    if (counters.bestHash !== null) {
      m('best_valid', counters.bestValid);
      m('best_test', counters.bestTest);
    }
    this.aggregate = emptyAggregate();
    this.lastAt = now;
    this.lastEnvSteps = counters.envSteps;
    this.lastLearnerSteps = counters.learnerSteps;
  }
}
