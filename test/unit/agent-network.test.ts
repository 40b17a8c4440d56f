import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duelingBackward, duelingQ } from '../../src-main/nas/agent/dueling.ts';
import { encodeObservation } from '../../src-main/nas/agent/environment.ts';
import { emptyBatch, packObservations, writeObservation } from '../../src-main/nas/agent/observation.ts';
import { QNetwork, type QNetworkShape } from '../../src-main/nas/agent/q-network.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { nb101Space } from '../../src-main/nas/spaces/nb101/space.ts';
import { nb201Space } from '../../src-main/nas/spaces/nb201/space.ts';

test('dueling aggregation: Q_i = V + A_i − mean of A over the real neighbours only', () => {
  const tokens = 4; // 1 + N with N = 3
  // Row 0: V = 1, A = [2, 4, pad 100]; row 1: V = −1, A = [3, pad, pad].
  const heads = new Float32Array([
    1, 0, 0, 2, 0, 4, 0, 100,
    -1, 0, 0, 3, 0, 50, 0, -50,
  ]);
  const q = duelingQ(heads, Int32Array.from([2, 1]), tokens);
  assert.deepEqual(Array.from(q.slice(0, 2)), [1 + 2 - 3, 1 + 4 - 3]);
  assert.equal(q[2], -Infinity);
  assert.deepEqual(Array.from(q.slice(3, 4)), [-1]);
  assert.equal(q[4], -Infinity);
  assert.equal(q[5], -Infinity);
});

test('dueling backward matches finite differences of Σ g_b Q[b, a_b]', () => {
  const tokens = 5;
  const counts = Int32Array.from([4, 2, 3]);
  const actions = Int32Array.from([3, 0, 1]);
  const g = Float32Array.from([0.5, -2, 1.5]);
  const rng = new Rng(4);
  const heads = new Float32Array(3 * tokens * 2).map(() => rng.next());
  const f = (h: Float32Array): number => {
    const q = duelingQ(h, counts, tokens);
    return [0, 1, 2].reduce((s, b) => s + g[b]! * q[b * (tokens - 1) + actions[b]!]!, 0);
  };
  const d = duelingBackward(g, actions, counts, tokens);
  for (let i = 0; i < heads.length; i++) {
    const h = Float64Array.from(heads);
    const up = Float32Array.from(h.map((v, j) => (j === i ? v + 1e-2 : v)));
    const down = Float32Array.from(h.map((v, j) => (j === i ? v - 1e-2 : v)));
    assert.ok(Math.abs((f(up) - f(down)) / 2e-2 - d[i]!) < 1e-3, `head output ${i}`);
  }
});

const shape: QNetworkShape = { encodingSize: 30, latentDim: 16, layers: 2, heads: 2, ffnDim: 32, dropout: 0, maxNeighbours: 6 };

test('masking: padding never changes the Q-values of the real neighbours', async () => {
  await selectBackend();
  const rng = new Rng(5);
  const net = QNetwork.create(shape, rng);
  const current = nb201Space.sample(rng);
  const candidates = nb201Space.neighbours(current).slice(0, 3).map((n) => n.arch);
  const obs = encodeObservation(nb201Space, current, candidates);
  const clean = packObservations([obs], shape.maxNeighbours, shape.encodingSize);
  const q1 = net.qValues(clean);
  // Garbage in the padded tokens, and a different observation in another row of the batch.
  const dirty = emptyBatch(2, shape.maxNeighbours, shape.encodingSize);
  writeObservation(dirty, 0, obs);
  for (let i = (1 + 3) * 30; i < (1 + 6) * 30; i++) dirty.data[i] = rng.next() * 10 - 5;
  const other = nb201Space.sample(rng);
  writeObservation(dirty, 1, encodeObservation(nb201Space, other, nb201Space.neighbours(other).slice(0, 6).map((n) => n.arch)));
  const q2 = net.qValues(dirty);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(q1[i]! - q2[i]!) < 1e-5, `Q of neighbour ${i}: ${q1[i]} vs ${q2[i]}`);
  for (let i = 3; i < 6; i++) {
    assert.equal(q1[i], -Infinity);
    assert.equal(q2[i], -Infinity);
  }
  // Padding the same neighbours in a network with more slots only shifts nothing but the masked tail.
  net.dispose();
});

test('encodings: token sizes of the spaces and of packed observations', () => {
  assert.equal(nb201Space.encodingSize, 30);
  const rng = new Rng(2);
  const cell = nb201Space.sample(rng);
  const enc = nb201Space.encode(cell);
  assert.equal(enc.length, 30);
  assert.equal(enc.reduce((a, b) => a + b, 0), 6); // one-hot per edge
  assert.equal(nb101Space.encodingSize, 84);
  const c101 = nb101Space.sample(rng);
  assert.equal(nb101Space.encode(c101).length, 84);
  const nbrs = nb101Space.neighbours(c101, 'paper').slice(0, 5).map((n) => n.arch);
  const obs = encodeObservation(nb101Space, c101, nbrs);
  assert.equal(obs.tokens.length, (1 + nbrs.length) * 84);
  assert.equal(obs.count, nbrs.length);
  const batch = packObservations([obs], 25, 84);
  assert.equal(batch.data.length, 26 * 84);
  assert.equal(batch.tokens, 26);
  assert.throws(() => packObservations([obs], 2, 84), /at most 2/);
});
