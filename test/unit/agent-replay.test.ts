import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Observation } from '../../src-main/nas/agent/observation.ts';
import { PRIORITY_EPSILON, PrioritizedReplay, type Transition } from '../../src-main/nas/agent/replay.ts';
import { Rng } from '../../src-main/nas/rng.ts';

const E = 3;
const N = 4;
function obs(id: number, count = 2): Observation {
  const tokens = new Float32Array((1 + count) * E);
  for (let t = 0; t <= count; t++) tokens.set([id, t, id * 10 + t], t * E);
  return { tokens, count };
}
function transition(id: number): Transition {
  return { obs: obs(id), action: id % 2, reward: id / 10, discount: 0.9, next: obs(id + 1, 1 + (id % 3)) };
}

test('replay sampling is proportional to priority^α and importance weights follow (N·P)^−β / max', () => {
  const alpha = 0.6;
  const replay = new PrioritizedReplay({ capacity: 8, maxNeighbours: N, encodingSize: E, priorityExponent: alpha });
  const raw = [0.1, 1, 2, 0.5];
  raw.forEach((p, i) => replay.add(transition(i), p));
  const scaled = raw.map((p) => Math.pow(p + PRIORITY_EPSILON, alpha));
  const total = scaled.reduce((a, b) => a + b, 0);
  scaled.forEach((s, i) => assert.ok(Math.abs(replay.probability(i) - s / total) < 1e-12));
  const rng = new Rng(11);
  const counts = [0, 0, 0, 0];
  const beta = 0.4;
  const draws = 40_000;
  for (let k = 0; k < draws / 32; k++) {
    const s = replay.sample(32, beta, rng);
    for (let i = 0; i < 32; i++) {
      const slot = s.indices[i]!;
      counts[slot]! += 1;
      const p = scaled[slot]! / total;
      const maxW = Math.pow(4 * (Math.min(...scaled) / total), -beta);
      assert.ok(Math.abs(s.weights[i]! - Math.pow(4 * p, -beta) / maxW) < 1e-5);
      assert.ok(s.weights[i]! <= 1 + 1e-6);
      // The batch rows hold the stored transition.
      assert.equal(s.obs.data[s.obs.tokens * E * i], slot);
      assert.equal(s.actions[i], slot % 2);
      assert.ok(Math.abs(s.rewards[i]! - slot / 10) < 1e-6);
      assert.equal(s.next.counts[i], 1 + (slot % 3));
    }
  }
  scaled.forEach((s, i) => assert.ok(Math.abs(counts[i]! / draws - s / total) < 0.015, `slot ${i}: ${counts[i]! / draws} vs ${s / total}`));
  // The rarest transition has weight 1.
  const rare = replay.sample(64, beta, new Rng(1));
  for (let i = 0; i < 64; i++) if (rare.indices[i] === 0) assert.ok(Math.abs(rare.weights[i]! - 1) < 1e-6);
});

test('priority updates change sampling; the ring overwrites the oldest and recycles pooled encodings', () => {
  const replay = new PrioritizedReplay({ capacity: 4, maxNeighbours: N, encodingSize: E, priorityExponent: 1 });
  for (let i = 0; i < 4; i++) replay.add(transition(i), 1);
  replay.updatePriorities(Int32Array.from([0, 1, 2, 3]), [0, 0, 0, 5]);
  const s = replay.sample(16, 1, new Rng(2));
  assert.ok(s.indices.every((i) => i === 3));
  const pooled = replay.pooledEncodings;
  for (let i = 4; i < 40; i++) replay.add(transition(i % 6), 1);
  assert.equal(replay.size, 4);
  assert.equal(replay.added, 40);
  assert.ok(replay.pooledEncodings <= pooled + 6 * 4 * 2, `pool grew to ${replay.pooledEncodings}`);
});

test('replay state round-trips', () => {
  const replay = new PrioritizedReplay({ capacity: 5, maxNeighbours: N, encodingSize: E, priorityExponent: 0.6 });
  for (let i = 0; i < 7; i++) replay.add(transition(i), i + 1);
  const copy = PrioritizedReplay.restore(replay.serialize());
  assert.equal(copy.size, 5);
  assert.equal(copy.added, 7);
  const a = replay.sample(10, 0.5, new Rng(9));
  const b = copy.sample(10, 0.5, new Rng(9));
  assert.deepEqual(a.indices, b.indices);
  assert.deepEqual(a.weights, b.weights);
  assert.deepEqual(a.obs.data, b.obs.data);
  assert.deepEqual(a.next.data, b.next.data);
  copy.add(transition(20), 3);
  assert.equal(copy.size, 5);
});

test('replay rejects impossible transitions', () => {
  const replay = new PrioritizedReplay({ capacity: 2, maxNeighbours: N, encodingSize: E, priorityExponent: 0.6 });
  assert.throws(() => replay.sample(1, 0.4, new Rng(1)), /empty/);
  assert.throws(() => replay.add({ ...transition(0), action: 5 }, 1), /action/);
  assert.throws(() => replay.add({ ...transition(0), obs: obs(0, 6) }, 1), /at most/);
});
