/**
 * Histograms and summary statistics of a sample, as the analysis views draw them: plain
 * numbers (edges and counts), so they cross the worker protocol and the Api as JSON.
 */

export interface Histogram {
  /** bins + 1 ascending edges; bin i holds values in [edges[i], edges[i+1]) (the last bin is closed). */
  edges: number[];
  counts: number[];
}

export interface SampleStats {
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** The 5th, 25th, 50th, 75th and 95th percentiles (linear interpolation between order statistics). */
  quantiles: { p5: number; p25: number; p50: number; p75: number; p95: number };
}

/** A sample's histogram over `bins` equal bins spanning its range (or `range` when given). */
export function histogram(values: ArrayLike<number>, bins: number, range?: [number, number]): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`a histogram needs a positive whole number of bins, got ${bins}`);
  let lo = range ? range[0] : Infinity;
  let hi = range ? range[1] : -Infinity;
  if (!range) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return { edges: [], counts: [] }; // no values
  // A sample of one value still gets a bin of visible width.
  if (lo === hi) {
    const pad = Math.abs(lo) * 1e-6 || 1e-9;
    lo -= pad;
    hi += pad;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue; // outside a given range, or NaN
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  }
  return { edges, counts };
}

function quantileOfSorted(sorted: Float64Array, p: number): number {
  const at = p * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

/** Mean, standard deviation (n − 1), range and quartiles; throws on an empty sample. */
export function sampleStats(values: ArrayLike<number>): SampleStats {
  const n = values.length;
  if (n === 0) throw new RangeError('statistics of an empty sample');
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (sorted[i]! - mean) ** 2;
  return {
    n,
    mean,
    sd: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    quantiles: {
      p5: quantileOfSorted(sorted, 0.05),
      p25: quantileOfSorted(sorted, 0.25),
      p50: quantileOfSorted(sorted, 0.5),
      p75: quantileOfSorted(sorted, 0.75),
      p95: quantileOfSorted(sorted, 0.95),
    },
  };
}

/** How often each whole-number value occurs, ascending by value (neighbourhood sizes). */
export function countValues(values: readonly number[]): { value: number; count: number }[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
}
