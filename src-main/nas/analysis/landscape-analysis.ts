/**
 * One benchmark's landscape analysis, as the app's benchmark view and the reports show it:
 * the distribution of validation accuracy, the shaped reward over random neighbour pairs for
 * several α, the random-walk autocorrelation under each neighbourhood rule set, and the
 * distribution of neighbourhood sizes. Deterministic for given parameters (one seeded Rng per
 * part, so changing one part's size does not change the others' draws).
 */
import { Rng } from '../rng.ts';
import type { NeighbourRules } from '../spaces/types.ts';
import { autocorrelation, correlationLength, randomWalks } from './autocorrelation.ts';
import { histogram, sampleStats, type Histogram, type SampleStats } from './histogram.ts';
import { neighbourhoodSizes, type NeighbourhoodSizes } from './neighbourhood-sizes.ts';
import type { AccuracyOracle } from './oracle.ts';
import { neighbourPairs, rewardDistribution, type RewardDistribution } from './reward-distribution.ts';

export interface LandscapeParams {
  /** Reward-shaping α values to show side by side. */
  alphas: number[];
  /** Architectures sampled for the accuracy histogram (surrogates; a table uses all its cells) and for neighbourhood sizes. */
  samples: number;
  /** Random neighbour pairs for the reward distribution. */
  pairs: number;
  /** Random walks per rule set, and steps per walk. */
  walks: number;
  walkSteps: number;
  /** Largest autocorrelation lag. */
  maxLag: number;
  /** Histogram bins. */
  bins: number;
  seed: number;
}

export const DEFAULT_LANDSCAPE_PARAMS: LandscapeParams = {
  alphas: [1, 5, 10, 25, 50],
  samples: 10_000,
  pairs: 10_000,
  walks: 20,
  walkSteps: 500,
  maxLag: 10,
  bins: 40,
  seed: 0,
};

export interface WalkAutocorrelation {
  rules: NeighbourRules;
  /** ρ(k) for k = 1..maxLag; null where undefined. */
  rho: (number | null)[];
  correlationLength: number | null;
  walks: number;
  points: number;
  cutShort: number;
}

export interface LandscapeAnalysis {
  params: LandscapeParams;
  accuracy: {
    /** `table`: every cell of a finite table; `sampled`: `samples` architectures drawn by the space's sampler. */
    source: 'table' | 'sampled';
    histogram: Histogram;
    stats: SampleStats;
  };
  reward: RewardDistribution;
  autocorrelation: WalkAutocorrelation[];
  neighbourhoods: NeighbourhoodSizes[];
  /** Seconds each part took. */
  seconds: { accuracy: number; reward: number; autocorrelation: number; neighbourhoods: number };
}

/** Which part is running, and how far it has got. */
export type LandscapeProgress = (phase: string, done: number, total: number) => void;

export interface LandscapeInput<A> {
  oracle: AccuracyOracle<A>;
  /** A finite table's validation accuracies (all its cells); absent for surrogates. */
  tableValid?: ArrayLike<number>;
}

function finite(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out.push(values[i]!);
  return out;
}

/** Different parts draw from different streams of one seed. */
function partRng(seed: number, part: number): Rng {
  return new Rng((seed * 7919 + part * 104_729) >>> 0);
}

export async function analyseLandscape<A>(input: LandscapeInput<A>, params: LandscapeParams, onProgress: LandscapeProgress = () => {}): Promise<LandscapeAnalysis> {
  const { oracle } = input;
  const clock = (): number => performance.now() / 1000;

  let t = clock();
  const sampleRng = partRng(params.seed, 1);
  const sampled = Array.from({ length: params.samples }, () => oracle.sample(sampleRng));
  let accuracies: number[];
  if (input.tableValid) {
    accuracies = finite(input.tableValid);
  } else {
    accuracies = [];
    const batch = 1000;
    for (let i = 0; i < sampled.length; i += batch) {
      for (const v of await oracle.valid(sampled.slice(i, i + batch))) if (v !== null) accuracies.push(v);
      onProgress('accuracy', Math.min(sampled.length, i + batch), sampled.length);
    }
  }
  if (accuracies.length === 0) throw new RangeError('the benchmark gave no validation accuracy to analyse');
  const accuracy = { source: input.tableValid ? ('table' as const) : ('sampled' as const), histogram: histogram(accuracies, params.bins), stats: sampleStats(accuracies) };
  const accuracySeconds = clock() - t;

  t = clock();
  const pairs = await neighbourPairs(oracle, params.pairs, partRng(params.seed, 2), (d, n) => onProgress('reward pairs', d, n));
  const reward = rewardDistribution(pairs.pairs, params.alphas, params.bins, pairs.drawn);
  const rewardSeconds = clock() - t;

  t = clock();
  const walks: WalkAutocorrelation[] = [];
  for (const rules of oracle.space.neighbourRuleSets) {
    const w = await randomWalks(oracle, rules, params.walks, params.walkSteps, partRng(params.seed, 3), (d, n) => onProgress(`random walks (${rules})`, d, n));
    const rho = autocorrelation(w.series, params.maxLag).map((r) => (Number.isFinite(r) ? r : null));
    walks.push({
      rules,
      rho,
      correlationLength: rho[0] == null ? null : correlationLength(rho[0]),
      walks: w.series.length,
      points: w.series.reduce((n, s) => n + s.length, 0),
      cutShort: w.cutShort,
    });
  }
  const walkSeconds = clock() - t;

  t = clock();
  const neighbourhoods = oracle.space.neighbourRuleSets.map((rules) =>
    neighbourhoodSizes(oracle.space, sampled, rules, (d, n) => onProgress(`neighbourhood sizes (${rules})`, d, n)));
  const neighbourhoodSeconds = clock() - t;

  return {
    params,
    accuracy,
    reward,
    autocorrelation: walks,
    neighbourhoods,
    seconds: { accuracy: accuracySeconds, reward: rewardSeconds, autocorrelation: walkSeconds, neighbourhoods: neighbourhoodSeconds },
  };
}
