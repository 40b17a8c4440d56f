import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewardPotential, shapedReward } from '../../src-main/nas/agent/reward.ts';

test('shaped reward is e^(α(acc′−1)) − e^(α(acc−1))', () => {
  assert.ok(Math.abs(shapedReward(0.9, 0.93, 6) - (Math.exp(6 * -0.07) - Math.exp(6 * -0.1))) < 1e-12);
  assert.equal(shapedReward(0.8, 0.8, 32), 0);
  assert.ok(shapedReward(0.5, 0.6, 6) > 0);
  assert.ok(shapedReward(0.6, 0.5, 6) < 0);
  assert.equal(shapedReward(1, 1, 6), 0);
  assert.ok(Math.abs(rewardPotential(1, 32) - 1) < 1e-15);
});

test('rewards telescope: an episode returns the potential difference of its ends', () => {
  const accs = [0.3, 0.85, 0.7, 0.91, 0.93];
  let sum = 0;
  for (let i = 1; i < accs.length; i++) sum += shapedReward(accs[i - 1]!, accs[i]!, 6);
  assert.ok(Math.abs(sum - (rewardPotential(0.93, 6) - rewardPotential(0.3, 6))) < 1e-12);
});

test('a large α weights improvements near the top more', () => {
  const low = shapedReward(0.5, 0.55, 32);
  const high = shapedReward(0.9, 0.95, 32);
  assert.ok(high > 100 * low);
  assert.throws(() => shapedReward(Number.NaN, 0.5, 6), /finite/);
});
