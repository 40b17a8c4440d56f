import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src-main/nas/rng.ts';

test('the same seed gives the same stream; a restored state continues it', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const first = Array.from({ length: 5 }, () => a.nextUint32());
  assert.deepEqual(first, Array.from({ length: 5 }, () => b.nextUint32()));
  const restored = new Rng(a.state());
  assert.deepEqual(Array.from({ length: 5 }, () => restored.next()), Array.from({ length: 5 }, () => a.next()));
  assert.notDeepEqual(first, Array.from({ length: 5 }, () => new Rng(43).nextUint32()));
});

test('int is uniform enough and within bounds', () => {
  const rng = new Rng(1);
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 100000; i++) counts[rng.int(10)]++;
  for (const c of counts) assert.ok(c > 9500 && c < 10500, `bucket count ${c}`);
  assert.throws(() => rng.int(0), /positive integer/);
});

test('shuffle is a permutation', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = new Rng(3).shuffle(items.slice());
  assert.deepEqual(shuffled.slice().sort((x, y) => x - y), items);
  assert.notDeepEqual(shuffled, items);
});
