import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SumTree } from '../../src-main/nas/agent/sum-tree.ts';
import { Rng } from '../../src-main/nas/rng.ts';

test('sum tree keeps totals and minimums as priorities change', () => {
  const tree = new SumTree(5);
  assert.equal(tree.total(), 0);
  assert.equal(tree.min(), Infinity);
  [3, 1, 4, 1, 5].forEach((p, i) => tree.set(i, p));
  assert.equal(tree.total(), 14);
  assert.equal(tree.min(), 1);
  tree.set(1, 10);
  assert.equal(tree.total(), 23);
  assert.equal(tree.min(), 1);
  tree.set(3, 2);
  assert.equal(tree.min(), 2);
  tree.clear(3);
  assert.equal(tree.total(), 22);
  assert.equal(tree.min(), 3);
  assert.equal(tree.get(4), 5);
});

test('find returns the leaf whose prefix-sum interval holds the value', () => {
  const tree = new SumTree(4);
  [1, 2, 0, 3].forEach((p, i) => tree.set(i, p));
  const cases: [number, number][] = [[0, 0], [0.99, 0], [1, 1], [2.5, 1], [3, 3], [5.99, 3], [6, 3], [100, 3], [-1, 0]];
  for (const [value, leaf] of cases) assert.equal(tree.find(value), leaf, `find(${value})`);
});

test('stratified sampling is proportional to priority and never picks empty leaves', () => {
  const tree = new SumTree(6);
  const priorities = [1, 0, 2, 4, 0, 1];
  priorities.forEach((p, i) => tree.set(i, p));
  const counts = new Array(6).fill(0);
  const rng = new Rng(3);
  const draws = 80_000;
  for (let i = 0; i < draws / 16; i++) for (const idx of tree.sample(16, rng)) counts[idx]++;
  const total = priorities.reduce((a, b) => a + b, 0);
  priorities.forEach((p, i) => {
    const expected = (draws * p) / total;
    if (p === 0) assert.equal(counts[i], 0);
    else assert.ok(Math.abs(counts[i] - expected) < 0.03 * draws, `leaf ${i}: ${counts[i]} vs ${expected}`);
  });
});

test('leaves round-trip through fromLeaves', () => {
  const tree = new SumTree(7);
  [0.5, 0, 3, 2, 0, 1, 9].forEach((p, i) => tree.set(i, p));
  const copy = SumTree.fromLeaves(tree.leaves());
  assert.equal(copy.total(), tree.total());
  assert.equal(copy.min(), 0.5);
  for (const v of [0, 1, 3.2, 7, 15]) assert.equal(copy.find(v), tree.find(v));
});

test('rejects bad indices and priorities', () => {
  const tree = new SumTree(3);
  assert.throws(() => tree.set(3, 1), /outside/);
  assert.throws(() => tree.set(0, -1), /priority/);
  assert.throws(() => tree.set(0, Number.NaN), /priority/);
  assert.throws(() => new SumTree(0).total(), /capacity/);
});
