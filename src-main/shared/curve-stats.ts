/**
 * The one statistic over incumbent curves: what a run contributes at a budget, and mean,
 * standard deviation and standard error over seeds. The app's budget tables and charts, the
 * CLI's summary and every report compute their numbers here, so they agree number for number.
 *
 * What a run contributes at budget b (EARLY_STOP_RULE says it in words on every table):
 * - it has made at least b queries: its incumbent after b queries;
 * - it succeeded with fewer queries than its own budget (its searcher ran out of architectures,
 *   e.g. the budget was larger than the space): its final incumbent, at every later budget.
 *   Its search is over; more queries would not have changed what it found;
 * - otherwise nothing: a failed, cancelled, interrupted or still unfinished run did not get
 *   there, and a run that spent its whole (smaller) budget was never asked to. Each number says
 *   how many runs it covers (n), so a thinned-out cell is visible.
 */
import type { CurvePoint, RunStatus } from './api.ts';

/** The words every budget table shows under it (app, CLI summary, reports). */
export const EARLY_STOP_RULE =
  'A run counts at a budget once it has made that many queries. A run that succeeded with fewer queries than its budget ' +
  '(its search space was exhausted) keeps its final incumbent at every later budget; a failed, cancelled, interrupted ' +
  'or unfinished run counts only up to its last query. n is the number of runs behind each number.';

export type CurveMetric = 'valid' | 'test';

/** How a run ended, as far as its curve's reach is concerned. */
export interface RunEnd {
  readonly status: RunStatus;
  /** The run's own budget (queries). */
  readonly budget: number;
}

/** A step function: value ys[i] holds from xs[i] until the next change; defined up to `end` (inclusive). */
export interface StepCurve {
  xs: number[];
  ys: number[];
  end: number;
}

/** The last query at which a run counts (Infinity: it carries its final incumbent forward). */
export function countsUntil(lastQuery: number, run: RunEnd): number {
  return run.status === 'succeeded' && lastQuery < run.budget ? Number.POSITIVE_INFINITY : lastQuery;
}

/** A run's incumbent curve (one [query, valid, test] point per query or per change) as a step function. */
export function toStepCurve(points: readonly Readonly<CurvePoint>[], metric: CurveMetric, run: RunEnd): StepCurve {
  const index = metric === 'valid' ? 1 : 2;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of points) {
    const y = p[index];
    if (ys.length === 0 || ys[ys.length - 1] !== y) {
      xs.push(p[0]);
      ys.push(y);
    }
  }
  const last = points[points.length - 1];
  return { xs, ys, end: last ? countsUntil(last[0], run) : Number.NEGATIVE_INFINITY };
}

/** The curve's value at query x, or null before its first point or after its end. */
export function valueAt(curve: StepCurve, x: number): number | null {
  if (curve.xs.length === 0 || x < curve.xs[0]! || x > curve.end) return null;
  let lo = 0;
  let hi = curve.xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (curve.xs[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return curve.ys[lo]!;
}

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  /** Standard error of the mean, std / √n. */
  se: number;
}

/** Mean, std and s.e. in one pass (Welford), the same arithmetic as `aggregate`. */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: Number.NaN, std: Number.NaN, se: Number.NaN };
  let mean = 0;
  let m2 = 0;
  values.forEach((v, i) => {
    const d = v - mean;
    mean += d / (i + 1);
    m2 += d * (v - mean);
  });
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  return { n, mean, std, se: std / Math.sqrt(n) };
}

/** The mean of the values (NaN for none). */
export function mean(values: readonly number[]): number {
  return summarize(values).mean;
}

/** The standard error of the mean (0 for one value, NaN for none). */
export function standardError(values: readonly number[]): number {
  return summarize(values).se;
}

/** The values the curves contribute at one budget, in the curves' order, with their indices. */
export function valuesAt(curves: readonly StepCurve[], budget: number): { values: number[]; indices: number[] } {
  const values: number[] = [];
  const indices: number[] = [];
  curves.forEach((curve, i) => {
    const v = valueAt(curve, budget);
    if (v !== null) {
      values.push(v);
      indices.push(i);
    }
  });
  return { values, indices };
}

export interface Aggregate {
  x: number[];
  n: number[];
  mean: number[];
  std: number[];
  se: number[];
}

/** Mean, std and s.e. of the curves at each grid query (grid ascending); queries no run covers are left out. O(grid + changes) per curve. */
export function aggregate(curves: readonly StepCurve[], grid: readonly number[]): Aggregate {
  const g = grid.length;
  const count = new Float64Array(g);
  const mean = new Float64Array(g);
  const m2 = new Float64Array(g);
  for (const curve of curves) {
    let k = -1;
    for (let i = 0; i < g; i++) {
      const x = grid[i]!;
      if (x > curve.end) break;
      while (k + 1 < curve.xs.length && curve.xs[k + 1]! <= x) k++;
      if (k < 0) continue;
      const v = curve.ys[k]!;
      const c = count[i]! + 1;
      count[i] = c;
      const d = v - mean[i]!;
      const m = mean[i]! + d / c;
      mean[i] = m;
      m2[i] = m2[i]! + d * (v - m);
    }
  }
  const out: Aggregate = { x: [], n: [], mean: [], std: [], se: [] };
  for (let i = 0; i < g; i++) {
    const n = count[i]!;
    if (n === 0) continue;
    const std = n > 1 ? Math.sqrt(m2[i]! / (n - 1)) : 0;
    out.x.push(grid[i]!);
    out.n.push(n);
    out.mean.push(mean[i]!);
    out.std.push(std);
    out.se.push(std / Math.sqrt(n));
  }
  return out;
}

/** A run whose curve may still grow: it is waiting, running or paused. */
export function isLive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'paused';
}

/**
 * The live-mean rule. While some runs of a group are live, its mean is settled only up to the
 * least progress among them: past that query the mean would cover just the faster seeds and
 * shift (typically dip) as each slower seed arrives, which reads as the searcher getting worse.
 * Runs that have ended do not hold the mean back (they count as the rule above says). Returns
 * the last settled query: Infinity when no run is live, 0 when a live run has no point yet.
 */
export function settledUntil(curves: readonly StepCurve[], runs: readonly RunEnd[]): number {
  let until = Number.POSITIVE_INFINITY;
  curves.forEach((curve, i) => {
    const run = runs[i];
    if (!run || !isLive(run.status)) return;
    until = Math.min(until, curve.xs.length === 0 ? 0 : Math.max(0, curve.end));
  });
  return until;
}

/** `aggregate` cut at the live-mean rule's settled query: where every seed that will count there has data. */
export function settledAggregate(curves: readonly StepCurve[], runs: readonly RunEnd[], grid: readonly number[]): Aggregate & { until: number } {
  const until = settledUntil(curves, runs);
  return { ...aggregate(curves, until === Number.POSITIVE_INFINITY ? grid : grid.filter((x) => x <= until)), until };
}
