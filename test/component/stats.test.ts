import { describe, expect, test } from 'vitest';
import type { CurvePoint } from '#shared/api.ts';
import { bestRowPerBudget, computeGroups, formatSummary, groupSeries } from '../../src-renderer/src/lib/curve-groups.ts';
import { aggregate, summarize, toStepCurve, valueAt, type RunEnd } from '#shared/curve-stats.ts';
import { parseBudgets, queryGrid } from '../../src-renderer/src/lib/stats.ts';

/** Runs that used their whole budget of 10 (20 for groups) or are still running: none counts past its last query. */
const finished: RunEnd = { status: 'succeeded', budget: 10 };
const running: RunEnd = { status: 'running', budget: 10 };

/** A curve whose test incumbent takes `values[i]` from query `at[i]` on, up to `end`. */
function curve(at: number[], values: number[], end: number): CurvePoint[] {
  const out: CurvePoint[] = [];
  let k = -1;
  for (let q = at[0]!; q <= end; q++) {
    while (k + 1 < at.length && at[k + 1]! <= q) k++;
    out.push([q, values[k]! + 0.01, values[k]!]);
  }
  return out;
}

describe('summarize', () => {
  test('mean, sample standard deviation and standard error', () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.se).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 12);
    expect(summarize([3])).toEqual({ n: 1, mean: 3, std: 0, se: 0 });
    expect(summarize([]).n).toBe(0);
  });
});

describe('step curves and aggregates', () => {
  test('valueAt holds the last value and is undefined past the end', () => {
    const c = toStepCurve(curve([1, 5], [0.8, 0.9], 10), 'test', finished);
    expect(c.xs).toEqual([1, 5]);
    expect(valueAt(c, 4)).toBe(0.8);
    expect(valueAt(c, 5)).toBe(0.9);
    expect(valueAt(c, 11)).toBeNull();
    expect(valueAt(c, 0)).toBeNull();
  });

  test('mean ± s.e. over seeds; a run counts only up to the query it reached', () => {
    const a = toStepCurve(curve([1, 3], [0.8, 0.9], 10), 'test', finished);
    const b = toStepCurve(curve([1, 2], [0.7, 0.95], 10), 'test', finished);
    const c = toStepCurve(curve([1], [0.6], 4), 'test', running); // still running: reached query 4
    const agg = aggregate([a, b, c], [1, 2, 3, 4, 5, 10]);
    expect(agg.x).toEqual([1, 2, 3, 4, 5, 10]);
    expect(agg.n).toEqual([3, 3, 3, 3, 2, 2]);
    const at3 = summarize([0.9, 0.95, 0.6]);
    expect(agg.mean[2]).toBeCloseTo(at3.mean, 12);
    expect(agg.std[2]).toBeCloseTo(at3.std, 12);
    expect(agg.se[2]).toBeCloseTo(at3.se, 12);
    expect(agg.mean[5]).toBeCloseTo(0.925, 12);
  });

  test('groups: bands, budgets table and regret against the benchmark optimum', () => {
    const runs = [curve([1, 3], [0.8, 0.9], 20), curve([1, 2], [0.7, 0.95], 20)].map((points) => ({ points, epoch: 0, run: { status: 'succeeded' as const, budget: 20 } }));
    const group = { key: 'rs', name: 'random-search', color: '#4e79a7', curves: runs, optimum: { valid: 0.96, test: 0.95 } };
    const [g] = computeGroups([group], { metric: 'test', band: 'se', regret: false, xLog: false, budget: 20, budgets: [2, 20] });
    expect(g!.atBudgets.map((s) => s.n)).toEqual([2, 2]);
    expect(g!.atBudgets[1]!.mean).toBeCloseTo(92.5, 10);
    expect(formatSummary(g!.atBudgets[1])).toBe('92.50 ± 2.50');
    const series = groupSeries([g!], { band: 'se', regret: false }, 1);
    expect(series.map((s) => s.kind)).toEqual(['line', 'band']);
    const band = series[1]!.data();
    const mean = series[0]!.data();
    const i = mean.findIndex((r) => r[0] === 20);
    expect(band[i]![1]).toBeCloseTo(90, 10);
    expect(band[i]![2]).toBeCloseTo(95, 10);

    const [r] = computeGroups([group], { metric: 'test', band: 'std', regret: true, xLog: false, budget: 20, budgets: [20] });
    expect(r!.atBudgets[0]!.mean).toBeCloseTo(95 - 92.5, 10);
    const unknown = computeGroups([{ ...group, optimum: null }], { metric: 'test', band: 'std', regret: true, xLog: false, budget: 20, budgets: [20] });
    expect(unknown[0]!.noOptimum).toBe(true);
  });
});

describe('grids and budgets', () => {
  test('every query up to the limit, then spaced points that keep the chosen budgets', () => {
    expect(queryGrid(5)).toEqual([1, 2, 3, 4, 5]);
    const lin = queryGrid(100_000, { maxPoints: 500, extra: [12_345] });
    expect(lin.length).toBeLessThanOrEqual(502);
    expect(lin).toContain(12_345);
    expect(lin[lin.length - 1]).toBe(100_000);
    const log = queryGrid(100_000, { log: true, maxPoints: 200 });
    // A log axis gets as many points below 100 as above: dense where the curve moves.
    expect(log.filter((q) => q <= 100).length).toBeGreaterThan(40);
    expect(lin.filter((q) => q <= 100).length).toBeLessThan(5);
  });

  test('budgets parse, with messages that say what is wrong', () => {
    expect(parseBudgets('10, 50 150', 150)).toEqual({ budgets: [10, 50, 150], error: null });
    expect(parseBudgets('10, 500', 150).error).toMatch(/500 is beyond the budget of 150/);
    expect(parseBudgets('ten', 150).error).toMatch(/"ten" is not a whole number/);
  });
});

describe('the best row of a budget table', () => {
  const at = (...cells: [number, number][]) => ({ atBudgets: cells.map(([n, mean]) => ({ n, mean, std: 0, se: 0 })) });
  test('a single run does not outrank the means beside it; lower is better for regret', () => {
    const stats = [at([3, 70], [3, 80]), at([1, 90], [1, 95]), at([3, 72], [0, 0])];
    expect(bestRowPerBudget(stats, 2, false)).toEqual([2, -1]);
    expect(bestRowPerBudget(stats, 2, true)).toEqual([0, -1]);
  });
  test('single runs compete among themselves when no row is a mean; one contender is no best', () => {
    expect(bestRowPerBudget([at([1, 60]), at([1, 65])], 1, false)).toEqual([1]);
    expect(bestRowPerBudget([at([5, 60])], 1, false)).toEqual([-1]);
  });
});
