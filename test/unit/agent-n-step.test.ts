import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NStepBuffer, nStepReturns } from '../../src-main/nas/agent/n-step.ts';
import type { Observation } from '../../src-main/nas/agent/observation.ts';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

test('n-step returns: full windows, then windows truncated at the episode cut', () => {
  const g = 0.9;
  const r = [1, 2, 3, 4, 5];
  const { returns, discounts, bootstrapOffsets } = nStepReturns(r, 3, g);
  close(returns[0]!, 1 + g * 2 + g * g * 3);
  close(returns[2]!, 3 + g * 4 + g * g * 5);
  close(returns[3]!, 4 + g * 5);
  close(returns[4]!, 5);
  // The cut is a time limit: every transition still bootstraps, with γ^k for its k rewards.
  assert.deepEqual(bootstrapOffsets, [3, 3, 3, 2, 1]);
  discounts.forEach((d, t) => close(d, Math.pow(g, bootstrapOffsets[t]!)));
  // Only a true terminal state zeroes the discount, and only for windows that reach it.
  const terminal = nStepReturns(r, 3, g, true);
  assert.deepEqual(terminal.discounts.map((d) => d === 0), [false, false, true, true, true]);
});

const obs = (id: number): Observation => ({ tokens: new Float32Array([id, 0, 0]), count: 1 });

test('streaming buffer emits n-step transitions that bootstrap from s_{t+n}, and at the cut from s_T', () => {
  const g = 0.5;
  const buf = new NStepBuffer(2, g);
  const rewards = [1, 2, 3];
  const emitted = [];
  // Steps t = 0..2 of an episode cut at T = 3.
  for (let t = 0; t < 3; t++) {
    emitted.push(...buf.bootstrap(obs(t), 10 + t)); // actor computed max Q(s_t) = 10 + t
    buf.push({ obs: obs(t), action: 0, reward: rewards[t]!, q: 0 });
  }
  assert.equal(emitted.length, 1);
  const first = emitted[0]!.transition;
  close(first.reward, 1 + g * 2);
  close(first.discount, g * g);
  assert.equal(first.next.tokens[0], 2);
  close(emitted[0]!.priority, Math.abs(1 + g * 2 + g * g * 12 - 0));
  // Time-limit cut at s_3 with max Q 20: pending t = 1, 2 bootstrap from s_3, not terminal.
  const tail = buf.finish(obs(3), 20);
  assert.equal(tail.length, 2);
  close(tail[0]!.transition.reward, 2 + g * 3);
  close(tail[0]!.transition.discount, g * g);
  close(tail[1]!.transition.reward, 3);
  close(tail[1]!.transition.discount, g);
  for (const e of tail) assert.equal(e.transition.next.tokens[0], 3);
  close(tail[1]!.priority, 3 + g * 20);
  assert.equal(buf.length, 0);
  // A true terminal would not bootstrap.
  buf.push({ obs: obs(0), action: 0, reward: 1, q: 0.25 });
  const term = buf.finish(obs(1), 99, true);
  assert.equal(term[0]!.transition.discount, 0);
  close(term[0]!.priority, 0.75);
});

test('push without bootstrap beyond n is refused', () => {
  const buf = new NStepBuffer(1, 0.9);
  buf.push({ obs: obs(0), action: 0, reward: 0, q: 0 });
  assert.throws(() => buf.push({ obs: obs(1), action: 0, reward: 0, q: 0 }), /overflow/);
});
