/**
 * Random-walk autocorrelation of validation accuracy over the neighbour graph (Weinberger's
 * landscape measure): walk from uniform starts to a uniformly drawn neighbour at every step, and
 * correlate the accuracy at step t with the accuracy at step t + k. Near 1 at small lags, the
 * landscape is smooth under those rules (a neighbour predicts its neighbours), which is what a
 * walking agent relies on; near 0, a step is as good as a jump to a random architecture.
 */
import type { Rng } from '../rng.ts';
import type { NeighbourRules } from '../spaces/types.ts';
import type { AccuracyOracle } from './oracle.ts';
import type { ProgressSink } from './progress.ts';

export interface WalkSeries {
  /** One accuracy series per walk, in step order (a walk cut short is shorter). */
  series: number[][];
  /** Walks that stopped early because the benchmark holds no accuracy for the next cell. */
  cutShort: number;
}

/**
 * `walks` random walks of `steps` steps each under `rules`, advanced side by side so each step's
 * accuracies are one batch.
 */
export async function randomWalks<A>(oracle: AccuracyOracle<A>, rules: NeighbourRules, walks: number, steps: number, rng: Rng, progress: ProgressSink): Promise<WalkSeries> {
  let positions: (A | null)[] = Array.from({ length: walks }, () => oracle.sample(rng));
  const series: number[][] = Array.from({ length: walks }, () => []);
  let cutShort = 0;
  const record = async (): Promise<void> => {
    const live = positions.flatMap((p, i) => (p === null ? [] : [i]));
    const accs = await oracle.valid(live.map((i) => positions[i]!));
    live.forEach((walk, j) => {
      const acc = accs[j];
      if (acc == null) {
        positions[walk] = null;
        if (series[walk]!.length > 0) cutShort += 1;
      } else {
        series[walk]!.push(acc);
      }
    });
  };
  await record();
  for (let step = 1; step <= steps; step++) {
    positions = positions.map((p) => {
      if (p === null) return null;
      const neighbours = oracle.space.neighbours(p, rules);
      return neighbours.length === 0 ? null : rng.pick(neighbours).arch;
    });
    await record();
    progress(step, steps);
  }
  return { series: series.filter((s) => s.length > 0), cutShort };
}

/**
 * ρ(k) for k = 1..maxLag, pooled over all series: the mean of (f_t − μ)(f_{t+k} − μ) over every
 * pair k steps apart within a walk, divided by the variance σ² of all points (μ, σ² over all
 * points of all walks). NaN where no pair is that far apart or the values do not vary.
 */
export function autocorrelation(series: readonly ArrayLike<number>[], maxLag: number): number[] {
  let n = 0;
  let sum = 0;
  for (const s of series) for (let t = 0; t < s.length; t++, n++) sum += s[t]!;
  const mean = sum / n;
  let squares = 0;
  for (const s of series) for (let t = 0; t < s.length; t++) squares += (s[t]! - mean) ** 2;
  const variance = squares / n;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let products = 0;
    let pairs = 0;
    for (const s of series) {
      for (let t = 0; t + k < s.length; t++) {
        products += (s[t]! - mean) * (s[t + k]! - mean);
        pairs += 1;
      }
    }
    out.push(pairs > 0 && variance > 0 ? products / pairs / variance : Number.NaN);
  }
  return out;
}

/**
 * Weinberger's correlation length ℓ = −1 / ln ρ(1): how many steps until the correlation has
 * fallen by a factor e, if it decays geometrically. Null unless 0 < ρ(1) < 1.
 */
export function correlationLength(rho1: number): number | null {
  return rho1 > 0 && rho1 < 1 ? -1 / Math.log(rho1) : null;
}
