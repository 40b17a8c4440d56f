import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coverage, pairedValues, spearman, topCells } from '../../src-main/nas/transfer.ts';

test("Spearman's rho matches hand-computed values", () => {
  // No ties: d = rank differences (0, 1, -1, 0, 0) → ρ = 1 − 6·2 / (5·24) = 0.9.
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [1, 3, 2, 4, 5]) - 0.9) < 1e-12);
  assert.equal(spearman([1, 2, 3], [30, 20, 10]), -1);
  // Ties: ranks x = (1, 2.5, 2.5, 4), y = (1, 2, 3, 4); Pearson of the ranks = 4.5 / √(4.5·5) = 0.948683…
  assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 4.5 / Math.sqrt(4.5 * 5)) < 1e-12);
  assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
  assert.throws(() => spearman([1, 2], [1]), /paired samples/);
});

test('paired values join the two tables by cell hash and skip missing values', () => {
  const source = { hashes: ['a', 'b', 'c', 'd'], valid: [0.1, 0.2, Number.NaN, 0.4] };
  const target = { hashes: ['d', 'c', 'b', 'x'], valid: [0.9, 0.8, 0.7, 0.6] };
  assert.deepEqual(pairedValues(source, target), { source: [0.4, 0.2], target: [0.9, 0.7] });
});

test('the top 1 % are the best ceil(n/100) cells plus ties with the last of them', () => {
  const hashes = Array.from({ length: 250 }, (_, i) => `c${i}`);
  const valid = hashes.map((_, i) => i / 1000);
  // ceil(2.5) = 3 cells: c249, c248, c247.
  assert.deepEqual(topCells({ hashes, valid }), ['c249', 'c248', 'c247']);
  valid[10] = valid[247]!;
  assert.deepEqual(new Set(topCells({ hashes, valid })), new Set(['c249', 'c248', 'c247', 'c10']));
  assert.equal(coverage(['c249', 'c248', 'c247', 'c10'], new Set(['c10', 'c249', 'zz'])), 0.5);
  assert.ok(Number.isNaN(coverage([], new Set(['a']))));
});
