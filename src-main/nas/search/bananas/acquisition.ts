/**
 * Acquisition functions over an ensemble's predictions for one candidate (NASLib
 * optimizers/discrete/bananas/acquisition_functions.py). The spread is the population
 * standard deviation of the members' predictions, as NASLib's np.std.
 */
import type { Rng } from '../../rng.ts';

export const ACQUISITIONS = ['its', 'ucb', 'exploit'] as const;
export type Acquisition = (typeof ACQUISITIONS)[number];

/** NASLib's explore factor for UCB. */
const UCB_EXPLORE = 0.5;

export function meanAndSpread(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * The acquisition value of a candidate whose members predict `predictions`:
 * - its: independent Thompson sampling, one draw from N(mean, std²) per candidate;
 * - ucb: mean + 0.5·std;
 * - exploit: the mean alone.
 */
export function acquisitionValue(kind: Acquisition, predictions: readonly number[], rng: Rng): number {
  const { mean, std } = meanAndSpread(predictions);
  switch (kind) {
    case 'its':
      return mean + std * rng.gaussian();
    case 'ucb':
      return mean + UCB_EXPLORE * std;
    case 'exploit':
      return mean;
  }
}
