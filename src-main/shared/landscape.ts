/**
 * A benchmark's landscape analysis as the Api carries it (the library computes it:
 * nas/analysis/landscape-analysis.ts; the analysis process makes the compiler check that the
 * two shapes agree, and test/unit/layer-twins.test.ts that the defaults do).
 */

export interface LandscapeParams {
  /** Reward-shaping α values shown side by side. */
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

/** What a request may ask for (the Api's parameter table and the app's form use these bounds). */
export const LANDSCAPE_LIMITS = {
  alphas: { min: 0.01, max: 200, maxItems: 8 },
  samples: { min: 100, max: 50_000 },
  pairs: { min: 100, max: 100_000 },
  walks: { min: 1, max: 200 },
  walkSteps: { min: 10, max: 5_000 },
  maxLag: { min: 1, max: 50 },
  bins: { min: 5, max: 200 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

export interface Histogram {
  /** bins + 1 ascending edges; bin i holds [edges[i], edges[i+1]) (the last bin is closed). */
  edges: number[];
  counts: number[];
}

export interface SampleStats {
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  quantiles: { p5: number; p25: number; p50: number; p75: number; p95: number };
}

export interface RewardAtAlpha {
  alpha: number;
  histogram: Histogram;
  stats: SampleStats;
  /** Fraction of pairs whose reward is below 1e-3 in magnitude. */
  nearZero: number;
}

export interface WalkAutocorrelation {
  rules: 'paper' | 'naslib';
  /** ρ(k) for k = 1..maxLag; null where undefined. */
  rho: (number | null)[];
  correlationLength: number | null;
  walks: number;
  points: number;
  cutShort: number;
}

export interface NeighbourhoodSizes {
  rules: 'paper' | 'naslib';
  counts: { value: number; count: number }[];
  stats: SampleStats;
}

export interface LandscapeAnalysis {
  params: LandscapeParams;
  accuracy: { source: 'table' | 'sampled'; histogram: Histogram; stats: SampleStats };
  reward: {
    pairsDrawn: number;
    pairs: number;
    rawDelta: { histogram: Histogram; stats: SampleStats };
    byAlpha: RewardAtAlpha[];
  };
  autocorrelation: WalkAutocorrelation[];
  neighbourhoods: NeighbourhoodSizes[];
  seconds: { accuracy: number; reward: number; autocorrelation: number; neighbourhoods: number };
}

/** The Api's answer: the analysis, and where it came from. */
export interface BenchmarkAnalysis {
  benchmark: string;
  /** The benchmark content checksum the cache is keyed by. */
  contentSha256: string;
  /** Served from the store without computing. */
  cached: boolean;
  computedAt: string;
  analysis: LandscapeAnalysis;
}

/** A request's parameters over the defaults; every given field replaces the default. */
export function resolveLandscapeParams(given: Partial<LandscapeParams> = {}): LandscapeParams {
  const out: LandscapeParams = { ...DEFAULT_LANDSCAPE_PARAMS, alphas: [...DEFAULT_LANDSCAPE_PARAMS.alphas] };
  for (const key of Object.keys(DEFAULT_LANDSCAPE_PARAMS) as (keyof LandscapeParams)[]) {
    const value = given[key];
    if (value !== undefined && value !== null) (out as unknown as Record<string, unknown>)[key] = key === 'alphas' ? [...(value as number[])] : value;
  }
  return out;
}
