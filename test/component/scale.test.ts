/**
 * The quality bar's sizes: 1,000 runs in one experiment and 100,000-point series. These
 * bound the work a chart update does; generous limits, so a slow CI machine still passes.
 */
import { describe, expect, test } from 'vitest';
import type { CurvePoint } from '#shared/api.ts';
import { computeGroups, groupSeries } from '../../src-renderer/src/lib/curve-groups.ts';
import { minMaxDownsample } from '../../src-renderer/src/lib/downsample.ts';

function incumbentCurve(queries: number, seed: number): CurvePoint[] {
  let s = seed + 1;
  let best = 0.5;
  const out: CurvePoint[] = [];
  for (let q = 1; q <= queries; q++) {
    s = (s * 16807) % 2147483647;
    const v = 0.5 + 0.45 * (s / 2147483647);
    if (v > best) best = v;
    out.push([q, best, best - 0.005]);
  }
  return out;
}

describe('at scale', () => {
  test('mean ± s.e. over 1,000 runs of 1,000 queries in well under a second', () => {
    const groups = [0, 1, 2, 3].map((g) => ({
      key: `s${g}`,
      name: `searcher ${g}`,
      color: '#4e79a7',
      curves: Array.from({ length: 250 }, (_, i) => ({ points: incumbentCurve(1000, g * 1000 + i), epoch: 0, run: { status: 'succeeded' as const, budget: 1000 } })),
    }));
    const t0 = performance.now();
    const stats = computeGroups(groups, { metric: 'test', band: 'se', regret: false, xLog: false, budget: 1000, budgets: [10, 100, 1000] });
    const series = groupSeries(stats, { band: 'se', regret: false }, 1);
    const ms = performance.now() - t0;
    expect(stats.every((s) => s.atBudgets[2]!.n === 250)).toBe(true);
    expect(series).toHaveLength(8);
    expect(ms).toBeLessThan(1500);
  });

  test('a 100,000-point series becomes 2,000 drawn points, extremes kept, in milliseconds', () => {
    const points = Array.from({ length: 100_000 }, (_, i) => [i, Math.sin(i / 1000) + (i === 54_321 ? 50 : 0)] as [number, number]);
    const t0 = performance.now();
    const out = minMaxDownsample(points, 2000);
    const ms = performance.now() - t0;
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.some((p) => p[1] > 49)).toBe(true);
    expect(ms).toBeLessThan(200);
  });
});
