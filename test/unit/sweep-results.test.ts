import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurvePoint, RunStatus } from '#shared/api.ts';
import { applyOverrides } from '#shared/agent-presets.ts';
import { expandRuns, validateExperimentConfig } from '#shared/config.ts';
import { sensitivity, sweepResults, type SweepRunInput } from '#shared/sweep-results.ts';

function sweepConfig() {
  const result = validateExperimentConfig({
    kind: 'train-agent', name: 's', benchmark: 'b', seeds: [0, 1],
    agent: { name: 'a', budget: { minutes: 1 } },
    sweep: { grid: { rewardAlpha: [1, 50] }, evaluate: { budget: 4, seeds: 2, at: [2, 4], baselines: ['random-search'] } },
  });
  assert.ok(result.ok);
  return result.config as typeof result.config & { sweep: NonNullable<typeof result.config.sweep> };
}

/** A curve whose incumbent test accuracy is `value` from the first query on (4 queries). */
const flat = (value: number, queries = 4): CurvePoint[] => Array.from({ length: queries }, (_, i) => [i + 1, value, value] as CurvePoint);

/** Runs with a known accuracy: configuration c, training seed t, search seed s → 0.5 + 0.1·c + 0.01·t + 0.001·s; baselines 0.4. */
function runs(status: (i: number) => RunStatus = () => 'succeeded'): SweepRunInput[] {
  const config = sweepConfig();
  return expandRuns(config, (p, o) => applyOverrides(p, o)).map((run, i) => {
    if (run.kind === 'train-agent') return { config: run, status: status(i), curve: [], sample: null, training: { seconds: 60 + run.seed, envSteps: 1000 * (run.seed + 1), cellsQueried: 100 } };
    const point = run.sweep;
    const value = point ? 0.5 + 0.1 * point.configuration + 0.01 * point.trainingSeed + 0.001 * run.seed : 0.4;
    return { config: run, status: status(i), curve: flat(value), sample: point ? 'in-sample' : null };
  });
}

test('one row per configuration: mean ± s.e. over its agents\' runs at each budget, each agent\'s mean, training cost; baselines; the best', () => {
  const results = sweepResults(sweepConfig(), runs());
  assert.deepEqual(results.budgets, [2, 4]);
  assert.equal(results.bestAt, 4);
  assert.deepEqual(results.axes, [{ param: 'rewardAlpha', scale: 'log' }]);
  const [table] = results.tables;
  assert.equal(table!.benchmark, 'b');
  assert.equal(table!.sample, 'in-sample');
  assert.deepEqual(table!.rows.map((r) => r.label), ['rewardAlpha=1', 'rewardAlpha=50']);
  const cell = table!.rows[1]!.cells[1]!;
  // Configuration 1: values 0.6 + {0, 0.01} + {0, 0.001}.
  assert.equal(cell.summary.n, 4);
  assert.ok(Math.abs(cell.summary.mean - 0.6055) < 1e-12);
  assert.deepEqual(cell.agentMeans.map((a) => [a.trainingSeed, Number(a.mean.toFixed(4))]), [[0, 0.6005], [1, 0.6105]]);
  assert.deepEqual(table!.rows[0]!.training, { trained: 2, planned: 2, seconds: 60.5, envSteps: 1500, cellsQueried: 100 });
  assert.equal(table!.baselines[0]!.searcher, 'random-search');
  assert.equal(table!.baselines[0]!.cells[0]!.summary.mean, 0.4);
  assert.equal(table!.best, 1);
});

test('sensitivity: per value the agents\' mean, s.e. over agents and the band of the lowest and highest agent', () => {
  const [table] = sweepResults(sweepConfig(), runs()).tables;
  const points = sensitivity(table!, 'rewardAlpha', 4);
  assert.deepEqual(points.map((p) => p.value), [1, 50]);
  assert.equal(points[0]!.n, 2);
  assert.ok(Math.abs(points[0]!.mean - 0.5055) < 1e-12);
  assert.ok(Math.abs(points[0]!.low - 0.5005) < 1e-12 && Math.abs(points[0]!.high - 0.5105) < 1e-12);
  assert.ok(Math.abs(points[0]!.se - 0.005) < 1e-12);
});

test('a failed training run counts as not trained, its runs count nowhere, and the best follows the numbers', () => {
  const all = runs();
  // Fail configuration 1's runs of training seed 1 (its training and evaluations): positions 9–11.
  const failed = all.map((r, i) => (i >= 9 && i <= 11 ? { ...r, status: 'failed' as RunStatus, curve: [] } : r));
  const [table] = sweepResults(sweepConfig(), failed).tables;
  assert.equal(table!.rows[1]!.training.trained, 1);
  assert.equal(table!.rows[1]!.cells[1]!.summary.n, 2);
  assert.deepEqual(table!.rows[1]!.cells[1]!.agentMeans.map((a) => a.trainingSeed), [0]);
  // With the better configuration's runs all gone, configuration 0 is the best.
  const none = all.map((r) => (r.config.sweep?.configuration === 1 ? { ...r, status: 'failed' as RunStatus, curve: [] } : r));
  assert.equal(sweepResults(sweepConfig(), none).tables[0]!.best, 0);
  assert.equal(sweepResults(sweepConfig(), none, { bestAt: 2, metric: 'valid' }).bestAt, 2);
});
