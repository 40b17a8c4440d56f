import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { prepareData } from '../../src-main/nas/live/dataset.ts';
import { countParameters, Nb101Network, vertexChannels } from '../../src-main/nas/live/nb101-network.ts';
import { checkRecipe, learningRateAt, recipeKey, RecipeError } from '../../src-main/nas/live/recipe.ts';
import { assembleTable, buildJobs, JournalWriter, readJournals, toJournalEntry } from '../../src-main/nas/live/table-build.ts';
import { trainCell } from '../../src-main/nas/live/train.ts';
import { Nb101TableBenchmark } from '../../src-main/nas/benchmarks/nb101/table-benchmark.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { cellToGraph, nb101Space, type Nb101Cell } from '../../src-main/nas/spaces/nb101/index.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';
import { bandsRecipe } from '../helpers/idx.ts';
import { nb101Cell } from '../helpers/fixtures.ts';

const DUMMY = join(BENCHMARK_DATA, 'nb101', 'nb101_dummy.json');
const OFFICIAL_SHAPE = { height: 32, width: 32, channels: 3, classes: 10, stemChannels: 128, stacks: 3, cellsPerStack: 3 };

const CHAIN = nb101Cell([[0, 1], [0, 3], [1, 2], [2, 3]], ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output']);

test('the builder reproduces NB101 trainable_parameters of every cell in nb101_dummy.json', { skip: skipWithout(DUMMY) }, () => {
  const records = JSON.parse(readFileSync(DUMMY, 'utf8')) as Record<string, { fixed_metrics: { module_adjacency: number[][]; module_operations: string[]; trainable_parameters: number } }>;
  const entries = Object.values(records);
  assert.equal(entries.length, 30);
  for (const { fixed_metrics: f } of entries) {
    const graph = cellToGraph({ matrix: f.module_adjacency, ops: f.module_operations } as Nb101Cell);
    assert.equal(countParameters(graph, OFFICIAL_SHAPE), f.trainable_parameters, f.module_operations.join(','));
  }
});

test('cells where one vertex feeds several sums train (each sum gets its own gradient copy)', async () => {
  await selectBackend();
  const dir = tempDir();
  try {
    const recipe = bandsRecipe(dir.path, { epochs: 1 });
    // 1 feeds 3 and 4, 2 feeds 4: vertex 4 sums two untruncated inputs that 3 also reads.
    const cell = nb101Cell(
      [[0, 1], [0, 2], [1, 3], [1, 4], [2, 4], [3, 5], [4, 5], [5, 6]],
      ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
    );
    const outcome = await trainCell(cellToGraph(cell), prepareData(recipe.dataset), recipe, 0, { halfway: false });
    assert.ok(Number.isFinite(outcome.finalLoss));
  } finally {
    dir.cleanup();
  }
});

test('vertex channels follow compute_vertex_channels', () => {
  // Two vertices feed the output: 11 channels split 6 + 5; vertex 1 only feeds vertex 2 and takes its width.
  const g = cellToGraph({
    matrix: [
      [0, 1, 0, 1, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
    ],
    ops: ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
  });
  assert.deepEqual(vertexChannels(g, 7, 11), [7, 6, 6, 5, 11]);
  assert.deepEqual(vertexChannels(cellToGraph({ matrix: [[0, 1], [0, 0]], ops: ['input', 'output'] }), 3, 8), [3, 8]);
});

test('recipes: every field is checked by name, and the cache key ignores file paths', () => {
  const dir = tempDir();
  try {
    const recipe = bandsRecipe(dir.path);
    assert.deepEqual(checkRecipe(JSON.parse(JSON.stringify(recipe))), recipe);
    assert.throws(() => checkRecipe({ ...recipe, epochs: 0 }), (e: Error) => e instanceof RecipeError && /epochs must be an integer ≥ 1/.test(e.message));
    assert.throws(() => checkRecipe({ ...recipe, optimizer: 'lamb' }), /optimizer must be one of momentum, adam/);
    assert.throws(() => checkRecipe({ ...recipe, learningRate: -1 }), /learningRate must be a positive number/);
    assert.throws(() => checkRecipe({ ...recipe, dataset: { ...recipe.dataset, trainImages: '' } }), /dataset.trainImages/);
    const moved = { ...recipe, dataset: { ...recipe.dataset, trainImages: '/elsewhere/x.idx' } };
    assert.equal(recipeKey(moved, 'abc'), recipeKey(recipe, 'abc'));
    assert.notEqual(recipeKey(recipe, 'abd'), recipeKey(recipe, 'abc'));
    assert.notEqual(recipeKey({ ...recipe, epochs: 3 }, 'abc'), recipeKey(recipe, 'abc'));
    assert.equal(learningRateAt(recipe, 0, 10), recipe.learningRate);
    assert.ok(Math.abs(learningRateAt(recipe, 5, 10) - recipe.learningRate / 2) < 1e-12);
    assert.equal(learningRateAt(recipe, 10, 10), 0);
  } finally {
    dir.cleanup();
  }
});

test('data preparation: fixed split, standardised pixels, a fingerprint of the content', () => {
  const dir = tempDir();
  try {
    const recipe = bandsRecipe(dir.path);
    const a = prepareData(recipe.dataset);
    const b = prepareData(recipe.dataset);
    assert.equal(a.train.count, 200);
    assert.equal(a.validation.count, 60);
    assert.equal(a.test.count, 60);
    assert.equal(a.classes, 3);
    assert.deepEqual(a.train.labels, b.train.labels);
    assert.equal(a.fingerprint, b.fingerprint);
    let mean = 0;
    for (const v of a.train.images) mean += v;
    assert.ok(Math.abs(mean / a.train.images.length) < 1e-3, 'training pixels are centred');
    const other = prepareData({ ...recipe.dataset, splitSeed: 1 });
    assert.notDeepEqual(other.train.labels, a.train.labels);
    assert.equal(other.fingerprint, a.fingerprint);
    assert.throws(() => prepareData({ ...recipe.dataset, train: 290 }), /exceed the 300 examples/);
    writeFileSync(join(dir.path, 'broken.idx'), Buffer.from([0, 0, 8]));
    assert.throws(() => prepareData({ ...recipe.dataset, trainLabels: join(dir.path, 'broken.idx') }), /broken\.idx/);
  } finally {
    dir.cleanup();
  }
});

test('training learns an easy task, is deterministic per seed, reports progress and stops on request', async () => {
  await selectBackend();
  const dir = tempDir();
  try {
    const recipe = bandsRecipe(dir.path);
    const data = prepareData(recipe.dataset);
    const graph = cellToGraph(CHAIN);
    const progress: number[] = [];
    const first = await trainCell(graph, data, recipe, 3, { onProgress: (p) => progress.push(p.step), progressEvery: 5 });
    assert.ok(first.final.validation > 0.8, `validation accuracy ${first.final.validation} on a 3-class task with an obvious signal`);
    assert.ok(first.final.test > 0.8, `test accuracy ${first.final.test}`);
    assert.equal(first.params, countParameters(graph, { height: 12, width: 12, channels: 1, classes: 3, ...recipe.network }));
    assert.ok(first.halfway !== null && first.halfwayEpoch === 1);
    assert.deepEqual(progress, [5, 10, 15, 20]);
    const again = await trainCell(graph, data, recipe, 3, { halfway: false });
    assert.deepEqual(again.final, first.final);
    assert.equal(again.halfway, null);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(trainCell(graph, data, recipe, 3, { signal: controller.signal }), { name: 'AbortError' });
    const diverged = await trainCell(graph, data, { ...recipe, learningRate: 1e30, optimizer: 'momentum' }, 3);
    assert.ok(diverged.diverged && diverged.diverged.step >= 1, 'divergence is recorded with its step');
    assert.ok(diverged.final.validation < 0.5, `a diverged network is no classifier (${diverged.final.validation})`);
  } finally {
    dir.cleanup();
  }
});

test('table build: journals survive a torn line, refuse another recipe, and assemble into an NB101 table', async () => {
  const dir = tempDir();
  try {
    const jobs = buildJobs(3, [0, 1]);
    assert.equal(jobs.length, 2 * 7, '7 cells with at most 3 vertices, 2 seeds');
    const writer = new JournalWriter(dir.path, 0);
    const outcome = (v: number) => ({ final: { train: v, validation: v, test: v - 0.01 }, halfway: null, halfwayEpoch: 1, params: 100, trainSeconds: 2, halfwaySeconds: 0, finalLoss: 1 });
    jobs.slice(0, 10).forEach((job, i) => writer.append(toJournalEntry(job, outcome(0.5 + i / 100), 'r1', 'cpu')));
    appendFileSync(writer.path, '{"hash": "torn');
    const done = readJournals(dir.path, 'r1');
    assert.equal(done.size, 10);
    assert.throws(() => readJournals(dir.path, 'r2'), /trained under recipe r1, not r2/);
    assert.throws(() => assembleTable(jobs, done, 2, { file: 'x', bytes: 0 }), /4 of 14 \(cell, seed\) trainings are not done/);
    // A restarted worker 0 (same journal, torn tail) writes on a fresh line.
    const restarted = new JournalWriter(dir.path, 0);
    restarted.append(toJournalEntry(jobs[10]!, outcome(0.6), 'r1', 'cpu'));
    assert.equal(readJournals(dir.path, 'r1').size, 11, 'the entry after the torn line is read');
    const writer1 = new JournalWriter(dir.path, 1);
    jobs.slice(11).forEach((job, i) => writer1.append(toJournalEntry(job, outcome(0.6 + (i + 1) / 100), 'r1', 'cpu')));
    const table = assembleTable(jobs, readJournals(dir.path, 'r1'), 2, { file: 'x', bytes: 0 });
    assert.equal(table.count, 7);
    assert.equal(table.repeats, 2);
    const bench = new Nb101TableBenchmark(table, nb101Space, 'tiny');
    const job = jobs[9]!;
    const cell = toJournalEntry(job, outcome(0), 'r1', 'cpu').cell;
    const mean = bench.query(cell, { rng: new Rng(0), repeat: 'mean', fidelity: 2 });
    // jobs are seed-major: seed 0 is jobs 0–6, seed 1 jobs 7–13; job 9 is cell 2 under seed 1.
    assert.equal(job.seed, 1);
    const valueOf = (i: number) => (i < 10 ? 0.5 + i / 100 : 0.6 + (i - 10) / 100);
    const expected = (Math.fround(valueOf(2)) + Math.fround(valueOf(9))) / 2;
    assert.ok(Math.abs(mean.valid - expected) < 1e-6, `mean of both seeds: ${mean.valid} vs ${expected}`);
    assert.equal(bench.query(cell, { rng: new Rng(0), fidelity: 2 }).params, 100);
    assert.ok(existsSync(writer.path));
  } finally {
    dir.cleanup();
  }
});

test('batch-norm moving averages follow moving ← momentum · moving + (1 − momentum) · batch, per channel', async () => {
  await selectBackend();
  const net = new Nb101Network(cellToGraph(CHAIN), { height: 8, width: 8, channels: 1, classes: 3, stemChannels: 4, stacks: 1, cellsPerStack: 1 }, new Rng(1));
  try {
    assert.deepEqual(net.movingStats('stem'), { mean: new Float32Array(4), variance: Float32Array.of(1, 1, 1, 1) });
    const batch = (mean: number[], variance: number[]) => new Map([['stem', { mean: tf.tensor1d(mean), variance: tf.tensor1d(variance) }]]);
    net.updateMovingStats(batch([1, 2, 3, 4], [2, 2, 2, 2]), 0.9);
    net.updateMovingStats(batch([1, 1, 1, 1], [0, 0, 0, 0]), 0.9);
    const { mean, variance } = net.movingStats('stem');
    [1, 2, 3, 4].forEach((m, c) => {
      assert.ok(Math.abs(mean[c]! - (0.9 * 0.1 * m + 0.1)) < 1e-6, `mean[${c}] ${mean[c]}`);
      assert.ok(Math.abs(variance[c]! - 0.9 * (0.9 + 0.1 * 2)) < 1e-6, `variance[${c}] ${variance[c]}`);
    });
    assert.throws(() => net.movingStats('nope'), /no normalisation named nope/);
  } finally {
    net.dispose();
  }
});
