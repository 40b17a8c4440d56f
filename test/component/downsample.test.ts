import { describe, expect, test } from 'vitest';
import { compressSteps, lttb, minMaxDownsample } from '../../src-renderer/src/lib/downsample.ts';
import { toStepCurve, valueAt } from '#shared/curve-stats.ts';

function noisy(n: number, seed = 1): [number, number][] {
  let s = seed;
  const rand = (): number => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, (_, i) => [i, Math.sin(i / 500) + (rand() - 0.5) * 0.2] as [number, number]);
}

describe('minMaxDownsample', () => {
  test('keeps the global extremes, the ends and x order, within the point budget', () => {
    const points = noisy(100_000);
    points[31_337] = [31_337, 9];
    points[77_777] = [77_777, -9];
    const out = minMaxDownsample(points, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out[0]).toBe(points[0]);
    expect(out[out.length - 1]).toBe(points[points.length - 1]);
    expect(out).toContain(points[31_337]);
    expect(out).toContain(points[77_777]);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
    // Every bucket's extremes survive, so the drawn envelope matches the data's.
    expect(Math.max(...out.map((p) => p[1]))).toBe(9);
    expect(Math.min(...out.map((p) => p[1]))).toBe(-9);
  });

  test('returns short series unchanged (as a copy)', () => {
    const points = noisy(10);
    const out = minMaxDownsample(points, 100);
    expect(out).toEqual(points);
    expect(out).not.toBe(points);
  });

  test('keeps extra columns of each row', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [i, i % 7, i * 2] as const);
    for (const r of minMaxDownsample(rows, 100)) expect(r[2]).toBe(r[0] * 2);
  });
});

describe('lttb', () => {
  test('returns exactly the threshold, with both ends', () => {
    const points = noisy(10_000);
    const out = lttb(points, 500);
    expect(out).toHaveLength(500);
    expect(out[0]).toBe(points[0]);
    expect(out[499]).toBe(points[9999]);
  });
});

describe('compressSteps', () => {
  test('is lossless for step functions', () => {
    const points: [number, number, number][] = [];
    let v = 0.5;
    for (let q = 1; q <= 10_000; q++) {
      if (q % 997 === 0) v += 0.01;
      points.push([q, v, v - 0.01]);
    }
    const out = compressSteps(points);
    expect(out.length).toBeLessThan(20);
    const run = { status: 'running', budget: 20_000 } as const;
    const full = toStepCurve(points, 'valid', run);
    const small = toStepCurve(out, 'valid', run);
    for (const q of [1, 996, 997, 5000, 9999, 10_000]) expect(valueAt(small, q)).toBe(valueAt(full, q));
    expect(out[out.length - 1]![0]).toBe(10_000);
  });
});
