import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FreezeClock } from '../../src-main/services/freeze-clock.ts';

test('the freeze clock reports how late its timer fired beyond jitter, once', () => {
  const clock = new FreezeClock(100, 250, 0);
  assert.equal(clock.observe(100), 0, 'on time');
  assert.equal(clock.observe(420), 0, '220 ms late is jitter');
  assert.equal(clock.observe(16_520), 16_000, 'a 16 s suspend');
  assert.equal(clock.observe(16_620), 0, 'counted once');
});
