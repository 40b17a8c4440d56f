/** The one rule for what a run contributes at a budget after its curve ends (shared/curve-stats.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summariseCurves } from '../../src-main/cli/format.ts';
import type { CurvePoint, RunStatus } from '#shared/api.ts';
import { aggregate, countsUntil, toStepCurve, valueAt, valuesAt } from '#shared/curve-stats.ts';

/** Test incumbent 0.5 + q/100 after each of `queries` queries. */
function points(queries: number): CurvePoint[] {
  return Array.from({ length: queries }, (_, i) => [i + 1, 0.6 + (i + 1) / 100, 0.5 + (i + 1) / 100] as CurvePoint);
}

test('a run that succeeded short of its budget keeps its final incumbent; every other run stops at its last query', () => {
  const curve = points(5);
  const at = (status: RunStatus, budget: number, query: number): number | null => valueAt(toStepCurve(curve, 'test', { status, budget }), query);
  assert.equal(at('succeeded', 10, 5), 0.55);
  assert.equal(at('succeeded', 10, 8), 0.55, 'space exhausted: the search is over, its incumbent stands');
  assert.equal(at('succeeded', 10, 500), 0.55);
  assert.equal(at('succeeded', 5, 6), null, 'a run that spent its whole budget was never asked for more');
  for (const status of ['failed', 'cancelled', 'interrupted', 'running', 'paused'] as const) {
    assert.equal(at(status, 10, 5), 0.55);
    assert.equal(at(status, 10, 6), null, `${status}: nothing past its last query`);
  }
  assert.equal(countsUntil(5, { status: 'succeeded', budget: 10 }), Number.POSITIVE_INFINITY);
  assert.equal(countsUntil(5, { status: 'failed', budget: 10 }), 5);
});

test('the grid aggregate, the budget values and the CLI summary count the same runs', () => {
  const runs = [
    { searcher: 'rs', status: 'succeeded' as const, budget: 10, curve: points(10) },
    { searcher: 'rs', status: 'succeeded' as const, budget: 10, curve: points(4) },
    { searcher: 'rs', status: 'failed' as const, budget: 10, curve: points(3) },
  ];
  const curves = runs.map((r) => toStepCurve(r.curve, 'test', r));
  const agg = aggregate(curves, [3, 4, 10]);
  assert.deepEqual(agg.n, [3, 2, 2]);
  assert.deepEqual(valuesAt(curves, 10), { values: [0.6, 0.54], indices: [0, 1] });
  const [row] = summariseCurves(runs, [3, 4, 10]);
  assert.equal(row!.runs, 3);
  assert.deepEqual([3, 4, 10].map((b) => row!.atBudget.get(b)!.length), [3, 2, 2]);
  assert.ok(Math.abs(agg.mean[2]! - (0.6 + 0.54) / 2) < 1e-12);
});
