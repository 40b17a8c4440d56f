import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { matMulCounter, resetMatMulCounter } from '../../src-main/nas/ml/wasm-kernels.ts';
import { QNetwork, type QNetworkShape } from '../../src-main/nas/agent/q-network.ts';
import { emptyBatch } from '../../src-main/nas/agent/observation.ts';
import { Rng } from '../../src-main/nas/rng.ts';

const shape: QNetworkShape = { encodingSize: 5, latentDim: 8, layers: 2, heads: 2, ffnDim: 12, dropout: 0, maxNeighbours: 3 };

function randomBatch(rng: Rng, counts: number[]) {
  const batch = emptyBatch(counts.length, shape.maxNeighbours, shape.encodingSize);
  counts.forEach((c, b) => {
    batch.counts[b] = c;
    for (let t = 0; t <= c; t++) for (let e = 0; e < shape.encodingSize; e++) batch.data[(b * (shape.maxNeighbours + 1) + t) * shape.encodingSize + e] = rng.next() * 2 - 1;
  });
  return batch;
}

test('wasm: transposed matMul is routed to the fast kernel and stays exact', async () => {
  const backend = await selectBackend();
  if (backend.name !== 'wasm') return;
  const rng = new Rng(1);
  const a = tf.tensor2d(Array.from({ length: 6 * 4 }, () => rng.next()), [6, 4]);
  const b = tf.tensor2d(Array.from({ length: 6 * 5 }, () => rng.next()), [6, 5]);
  resetMatMulCounter();
  const viaFlag = tf.matMul(a, b, true, false).arraySync();
  const explicit = tf.matMul(tf.transpose(a), b).arraySync();
  assert.deepEqual(viaFlag, explicit);
  assert.equal(matMulCounter.transposedRoutes, 1);
  assert.equal(matMulCounter.flops, 2 * 2 * 4 * 6 * 5);
});

test('Q-network backward pass matches finite differences', async () => {
  await selectBackend();
  const rng = new Rng(7);
  const net = QNetwork.create(shape, rng);
  const batch = randomBatch(rng, [3, 1, 2]);
  const coeff = new Float32Array(batch.size * batch.tokens * 2).map(() => rng.next() * 2 - 1);
  const loss = (n: QNetwork): number => {
    const h = n.heads(batch);
    let s = 0;
    for (let i = 0; i < h.length; i++) s += h[i]! * coeff[i]!;
    return s;
  };
  const grads = net.gradients(batch, new Rng(0), () => coeff);
  const weights = net.getWeights();
  const probe = QNetwork.fromWeights(shape, weights);
  const eps = 1e-2;
  let checked = 0;
  for (let p = 0; p < weights.names.length; p++) {
    const name = weights.names[p]!;
    const g = grads.get(name)!.dataSync();
    const data = weights.data[p]!;
    for (const i of [0, Math.floor(data.length / 2), data.length - 1]) {
      const saved = data[i]!;
      data[i] = saved + eps;
      probe.setWeights(weights);
      const up = loss(probe);
      data[i] = saved - eps;
      probe.setWeights(weights);
      const down = loss(probe);
      data[i] = saved;
      const numeric = (up - down) / (2 * eps);
      const analytic = g[i]!;
      assert.ok(Math.abs(numeric - analytic) <= 2e-3 + 2e-2 * Math.abs(numeric), `${name}[${i}]: analytic ${analytic}, numeric ${numeric}`);
      checked++;
    }
  }
  assert.ok(checked > 50);
  for (const g of grads.values()) g.dispose();
  net.dispose();
  probe.dispose();
});

test('wasm: batched products run in the SIMD kernel and match the reference for every transpose', async () => {
  const backend = await selectBackend();
  if (backend.name !== 'wasm') return;
  const rng = new Rng(2);
  const rand = (shape: number[]): tf.Tensor => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() - 0.5), shape);
  for (const [m, k, n] of [[5, 7, 6], [25, 16, 25], [8, 4, 12], [1, 3, 1]] as [number, number, number][]) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = rand(ta ? [3, 2, k, m] : [3, 2, m, k]);
      const b = rand(tb ? [3, 2, n, k] : [3, 2, k, n]);
      resetMatMulCounter();
      const fast = tf.matMul(a, b, ta, tb).arraySync() as number[][][][];
      assert.equal(matMulCounter.simdBatched, 1);
      const A = (ta ? tf.transpose(a, [0, 1, 3, 2]) : a).arraySync() as number[][][][];
      const B = (tb ? tf.transpose(b, [0, 1, 3, 2]) : b).arraySync() as number[][][][];
      for (let x = 0; x < 3; x++) for (let y = 0; y < 2; y++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += A[x]![y]![i]![q]! * B[x]![y]![q]![j]!;
        assert.ok(Math.abs(s - fast[x]![y]![i]![j]!) < 1e-5, `${m}x${k}x${n} ${ta} ${tb}`);
      }
    }
  }
});
