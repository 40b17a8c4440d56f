/** The live-mean rule (shared/curve-stats.ts): no mean where only the faster seeds have data yet. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurvePoint, RunStatus } from '#shared/api.ts';
import { aggregate, settledAggregate, settledUntil, toStepCurve, type RunEnd } from '#shared/curve-stats.ts';

/** Incumbent test accuracy `level + q / 1000` after each of `queries` queries. */
function points(queries: number, level: number): CurvePoint[] {
  return Array.from({ length: queries }, (_, i) => [i + 1, level, level + (i + 1) / 1000] as CurvePoint);
}

function curves(runs: ReadonlyArray<{ status: RunStatus; queries: number; level: number }>) {
  const ends: RunEnd[] = runs.map((r) => ({ status: r.status, budget: 10 }));
  return { ends, steps: runs.map((r, i) => toStepCurve(points(r.queries, r.level), 'test', ends[i]!)) };
}

test('a fast seed alone does not make a mean: it is settled only up to the slowest live seed', () => {
  // Seed 0 is well ahead and lucky; seed 1 is slower and worse. Unsettled, the mean at query 8 is
  // seed 0 alone (0.908), and it would dip to about 0.7 once seed 1 gets there.
  const { ends, steps } = curves([
    { status: 'running', queries: 8, level: 0.9 },
    { status: 'running', queries: 3, level: 0.5 },
  ]);
  const grid = [1, 2, 3, 4, 5, 6, 7, 8];
  assert.equal(settledUntil(steps, ends), 3);
  const settled = settledAggregate(steps, ends, grid);
  assert.deepEqual(settled.x, [1, 2, 3]);
  assert.deepEqual(settled.n, [2, 2, 2]);
  assert.equal(settled.until, 3);
  assert.deepEqual(aggregate(steps, grid).n, [2, 2, 2, 1, 1, 1, 1, 1], 'the plain statistic still covers what it can');
});

test('a queued seed holds the whole mean back; finished runs never do', () => {
  const queued = curves([
    { status: 'succeeded', queries: 10, level: 0.9 },
    { status: 'queued', queries: 0, level: 0 },
  ]);
  assert.equal(settledUntil(queued.steps, queued.ends), 0);
  assert.deepEqual(settledAggregate(queued.steps, queued.ends, [1, 5, 10]).x, []);

  const ended = curves([
    { status: 'succeeded', queries: 10, level: 0.9 },
    { status: 'failed', queries: 2, level: 0.5 },
    { status: 'cancelled', queries: 4, level: 0.5 },
  ]);
  assert.equal(settledUntil(ended.steps, ended.ends), Number.POSITIVE_INFINITY);
  const all = settledAggregate(ended.steps, ended.ends, [1, 2, 3, 4, 10]);
  assert.deepEqual(all.x, [1, 2, 3, 4, 10]);
  assert.deepEqual(all.n, [3, 3, 2, 2, 1], 'ended runs count up to their last query, as before');
});

test('a paused run is live: it may still add points', () => {
  const { ends, steps } = curves([
    { status: 'paused', queries: 5, level: 0.8 },
    { status: 'succeeded', queries: 10, level: 0.9 },
  ]);
  assert.equal(settledUntil(steps, ends), 5);
});
