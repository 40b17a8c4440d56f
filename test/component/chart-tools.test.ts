/**
 * What every chart's toolbar and axes rely on: round zoom windows and axis ends, the CSV of a
 * chart's data, the live-mean rule as the curve card draws it, and every-run lines that name
 * their run and seed.
 */
import { describe, expect, test } from 'vitest';
import type { CurvePoint, RunStatus } from '#shared/api.ts';
import type { SeriesSpec } from '../../src-renderer/src/components/chart-types.ts';
import { chartCsv } from '../../src-renderer/src/lib/chart-csv.ts';
import { computeGroups, curvesOf, groupSeries, runSeries } from '../../src-renderer/src/lib/curve-groups.ts';
import { niceLogRange, niceRange, niceStep, pctAxisMax, pctAxisMin } from '../../src-renderer/src/lib/nice-range.ts';

describe('round axis ends', () => {
  test('steps are 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.3, 2.2, 3, 7, 0.013, 240].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 0.02, 250]);
  });

  test('a zoom window from 5.69 to 67.78 reads 0 to 70; ends stay within the limits', () => {
    expect(niceRange(5.69, 67.78)).toEqual([0, 70]);
    expect(niceRange(84.13, 93.87)).toEqual([84, 94]);
    expect(niceRange(0.1234, 0.1299)).toEqual([0.123, 0.13]);
    expect(niceRange(97.3, 99.9, { ceiling: 100 })).toEqual([97, 100]);
    expect(niceRange(5.69, 67.78, { floor: 1, ceiling: 60 })).toEqual([1, 60]);
    expect(niceRange(50, 50)).toEqual([45, 55]);
  });

  test('a log axis rounds to 1, 2 or 5 times a power of ten', () => {
    expect(niceLogRange(3.7, 420)).toEqual([2, 500]);
    expect(niceLogRange(12, 98)).toEqual([10, 100]);
    expect(niceLogRange(0.3, 7, { floor: 1 })).toEqual([1, 10]);
  });
});

describe('a chart as CSV', () => {
  test('long form: the full rows of every series, named columns, quoted names', () => {
    const series: SeriesSpec[] = [
      { id: 'a', name: 'search "A", seeded', color: '#000', kind: 'line', version: 1, data: () => [[1, 90, 89, 91, 3, 5], [2, 91.5, 90, 93, 5, 5]], columns: ['mean', 'lower', 'upper', 'seeds', 'of seeds'] },
      { id: 'b', name: 'random-search', label: 'random-search · run #7 · seed 2', color: '#000', kind: 'line', version: 1, data: () => [[1, 88]] },
      { id: 'c', name: 'band', color: '#000', kind: 'band', version: 1, data: () => [[1, 87, 89]] },
    ];
    const csv = chartCsv(series, 'queries', 'incumbent test accuracy');
    expect(csv.split('\r\n')).toEqual([
      'series,queries,mean,lower,upper,seeds,of seeds,incumbent test accuracy',
      '"search ""A"", seeded",1,90,89,91,3,5,',
      '"search ""A"", seeded",2,91.5,90,93,5,5,',
      'random-search · run #7 · seed 2,1,,,,,,88',
      'band,1,,87,89,,,',
      '',
    ]);
  });
});

function points(queries: number, level: number): CurvePoint[] {
  return Array.from({ length: queries }, (_, i) => [i + 1, level, level] as CurvePoint);
}

describe('live means and every-run lines', () => {
  const runs: Array<{ id: number; seed: number; status: RunStatus; budget: number; queries: number; level: number }> = [
    { id: 11, seed: 0, status: 'running', budget: 10, queries: 9, level: 0.9 },
    { id: 12, seed: 1, status: 'running', budget: 10, queries: 4, level: 0.5 },
    { id: 13, seed: 2, status: 'failed', budget: 10, queries: 2, level: 0.7 },
  ];
  const curves = curvesOf(runs, (id) => {
    const r = runs.find((x) => x.id === id)!;
    return { points: points(r.queries, r.level), epoch: 0 };
  });
  const group = { key: 'rs', name: 'random-search', color: '#4e79a7', curves };

  test('the mean stops where the slowest live seed is, and each point says how many seeds it covers', () => {
    const [g] = computeGroups([group], { metric: 'test', band: 'se', regret: false, xLog: false, budget: 10, budgets: [10] });
    expect(g!.settledUntil).toBe(4);
    expect(g!.agg.x).toEqual([1, 2, 3, 4]);
    const [mean] = groupSeries([g!], { band: 'se', regret: false }, 1);
    const rows = mean!.data();
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4]);
    expect(mean!.describe!(rows[0]!)).toMatch(/\(3 of 3 seeds\)$/);
    expect(mean!.describe!(rows[3]!)).toMatch(/\(2 of 3 seeds\)$/);
    // The budget table keeps the plain statistic, with its n.
    expect(g!.atBudgets[0]!.n).toBe(0);
  });

  test('every run: one line per run that names it and opens it', () => {
    const lines = runSeries([group], { metric: 'test', regret: false });
    expect(lines.map((l) => l.label)).toEqual(['random-search · run #11 · seed 0', 'random-search · run #12 · seed 1', 'random-search · run #13 · seed 2']);
    expect(lines.map((l) => l.target)).toEqual([11, 12, 13].map((id) => ({ name: 'run', id })));
  });

  test('a run whose curve has not loaded does not shift the others onto the wrong run', () => {
    const partial = curvesOf(runs, (id) => (id === 11 ? undefined : { points: points(2, 0.6), epoch: 0 }));
    const lines = runSeries([{ ...group, curves: partial }], { metric: 'test', regret: false });
    expect(lines.map((l) => l.target?.id)).toEqual([12, 13]);
  });
});

describe('percentage axis ends', () => {
  test('never past 100; a flat line gets a point either side instead of 60..140 %', () => {
    expect(pctAxisMax({ min: 90, max: 101.2 })).toBe(100);
    expect(pctAxisMax({ min: 80, max: 91.3 })).toBeNull();
    expect(pctAxisMin({ min: 80, max: 91.3 })).toBeNull();
    expect([pctAxisMin({ min: 91.34, max: 91.34 }), pctAxisMax({ min: 91.34, max: 91.34 })]).toEqual([90, 92]);
    expect([pctAxisMin({ min: 100, max: 100 }), pctAxisMax({ min: 100, max: 100 })]).toEqual([99, 100]);
    expect(pctAxisMin({ min: 0, max: 0 })).toBe(0);
  });
});
