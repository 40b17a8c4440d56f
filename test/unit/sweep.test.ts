import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOverrides } from '#shared/agent-presets.ts';
import { AGENT_HYPER_SPEC } from '#shared/agent-config.ts';
import { expandRuns, validateExperimentConfig, type ExperimentConfig, type SearchRunConfig, type TrainRunConfig } from '#shared/config.ts';
import { runCountIssue, sweepLimitIssue } from '#shared/run-limits.ts';
import { SWEEP_PARAM_NAMES, sweepAxes, sweepConfigurations } from '#shared/sweep.ts';
import { runDependencies } from '../../src-main/services/experiments.ts';

const sweepConfig = (sweep: unknown, extra: Record<string, unknown> = {}) => ({
  kind: 'train-agent',
  name: 'alpha',
  benchmark: 'nb201-cifar10',
  seeds: [0, 1],
  agent: { name: 'a', preset: 'cpu-small', budget: { minutes: 2 } },
  sweep,
  ...extra,
});

const GRID = { grid: { rewardAlpha: [1, 6, 50] }, evaluate: { budget: 100, seeds: 3 } };

function accepted(raw: unknown): ExperimentConfig {
  const result = validateExperimentConfig(raw);
  if (!result.ok) assert.fail(result.issues.map((i) => i.message).join('\n'));
  return result.config;
}

function issues(raw: unknown): { path: string; message: string }[] {
  const result = validateExperimentConfig(raw);
  assert.equal(result.ok, false, 'expected the config to be refused');
  return result.ok ? [] : result.issues;
}

test('every agent hyperparameter and the training budget are sweepable, with the agent spec\'s domains', () => {
  for (const name of Object.keys(AGENT_HYPER_SPEC)) assert.ok(SWEEP_PARAM_NAMES.includes(name as never), name);
  for (const name of ['minutes', 'envSteps', 'learnerSteps']) assert.ok(SWEEP_PARAM_NAMES.includes(name as never), name);
  // The domain is the agent spec's: α above its maximum is refused naming the field and value.
  const refused = issues(sweepConfig({ grid: { rewardAlpha: [1, AGENT_HYPER_SPEC.rewardAlpha.max + 1] }, evaluate: { budget: 10 } }));
  assert.deepEqual(refused.map((i) => i.path), ['sweep.grid.rewardAlpha[1]']);
  assert.match(refused[0]!.message, /at most 1000, got 1001/);
});

test('a grid crosses its lists, first parameter outermost; defaults for the evaluation are filled in', () => {
  const config = accepted(sweepConfig({ grid: { gamma: [0.8, 0.9], maxNeighbours: [8, 16, 24] }, evaluate: { budget: 100 } }));
  const configurations = sweepConfigurations(config.sweep!);
  assert.deepEqual(configurations.map((c) => c.label), [
    'gamma=0.8, maxNeighbours=8', 'gamma=0.8, maxNeighbours=16', 'gamma=0.8, maxNeighbours=24',
    'gamma=0.9, maxNeighbours=8', 'gamma=0.9, maxNeighbours=16', 'gamma=0.9, maxNeighbours=24',
  ]);
  const evaluate = config.sweep!.evaluate;
  assert.deepEqual(evaluate.benchmarks, ['nb201-cifar10']);
  assert.deepEqual(evaluate.seeds, [0]);
  assert.deepEqual(evaluate.at, [25, 50, 100]);
  assert.deepEqual(evaluate.baselines.map((b) => b.label), ['random-search', 'local-search']);
  assert.deepEqual(evaluate.baselines[1]!.params, { init: 10 });
  assert.deepEqual(sweepAxes(config.sweep!), [{ param: 'gamma', scale: 'linear' }, { param: 'maxNeighbours', scale: 'linear' }]);
  assert.deepEqual(sweepAxes(accepted(sweepConfig(GRID)).sweep!), [{ param: 'rewardAlpha', scale: 'log' }]);
});

test('random draws are seeded: the same seed draws the same configurations, inside the ranges, integers rounded', () => {
  const random = (seed: number) => ({ random: { draws: 20, seed, ranges: { rewardAlpha: { min: 1, max: 50, scale: 'log' }, nStep: { min: 1, max: 5 } } }, evaluate: { budget: 10 } });
  const a = sweepConfigurations(accepted(sweepConfig(random(7))).sweep!);
  const b = sweepConfigurations(accepted(sweepConfig(random(7))).sweep!);
  const c = sweepConfigurations(accepted(sweepConfig(random(8))).sweep!);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(a.length, 20);
  for (const { values } of a) {
    assert.ok((values.rewardAlpha as number) >= 1 && (values.rewardAlpha as number) <= 50);
    assert.ok(Number.isInteger(values.nStep) && (values.nStep as number) >= 1 && (values.nStep as number) <= 5);
  }
  // Log draws spread over the decades: about half of them below √50 ≈ 7.
  const below = a.filter((x) => (x.values.rewardAlpha as number) < Math.sqrt(50)).length;
  assert.ok(below >= 5 && below <= 15, `log-uniform draws: ${below} of 20 below 7.07`);
  assert.deepEqual(sweepAxes(accepted(sweepConfig(random(7))).sweep!).map((x) => x.scale), ['linear', 'log']);
});

test('bad sweeps: empty grid, empty list, unknown parameter, range outside the domain, choice in a range, both modes', () => {
  assert.deepEqual(issues(sweepConfig({ grid: {}, evaluate: { budget: 10 } })).map((i) => i.path), ['sweep.grid']);
  assert.deepEqual(issues(sweepConfig({ grid: { rewardAlpha: [] }, evaluate: { budget: 10 } })).map((i) => i.path), ['sweep.grid.rewardAlpha']);
  const unknown = issues(sweepConfig({ grid: { alpha: [1] }, evaluate: { budget: 10 } }));
  assert.equal(unknown[0]!.path, 'sweep.grid.alpha');
  assert.match(unknown[0]!.message, /not a sweepable parameter; sweepable: latentDim, /);
  const range = issues(sweepConfig({ random: { draws: 3, ranges: { gamma: { min: 0.5, max: 2 } } }, evaluate: { budget: 10 } }));
  assert.deepEqual(range.map((i) => i.path), ['sweep.random.ranges.gamma.max']);
  assert.deepEqual(issues(sweepConfig({ random: { draws: 3, ranges: { gamma: { min: 0, max: 1, scale: 'log' } } }, evaluate: { budget: 10 } })).map((i) => i.path), ['sweep.random.ranges.gamma.min']);
  assert.deepEqual(issues(sweepConfig({ random: { draws: 3, ranges: { rewardRepeat: { min: 0, max: 1 } } }, evaluate: { budget: 10 } })).map((i) => i.path), ['sweep.random.ranges.rewardRepeat']);
  assert.deepEqual(issues(sweepConfig({ grid: { gamma: [0.9] }, random: { draws: 1, ranges: { gamma: { min: 0, max: 1 } } }, evaluate: { budget: 10 } })).map((i) => i.path), ['sweep']);
  assert.deepEqual(issues(sweepConfig({ grid: { gamma: [0.9] } })).map((i) => i.path), ['sweep.evaluate']);
  assert.deepEqual(issues(sweepConfig({ grid: { gamma: [0.9] }, evaluate: { budget: 10, at: [20] } })).map((i) => i.path), ['sweep.evaluate.at[0]']);
  assert.deepEqual(issues({ ...sweepConfig(GRID), kind: 'search', budget: 10, searchers: ['random-search'], agent: undefined }).map((i) => i.path), ['sweep']);
});

test('expansion: per configuration and training seed a training run, then its evaluations; baselines last', () => {
  const config = accepted(sweepConfig(GRID));
  const runs = expandRuns(config, (preset, overrides) => applyOverrides(preset, overrides));
  // 3 configurations × 2 training seeds × (1 + 3 search seeds) + 2 baselines × 3 seeds.
  assert.equal(runs.length, 3 * 2 * 4 + 6);
  const training = runs.filter((r): r is TrainRunConfig => r.kind === 'train-agent');
  assert.deepEqual(training.map((r) => `${r.agentName}:${r.hyper.rewardAlpha}:${r.budget.seconds}`), [
    'a-c0-seed0:1:120', 'a-c0-seed1:1:120', 'a-c1-seed0:6:120', 'a-c1-seed1:6:120', 'a-c2-seed0:50:120', 'a-c2-seed1:50:120',
  ]);
  const first = runs.slice(1, 4) as SearchRunConfig[];
  assert.deepEqual(first.map((r) => [r.searcher.params.checkpoint, r.seed, r.sweep]), [0, 1, 2].map((seed) => ['a-c0-seed0', seed, { configuration: 0, trainingSeed: 0 }]));
  // The dependency follows from the agent a search names: each evaluation waits for its training run.
  const deps = runDependencies(runs);
  assert.deepEqual(deps.slice(0, 9), [null, 0, 0, 0, null, 4, 4, 4, null]);
  assert.ok(deps.slice(-6).every((d) => d === null));
  // Sweeping the training budget changes the budget, not the hyperparameters.
  const budgetSweep = accepted(sweepConfig({ grid: { minutes: [1, 3] }, evaluate: { budget: 10 } }, { seeds: [0] }));
  const budgets = expandRuns(budgetSweep, (p, o) => applyOverrides(p, o)).filter((r): r is TrainRunConfig => r.kind === 'train-agent').map((r) => r.budget.seconds);
  assert.deepEqual(budgets, [60, 180]);
});

test('run count and the training-time limit are worked out before expanding, each naming its field', () => {
  const config = accepted(sweepConfig(GRID));
  assert.equal(runCountIssue(config, 30), null);
  const tooMany = runCountIssue(config, 29);
  assert.equal(tooMany?.path, 'sweep');
  assert.match(tooMany!.message, /3 configurations × 2 training seeds × \(1 training \+ 1 benchmarks × 3 search seeds\) \+ 2 baselines × 1 benchmarks × 3 search seeds = 30 runs/);
  assert.equal(sweepLimitIssue(config, 6 * 120, 6, 12), null);
  const over = sweepLimitIssue(config, 6 * 120, 6, 11);
  assert.equal(over?.path, 'sweep.confirm');
  assert.match(over!.message, /trains 6 agents for 12 minutes in all, above the limit of 11 minutes/);
  assert.equal(sweepLimitIssue(accepted(sweepConfig({ ...GRID, confirm: true })), 6 * 120, 6, 11), null);
  assert.match(sweepLimitIssue(config, null, 6, 1000)!.message, /without a time limit/);
});

test('a long agent name that would not fit the sweep\'s agent names is refused', () => {
  const refused = issues({ ...sweepConfig(GRID), agent: { name: 'x'.repeat(60), budget: { minutes: 1 } } });
  assert.deepEqual(refused.map((i) => i.path), ['agent.name']);
});
