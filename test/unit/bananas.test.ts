/**
 * BANANAS: the spaces' path encodings (NASLib's definitions, worked by hand here), the MLP
 * ensemble's written-out gradients (finite differences), that its predictor learns the NB201
 * table, and the searcher's contract (NASLib's loop, archwalk's query accounting, refusals).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { resolveSearcherParams } from '#shared/searcher-specs.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { acquisitionValue, meanAndSpread } from '../../src-main/nas/search/bananas/acquisition.ts';
import { bananas, observedBananas, type PredictorFit } from '../../src-main/nas/search/bananas/bananas.ts';
import { MlpEnsemble } from '../../src-main/nas/search/bananas/mlp-ensemble.ts';
import { runSearch } from '../../src-main/nas/search/run-search.ts';
import { nb101Space } from '../../src-main/nas/spaces/nb101/index.ts';
import { NB101_PATH_ENCODING_SIZE, nb101PathIndices } from '../../src-main/nas/spaces/nb101/path-encoding.ts';
import { NB201_OPS, nb201FromIndex, nb201Space, parseNb201 } from '../../src-main/nas/spaces/nb201/space.ts';
import { NB201_PATH_ENCODING_SIZE, nb201PathIndices } from '../../src-main/nas/spaces/nb201/path-encoding.ts';
import { nb301Space, toGenotype } from '../../src-main/nas/spaces/nb301/index.ts';
import { NB301_PATH_ENCODING_SIZE, nb301CellPathIndices } from '../../src-main/nas/spaces/nb301/path-encoding.ts';
import type { SearchSpace } from '../../src-main/nas/spaces/types.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';

const ones = (v: Float32Array): number[] => [...v.keys()].filter((i) => v[i] === 1);

test('NB201 path encoding: the four paths of a cell, by operation sequence, in 155 features', () => {
  assert.equal(NB201_PATH_ENCODING_SIZE, 155);
  const conv3 = NB201_OPS.indexOf('nor_conv_3x3');
  const allConv3 = Array.from({ length: 6 }, () => conv3);
  // [0→3]: 3; [0→1,1→3] and [0→2,2→3]: 5 + 3 + 3·5 = 23 (one feature for both); [0→1,1→2,2→3]: 30 + 3 + 15 + 75 = 123.
  assert.deepEqual(nb201PathIndices(allConv3), [3, 23, 23, 123]);
  assert.deepEqual(ones(nb201Space.predictorEncoding!.encode(allConv3)), [3, 23, 123]);
  const cell = parseNb201('|skip_connect~0|+|none~0|avg_pool_3x3~1|+|nor_conv_1x1~0|nor_conv_3x3~1|none~2|');
  // ops: e0 skip(1), e1 none(0), e2 avg(4), e3 conv1(2), e4 conv3(3), e5 none(0)
  assert.deepEqual(nb201PathIndices(cell), [2, 5 + 1 + 3 * 5, 5 + 0 + 0, 30 + 1 + 4 * 5 + 0]);
  // Every cell has exactly four paths, and every index fits.
  for (let i = 0; i < 15625; i += 97) {
    const indices = nb201PathIndices(nb201FromIndex(i));
    assert.equal(indices.length, 4);
    for (const index of indices) assert.ok(index >= 0 && index < 155);
  }
});

test('NB101 path encoding: sequences of interior operations from input to output, 364 features, isomorphism-invariant', () => {
  assert.equal(NB101_PATH_ENCODING_SIZE, 364);
  // input → conv3x3 → maxpool → output, and input → output directly.
  const cell = {
    matrix: [
      [0, 1, 0, 1],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 0],
    ],
    ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
  };
  // The empty path is 0; conv3x3 (1) then maxpool (3): 1·1 + 3·3 = 10.
  assert.deepEqual(nb101PathIndices(cell as never).sort((a, b) => a - b), [0, 10]);
  // The same cell with its two interior vertices in the other order is not isomorphic (different paths) ...
  const other = { ...cell, ops: ['input', 'maxpool3x3', 'conv3x3-bn-relu', 'output'] };
  assert.deepEqual(nb101PathIndices(other as never).sort((a, b) => a - b), [0, 3 + 1 * 3]);
  // ... while a relabelling of a diamond (two parallel branches swapped) is, and encodes alike.
  const diamond = (a: string, b: string) => ({
    matrix: [
      [0, 1, 1, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 1],
      [0, 0, 0, 0],
    ],
    ops: ['input', a, b, 'output'],
  });
  const x = nb101Space.predictorEncoding!.encode(diamond('conv1x1-bn-relu', 'maxpool3x3') as never);
  const y = nb101Space.predictorEncoding!.encode(diamond('maxpool3x3', 'conv1x1-bn-relu') as never);
  assert.deepEqual(ones(x), ones(y));
  assert.deepEqual(ones(x), [2, 3]);
  // Random cells: every index fits, a path through 5 interior vertices included.
  const rng = new Rng(4);
  for (let i = 0; i < 200; i++) for (const index of nb101PathIndices(nb101Space.sample(rng))) assert.ok(index >= 0 && index < 364);
});

test('NB301 path encoding: per cell and input, operation sequences of length 0..4; all 8 edges count; edge order within a node does not matter', () => {
  assert.equal(NB301_PATH_ENCODING_SIZE, 4 * 2801);
  // Node 2 ← c(k−2) via op 0 and c(k−1) via op 1; node 3 ← node 2 via op 2 and c(k−2) via op 3;
  // node 4 ← node 3 via op 4 and c(k−1) via op 5; node 5 ← node 4 via op 6 and node 2 via op 0.
  const cell = [[0, 0], [1, 1], [2, 2], [0, 3], [3, 4], [1, 5], [4, 6], [2, 0]] as const;
  const indices = nb301CellPathIndices(cell).sort((a, b) => a - b);
  const B = 2801;
  const seq = (input: number, ops: number[]): number => input * B + ops.reduce((index, op, j) => index + 7 ** j * (op + 1), 0);
  const expected = [
    seq(0, [0]), seq(1, [1]), // into node 2
    seq(0, [0, 2]), seq(1, [1, 2]), seq(0, [3]), // into node 3
    seq(0, [0, 2, 4]), seq(1, [1, 2, 4]), seq(0, [3, 4]), seq(1, [5]), // into node 4
    seq(0, [0, 2, 4, 6]), seq(1, [1, 2, 4, 6]), seq(0, [3, 4, 6]), seq(1, [5, 6]), seq(0, [0, 0]), seq(1, [1, 0]), // into node 5: the 8th edge counts
  ].sort((a, b) => a - b);
  assert.deepEqual(indices, expected);
  const genotype = toGenotype({ normal: cell, reduce: cell });
  const swapped = toGenotype({ normal: [[1, 1], [0, 0], ...cell.slice(2)], reduce: cell });
  const a = nb301Space.predictorEncoding!.encode(genotype);
  assert.deepEqual(ones(a), ones(nb301Space.predictorEncoding!.encode(swapped)));
  // The reduction cell's features are the normal cell's, two blocks on.
  assert.deepEqual(ones(a).filter((i) => i >= 2 * B).map((i) => i - 2 * B), ones(a).filter((i) => i < 2 * B));
});

test('the ensemble\'s written-out gradients match finite differences (MAE + L1 on the output layer)', async () => {
  await selectBackend();
  const rng = new Rng(11);
  const net = new MlpEnsemble({ inputs: 6, members: 2, layers: 3, width: 5 }, rng);
  const rows = 4;
  const xs = Float32Array.from({ length: 2 * rows * 6 }, () => rng.next());
  const ys = Float32Array.from({ length: 2 * rows }, () => 3 + rng.next());
  const x = tf.tensor3d(xs, [2, rows, 6]);
  const y = tf.tensor3d(ys, [2, rows, 1]);
  const l1 = 0.2;
  const { grads } = net.lossAndGradients(x, y, l1);
  const weights = net.params.serialize();
  const lossSum = (): number => {
    net.params.load(weights);
    const { losses, grads: g } = net.lossAndGradients(x, y, l1);
    for (const t of g.values()) t.dispose();
    return losses.reduce((a, b) => a + b, 0);
  };
  const eps = 1e-3;
  let checked = 0;
  weights.names.forEach((name, p) => {
    const g = grads.get(name)!.dataSync();
    const data = weights.data[p]!;
    for (const i of [0, Math.floor(data.length / 3), data.length - 1]) {
      const saved = data[i]!;
      data[i] = saved + eps;
      const up = lossSum();
      data[i] = saved - eps;
      const down = lossSum();
      data[i] = saved;
      const numeric = (up - down) / (2 * eps);
      assert.ok(Math.abs(numeric - g[i]!) <= 5e-3 + 2e-2 * Math.abs(numeric), `${name}[${i}]: analytic ${g[i]}, numeric ${numeric}`);
      checked++;
    }
  });
  assert.equal(checked, 8 * 3);
  for (const t of [x, y, ...grads.values()]) t.dispose();
  net.dispose();
});

test('the members are independent networks: their own initial weights, so their predictions spread', async () => {
  await selectBackend();
  const net = new MlpEnsemble({ inputs: 4, members: 3, layers: 2, width: 8 }, new Rng(3));
  const [a, b, c] = net.predict([Float32Array.of(1, 0, 1, 0), Float32Array.of(0, 1, 0, 1)]);
  assert.notDeepEqual(a, b);
  assert.notDeepEqual(b, c);
  net.dispose();
});

test('trained on 100 NB201 cells, the predictor ranks 1,000 other cells far better than chance (Spearman ρ > 0.45; measured 0.55)', async (t) => {
  const missing = skipWithout(NB201_CSV);
  if (missing) return t.skip(missing);
  await selectBackend();
  const table = realNb201();
  const rng = new Rng(5);
  const encode = nb201Space.predictorEncoding!.encode;
  const cells = rng.shuffle(Array.from({ length: 15625 }, (_, i) => i)).slice(0, 1100).map(nb201FromIndex);
  const valid = cells.map((cell) => table.query(cell).valid * 100);
  const net = new MlpEnsemble({ inputs: 155, members: 3, layers: 20, width: 20 }, rng);
  const losses = net.fit(cells.slice(0, 100).map(encode), valid.slice(0, 100), { epochs: 200, batchSize: 32, learningRate: 0.001, l1: 0.2 }, rng);
  for (const loss of losses) assert.ok(loss < 5, `training error ${loss} points`);
  const predictions = net.predict(cells.slice(100).map(encode));
  const mean = predictions[0]!.map((_, i) => meanAndSpread(predictions.map((m) => m[i]!)).mean);
  const rank = (v: ArrayLike<number>): number[] => {
    const order = Array.from(v, (_, i) => i).sort((a, b) => v[a]! - v[b]!);
    const r = new Array<number>(v.length);
    order.forEach((i, k) => (r[i] = k));
    return r;
  };
  const ra = rank(mean);
  const rb = rank(valid.slice(100));
  const n = ra.length;
  const d2 = ra.reduce((s, r, i) => s + (r - rb[i]!) ** 2, 0);
  const rho = 1 - (6 * d2) / (n * (n * n - 1));
  assert.ok(rho > 0.45, `Spearman ρ ${rho.toFixed(3)}`);
  net.dispose();
});

test('acquisition: Thompson sampling draws around the mean with the members\' spread; UCB and exploit are deterministic', () => {
  assert.deepEqual(meanAndSpread([1, 3]), { mean: 2, std: 1 });
  const rng = new Rng(9);
  assert.equal(acquisitionValue('exploit', [1, 3], rng), 2);
  assert.equal(acquisitionValue('ucb', [1, 3], rng), 2.5);
  assert.equal(acquisitionValue('its', [2, 2, 2], rng), 2, 'no spread, no randomness');
  const draws = Array.from({ length: 4000 }, () => acquisitionValue('its', [1, 3], rng));
  const { mean, std } = meanAndSpread(draws);
  assert.ok(Math.abs(mean - 2) < 0.06 && Math.abs(std - 1) < 0.06, `mean ${mean}, std ${std}`);
});

test('BANANAS on NB201: NASLib\'s loop (10 random, then predictors every k = 10 queries), distinct queries, the same run for the same seed', async (t) => {
  const missing = skipWithout(NB201_CSV);
  if (missing) return t.skip(missing);
  await selectBackend();
  const benchmark = realNb201();
  const params = resolveSearcherParams('bananas', { epochs: 20 });
  const run = async (seed: number) => {
    const fits: PredictorFit[] = [];
    const hashes: string[] = [];
    await runSearch({
      config: { seed, budget: 40, queryDelayMs: 0, searcher: { kind: 'bananas', params } },
      benchmark,
      onQuery: (q) => hashes.push(q.hash),
      searcher: (ctx, p) => observedBananas(ctx, p as typeof params, { onFit: (f) => fits.push(f) }),
    });
    return { fits, hashes };
  };
  const a = await run(1);
  assert.equal(a.hashes.length, 40);
  assert.equal(new Set(a.hashes).size, 40);
  assert.deepEqual(a.fits.map((f) => f.trainSize), [10, 20, 30], 'no predictor is trained once the budget is spent');
  const again = await run(1);
  assert.deepEqual(again.hashes, a.hashes);
  // The first 10 queries are random search's, seed for seed (the same sample stream).
  const random: string[] = [];
  await runSearch({ config: { seed: 1, budget: 10, queryDelayMs: 0, searcher: { kind: 'random-search', params: {} } }, benchmark, onQuery: (q) => random.push(q.hash) });
  assert.deepEqual(a.hashes.slice(0, 10), random);
});

test('BANANAS refuses a space without a predictor encoding, and parameters nobody resolved, naming them', async () => {
  const bare: SearchSpace<number[]> = { ...(nb201Space as SearchSpace<number[]>), name: 'bare', predictorEncoding: undefined };
  const ctx = { space: bare, rng: new Rng(1), sample: () => [0, 0, 0, 0, 0, 0], evaluate: async () => ({ valid: 0.5, test: 0.5, cost: 1 }), queriesLeft: () => 100 };
  await assert.rejects(bananas(ctx, resolveSearcherParams('bananas', {})), /bare space declares no predictor encoding; BANANAS needs one/);
  await assert.rejects(bananas({ ...ctx, space: nb201Space as SearchSpace<number[]> }, { ...resolveSearcherParams('bananas', {}), k: 0 }), /bananas: k must be a positive integer/);
  await assert.rejects(bananas({ ...ctx, space: nb201Space as SearchSpace<number[]> }, { ...resolveSearcherParams('bananas', {}), acquisition: 'ei' as never }), /acquisition must be one of its, ucb, exploit/);
});
