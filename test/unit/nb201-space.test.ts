import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src-main/nas/rng.ts';
import { formatNb201, nb201FromIndex, nb201Index, NB201_SIZE, nb201Space, parseNb201 } from '../../src-main/nas/spaces/nb201/space.ts';

test('arch strings round-trip for every one of the 15,625 cells', () => {
  const seen = new Set<string>();
  for (let i = 0; i < NB201_SIZE; i++) {
    const cell = nb201FromIndex(i);
    const text = formatNb201(cell);
    assert.deepEqual(parseNb201(text), cell);
    assert.equal(nb201Index(cell), i);
    seen.add(text);
  }
  assert.equal(seen.size, NB201_SIZE);
});

test('the official arch-string form is produced', () => {
  const cell = parseNb201('|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|');
  assert.deepEqual(cell, [3, 3, 4, 1, 3, 1]);
  assert.equal(formatNb201(cell), '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|');
});

test('bad arch strings say what is wrong', () => {
  assert.throws(() => parseNb201('|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|'), /unknown operation "conv"/);
  assert.throws(() => parseNb201('|none~0|+|none~0|none~1|'), /expected 3 node groups/);
  assert.throws(() => parseNb201('|none~1|+|none~0|none~1|+|none~0|none~1|none~2|'), /must come from node 0/);
  assert.throws(() => nb201Space.validate([0, 1, 2]), /list of 6 operation indices/);
  assert.throws(() => nb201Space.validate([0, 1, 2, 3, 4, 5]), /edge 5 has operation 5/);
});

test('24 distinct neighbours, each one edge away', () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 50; trial++) {
    const cell = nb201Space.sample(rng);
    const neighbours = nb201Space.neighbours(cell);
    assert.equal(neighbours.length, 24);
    const hashes = new Set(neighbours.map((n) => nb201Space.hash(n.arch)));
    assert.equal(hashes.size, 24);
    assert.ok(!hashes.has(nb201Space.hash(cell)));
    for (const n of neighbours) assert.equal(n.arch.filter((op, e) => op !== cell[e]).length, 1);
  }
});

test('the encoding is one-hot per edge', () => {
  const code = nb201Space.encode([0, 1, 2, 3, 4, 0]);
  assert.equal(code.length, nb201Space.encodingSize);
  assert.equal(code.reduce((a, b) => a + b, 0), 6);
  assert.equal(code[0 * 5 + 0], 1);
  assert.equal(code[4 * 5 + 4], 1);
});
