/**
 * The shaped reward over random neighbour pairs: draw an architecture, move to a uniformly drawn
 * neighbour under the space's `paper` rules, and compute the agent's reward for that step for
 * several α at once (agent/reward.ts is the one definition of the reward). The raw accuracy
 * difference of the same pairs is kept beside it: the pair of pictures shows what shaping
 * stretches (steps near the top of the accuracy range) and what it flattens (steps near the bottom).
 */
import { shapedReward } from '../agent/reward.ts';
import type { Rng } from '../rng.ts';
import { histogram, sampleStats, type Histogram, type SampleStats } from './histogram.ts';
import type { AccuracyOracle } from './oracle.ts';
import type { ProgressSink } from './progress.ts';

export interface NeighbourPair {
  acc: number;
  accNext: number;
}

export interface RewardAtAlpha {
  alpha: number;
  histogram: Histogram;
  stats: SampleStats;
  /** Fraction of pairs whose reward is below 1e-3 in magnitude: steps the agent barely feels. */
  nearZero: number;
}

export interface RewardDistribution {
  /** Pairs drawn and how many had both accuracies (a table may lack a neighbour). */
  pairsDrawn: number;
  pairs: number;
  /** acc′ − acc of the same pairs. */
  rawDelta: { histogram: Histogram; stats: SampleStats };
  byAlpha: RewardAtAlpha[];
}

/** Below this magnitude a reward counts as "near zero". */
export const NEAR_ZERO_REWARD = 1e-3;

/** `count` random (architecture, paper-rules neighbour) pairs with both accuracies known. */
export async function neighbourPairs<A>(oracle: AccuracyOracle<A>, count: number, rng: Rng, progress: ProgressSink, batch = 500): Promise<{ drawn: number; pairs: NeighbourPair[] }> {
  const pairs: NeighbourPair[] = [];
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const from: A[] = [];
    const to: A[] = [];
    for (let i = 0; i < n; i++) {
      const arch = oracle.sample(rng);
      const neighbours = oracle.space.neighbours(arch, 'paper');
      if (neighbours.length === 0) continue;
      from.push(arch);
      to.push(rng.pick(neighbours).arch);
    }
    const accs = await oracle.valid([...from, ...to]);
    for (let i = 0; i < from.length; i++) {
      const acc = accs[i];
      const accNext = accs[from.length + i];
      if (acc != null && accNext != null) pairs.push({ acc, accNext });
    }
    progress(done + n, count);
  }
  return { drawn: count, pairs };
}

/** The reward distribution of given pairs for each α. */
export function rewardDistribution(pairs: readonly NeighbourPair[], alphas: readonly number[], bins: number, drawn = pairs.length): RewardDistribution {
  if (pairs.length === 0) throw new RangeError('no neighbour pair had both accuracies, so there is no reward distribution to show');
  const deltas = pairs.map((p) => p.accNext - p.acc);
  return {
    pairsDrawn: drawn,
    pairs: pairs.length,
    rawDelta: { histogram: histogram(deltas, bins), stats: sampleStats(deltas) },
    byAlpha: alphas.map((alpha) => {
      const rewards = pairs.map((p) => shapedReward(p.acc, p.accNext, alpha));
      return {
        alpha,
        histogram: histogram(rewards, bins),
        stats: sampleStats(rewards),
        nearZero: rewards.filter((r) => Math.abs(r) < NEAR_ZERO_REWARD).length / rewards.length,
      };
    }),
  };
}
