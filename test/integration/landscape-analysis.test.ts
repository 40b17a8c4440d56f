// Landscape analyses through the Api: computed in a forked run process with progress events,
// stored, served from the store the second time, recomputed when the parameters change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PushEvent } from '#shared/api.ts';
import { createForkLauncher } from '../../src-main/services/fork-launcher.ts';
import { createServices } from '../../src-main/services/index.ts';
import { join } from 'node:path';
import { archwalk } from '../helpers/cli.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';

const SMALL = { samples: 300, pairs: 400, walks: 4, walkSteps: 60, alphas: [1, 10, 50] };

test('an analysis runs in a process with progress, is stored, and is served from the store until its parameters change', async () => {
  const home = tempDir();
  const services = await createServices({ home: home.path, launcher: createForkLauncher(), mode: 'cli', autoStart: false });
  try {
    const { api, store } = services;
    const events: Extract<PushEvent, { type: 'analysis-progress' }>[] = [];
    api.subscribe((e) => {
      if (e.type === 'analysis-progress') events.push(e);
    });
    const first = await api.getBenchmarkAnalysis('nb101-5v-fmnist', SMALL);
    assert.equal(first.cached, false);
    assert.equal(first.benchmark, 'nb101-5v-fmnist');
    assert.equal(first.analysis.accuracy.stats.n, 2532);
    assert.deepEqual(first.analysis.reward.byAlpha.map((r) => r.alpha), [1, 10, 50]);
    assert.deepEqual(first.analysis.autocorrelation.map((w) => w.rules), ['paper', 'naslib']);
    const phases = new Set(events.map((e) => e.phase));
    for (const phase of ['reward pairs', 'random walks (paper)', 'random walks (naslib)', 'neighbourhood sizes (paper)']) assert.ok(phases.has(phase), `progress for ${phase}: ${[...phases].join(', ')}`);
    const walk = events.filter((e) => e.phase === 'random walks (paper)');
    assert.equal(walk.at(-1)!.done, walk.at(-1)!.total, 'a part reports its end');
    assert.ok(events.every((e) => e.benchmark === 'nb101-5v-fmnist' && e.done <= e.total));
    assert.equal(store.countAnalyses('landscape'), 1);

    events.length = 0;
    const second = await api.getBenchmarkAnalysis('nb101-5v-fmnist', SMALL);
    assert.equal(second.cached, true);
    assert.equal(events.length, 0, 'no process ran');
    assert.deepEqual(second.analysis, first.analysis);
    assert.equal(second.computedAt, first.computedAt);

    const reseeded = await api.getBenchmarkAnalysis('nb101-5v-fmnist', { ...SMALL, seed: 1 });
    assert.equal(reseeded.cached, false);
    assert.notDeepEqual(reseeded.analysis.autocorrelation, first.analysis.autocorrelation);
    assert.equal(store.countAnalyses('landscape'), 2);

    await assert.rejects(api.getBenchmarkAnalysis('no-such-table'), /there is no benchmark named "no-such-table"/);
    await assert.rejects(api.getBenchmarkAnalysis('nb101-5v-fmnist', { ...SMALL, alphas: [10, 10] }), /params\.alphas lists a value twice: 10, 10/);
  } finally {
    await services.close();
    home.cleanup();
  }
});

test('identical requests while an analysis computes share one process', async () => {
  const home = tempDir();
  let launches = 0;
  const fork = createForkLauncher();
  const services = await createServices({ home: home.path, launcher: (cb) => (launches++, fork(cb)), mode: 'cli', autoStart: false });
  try {
    const [a, b] = await Promise.all([services.api.getBenchmarkAnalysis('nb201-cifar10', SMALL), services.api.getBenchmarkAnalysis('nb201-cifar10', SMALL)]);
    assert.equal(launches, 1);
    assert.deepEqual(a.analysis, b.analysis);
    assert.equal(a.analysis.accuracy.source, 'table');
  } finally {
    await services.close();
    home.cleanup();
  }
});

const YAHPO_MODEL = join(BENCHMARK_DATA, 'nb301', 'new_model.onnx');

test('an NB301 surrogate: accuracies of sampled architectures, the surrogate queried in the analysis process', { skip: skipWithout(YAHPO_MODEL) || false }, async () => {
  const home = tempDir();
  const services = await createServices({ home: home.path, launcher: createForkLauncher(), mode: 'cli', autoStart: false, embeddedBenchmarks: false });
  try {
    await services.api.importBenchmark({ kind: 'nb301-yahpo', path: YAHPO_MODEL, name: 'yahpo' });
    const result = await services.api.getBenchmarkAnalysis('yahpo', { samples: 500, pairs: 300, walks: 3, walkSteps: 40, alphas: [10] });
    const a = result.analysis;
    assert.equal(a.accuracy.source, 'sampled');
    assert.equal(a.accuracy.stats.n, 500);
    assert.ok(a.accuracy.stats.min > 0.5 && a.accuracy.stats.max < 1, 'plausible DARTS-space accuracies');
    assert.equal(a.reward.pairs, 300);
    assert.deepEqual(a.autocorrelation.map((w) => [w.rules, w.points]), [['paper', 3 * 41]]);
    assert.deepEqual(a.neighbourhoods[0]!.counts, [{ value: 120, count: 500 }]);
  } finally {
    await services.close();
    home.cleanup();
  }
});

test('archwalk benchmark landscape: a summary with progress on stderr, then from the store; bad flags name themselves', () => {
  const home = tempDir();
  try {
    const first = archwalk(home.path, ['benchmark', 'landscape', 'nb201-cifar10', '--alphas', '1,50', '--seed', '2']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^nb201-cifar10: computed .*seed 2\n/);
    assert.match(first.stdout, /validation accuracy of all 15,625 cells/);
    assert.match(first.stdout, /\n1 +\S+/);
    assert.match(first.stdout, /\n50 +\S+/);
    assert.match(first.stdout, /paper always 24/);
    assert.match(first.stderr, /100%  random walks \(paper\)/);
    const again = archwalk(home.path, ['benchmark', 'landscape', 'nb201-cifar10', '--alphas', '1,50', '--seed', '2', '--json']);
    assert.equal(again.code, 0, again.stderr);
    const parsed = JSON.parse(again.stdout) as { cached: boolean; analysis: { params: { alphas: number[] } } };
    assert.equal(parsed.cached, true);
    assert.deepEqual(parsed.analysis.params.alphas, [1, 50]);
    const bad = archwalk(home.path, ['benchmark', 'landscape', 'nb201-cifar10', '--alphas', '1,x']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--alphas takes numbers separated by commas \(e\.g\. 1,10,50\); "x" is not a number/);
    const tooBig = archwalk(home.path, ['benchmark', 'landscape', 'nb201-cifar10', '--alphas', '500']);
    assert.match(tooBig.stderr, /--alphas\[0\] must be a number from 0\.01 to 200, got number 500/);
  } finally {
    home.cleanup();
  }
});
