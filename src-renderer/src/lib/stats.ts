/**
 * Statistics over incumbent curves: the value of a run's incumbent at any query (a step
 * function), and mean, standard deviation and standard error over seeds on a grid of
 * queries. Only runs that have reached a query count at that query (n says how many).
 */
import type { CurvePoint } from '../../../src-main/shared/api.ts';

/** A step function: value ys[i] holds from xs[i] until the next change; defined up to `end`. */
export interface StepCurve {
  xs: number[];
  ys: number[];
  end: number;
}

export type CurveMetric = 'valid' | 'test';

export function toStepCurve(points: readonly CurvePoint[], metric: CurveMetric): StepCurve {
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
  return { xs, ys, end: last ? last[0] : Number.NEGATIVE_INFINITY };
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

export interface Aggregate {
  x: number[];
  n: number[];
  mean: number[];
  std: number[];
  se: number[];
}

/** Mean, std and s.e. of the curves at each grid query (grid ascending). O(grid + changes) per curve. */
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

/**
 * Queries to evaluate aggregates at: every query up to `maxPoints`, otherwise evenly
 * (or, for a log axis, geometrically) spaced ones; `extra` (the chosen budgets) are always in.
 */
export function queryGrid(budget: number, options: { log?: boolean; maxPoints?: number; extra?: readonly number[] } = {}): number[] {
  const maxPoints = options.maxPoints ?? 1000;
  const end = Math.max(1, Math.floor(budget));
  const set = new Set<number>();
  if (end <= maxPoints) {
    for (let q = 1; q <= end; q++) set.add(q);
  } else if (options.log) {
    const ratio = Math.log(end) / (maxPoints - 1);
    for (let i = 0; i < maxPoints; i++) set.add(Math.min(end, Math.max(1, Math.round(Math.exp(i * ratio)))));
  } else {
    for (let i = 0; i < maxPoints; i++) set.add(Math.max(1, Math.round(1 + (i * (end - 1)) / (maxPoints - 1))));
  }
  for (const q of options.extra ?? []) if (q >= 1 && q <= end) set.add(Math.floor(q));
  set.add(end);
  return [...set].sort((a, b) => a - b);
}

/** Parses "10, 50, 150" into budgets within 1..max; the message says what was wrong. */
export function parseBudgets(text: string, max: number): { budgets: number[]; error: string | null } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const budgets: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1) return { budgets, error: `"${part}" is not a whole number of queries` };
    if (n > max) return { budgets, error: `${n} is beyond the budget of ${max} queries` };
    if (!budgets.includes(n)) budgets.push(n);
  }
  budgets.sort((a, b) => a - b);
  return { budgets, error: budgets.length === 0 ? 'name at least one budget, e.g. 10, 50, 100' : null };
}
