import { describe, expect, test } from 'vitest';
import { scatterDownsample } from '../../src-renderer/src/lib/downsample.ts';
import { EvaluatedLog, mayEnterTop, zoomFloor } from '../../src-renderer/src/lib/evaluated-log.ts';

const arch = (query: number, valid = 0.5 + query / 1000, test = valid - 0.01) => ({ query, hash: `h${query}`, valid, test });

describe('EvaluatedLog', () => {
  test('appends in query order and skips what it holds, so overlapping pages and pushes merge cleanly', () => {
    const log = new EvaluatedLog();
    expect(log.lastQuery).toBe(0);
    expect(log.append([1, 2, 3].map((q) => arch(q)))).toBe(3);
    // A push that raced the page, then the page's overlap again.
    expect(log.append([arch(3), arch(4)])).toBe(1);
    expect(log.append([2, 3, 4, 5].map((q) => arch(q)))).toBe(1);
    expect(log.queries).toEqual([1, 2, 3, 4, 5]);
    expect(log.hashes).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    expect(log.length).toBe(5);
    expect(log.lastQuery).toBe(5);
    expect(log.at(1)).toEqual(arch(2));
    expect(log.at(9)).toBeNull();
  });

  test('chart rows are [query, %, index] for the chosen metric', () => {
    const log = new EvaluatedLog();
    log.append([arch(1, 0.9, 0.8), arch(2, 0.7, 0.75)]);
    expect(log.rows('valid')).toEqual([
      [1, 90, 0],
      [2, 70, 1],
    ]);
    expect(log.rows('test').map((r) => r[1])).toEqual([80, 75]);
  });

  test('the best few are refetched only when a new architecture may enter them', () => {
    const top = [{ valid: 0.95 }, { valid: 0.94 }, { valid: 0.93 }];
    expect(mayEnterTop(null, 5, 0.1)).toBe(true);
    expect(mayEnterTop(top, 5, 0.1)).toBe(true);
    expect(mayEnterTop(top, 3, 0.92)).toBe(false);
    expect(mayEnterTop(top, 3, 0.93)).toBe(false);
    expect(mayEnterTop(top, 3, 0.931)).toBe(true);
  });
});

describe('scatterDownsample', () => {
  function cloud(n: number): [number, number, number][] {
    let s = 7;
    const rand = (): number => ((s = (s * 16807) % 2147483647) / 2147483647);
    return Array.from({ length: n }, (_, i) => [i + 1, 80 + rand() * 10, i] as [number, number, number]);
  }

  test('keeps the extremes, the ends and x order within the budget, fast', () => {
    const points = cloud(100_000);
    points[12_345]![1] = 99;
    points[87_654]![1] = 1;
    const t0 = performance.now();
    const out = scatterDownsample(points, 4000);
    const ms = performance.now() - t0;
    expect(out.length).toBeLessThanOrEqual(4000);
    expect(out.length).toBeGreaterThan(3000);
    expect(out[0]).toBe(points[0]);
    expect(out[out.length - 1]).toBe(points[points.length - 1]);
    expect(out).toContain(points[12_345]);
    expect(out).toContain(points[87_654]);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
    expect(ms).toBeLessThan(200);
  });

  test('keeps density: about as many points from each half of an evenly spread cloud', () => {
    const out = scatterDownsample(cloud(20_000), 2000);
    const firstHalf = out.filter((p) => p[0] <= 10_000).length;
    expect(Math.abs(firstHalf - out.length / 2)).toBeLessThan(out.length * 0.05);
    // Not just an envelope: many points come from inside the cloud.
    expect(out.filter((p) => p[1] > 82 && p[1] < 88).length).toBeGreaterThan(out.length / 4);
  });

  test('returns small sets as they are (a copy)', () => {
    const points = cloud(100);
    const out = scatterDownsample(points, 4000);
    expect(out).toEqual(points);
    expect(out).not.toBe(points);
  });
});

describe('zoomFloor', () => {
  test('starts the axis a little under the lower quartile, at a round value, and counts what it leaves out', () => {
    const values = [...Array.from({ length: 90 }, (_, i) => 85 + (i % 10) * 0.7), 10, 10, 10, 12, 15, 30, 45, 60, 70, 75];
    const floor = zoomFloor(values)!;
    expect(floor.min % 1).toBe(0);
    expect(floor.min).toBeGreaterThan(75);
    expect(floor.min).toBeLessThanOrEqual(85);
    expect(floor.below).toBe(10);
  });

  test('nothing to zoom for a few values or a tight cloud', () => {
    expect(zoomFloor([1, 2, 3])).toBeNull();
    expect(zoomFloor(Array.from({ length: 50 }, (_, i) => 90 + i * 0.01))).toBeNull();
  });
});
