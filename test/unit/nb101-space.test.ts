import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src-main/nas/rng.ts';
import {
  CONV1X1,
  CONV3X3,
  INPUT,
  MAXPOOL3X3,
  OUTPUT,
  cellToGraph,
  createNb101Space,
  graphToCell,
  nb101Space,
  prune,
  type Nb101Cell,
  type Nb101Op,
} from '../../src-main/nas/spaces/nb101/index.ts';
import { NB101_EXAMPLE_HASH, nb101Cell, nb101Example } from '../helpers/fixtures.ts';

/** The first cell of the NB101 1k export; its official hash is known. */
const EXAMPLE: Nb101Cell = nb101Example();
const EXAMPLE_HASH = NB101_EXAMPLE_HASH;

function cell(matrix: number[][], interior: Nb101Op[] = []): Nb101Cell {
  const n = matrix.length;
  const ops: Nb101Op[] = [INPUT];
  for (let v = 1; v < n - 1; v++) ops.push(interior[v - 1] ?? CONV3X3);
  ops.push(OUTPUT);
  return { matrix, ops };
}

test('the example cell has the official hash', () => {
  assert.equal(nb101Space.hash(EXAMPLE), EXAMPLE_HASH);
});

test('validate accepts a valid cell and returns a copy', () => {
  const v = nb101Space.validate(EXAMPLE);
  assert.deepEqual(v, EXAMPLE);
  assert.notEqual(v.matrix, EXAMPLE.matrix);
  assert.notEqual(v.matrix[0], EXAMPLE.matrix[0]);
});

test('validate names what is wrong', () => {
  const bad = (value: unknown, pattern: RegExp): void => assert.throws(() => nb101Space.validate(value), pattern);
  bad(null, /expected an object \{matrix, ops\}/);
  bad([1, 2], /expected an object/);
  bad({ ops: EXAMPLE.ops }, /"matrix" must be an array of rows, got missing/);
  bad({ matrix: EXAMPLE.matrix }, /"ops" must be an array/);
  bad({ matrix: [[0]], ops: [INPUT] }, /at least an input and an output/);
  bad({ matrix: [[0, 1], [0]], ops: [INPUT, OUTPUT] }, /must be square: row 1 has 1 entries, expected 2/);
  bad({ matrix: [[0, 2], [0, 0]], ops: [INPUT, OUTPUT] }, /matrix\[0\]\[1\] is 2; entries must be 0 or 1/);
  bad({ matrix: [[0, true], [0, 0]], ops: [INPUT, OUTPUT] }, /matrix\[0\]\[1\] is true; entries must be 0 or 1/);
  bad({ matrix: [[0, '1'], [0, 0]], ops: [INPUT, OUTPUT] }, /matrix\[0\]\[1\] is "1"/);
  bad({ matrix: [[0, 1], [1, 0]], ops: [INPUT, OUTPUT] }, /matrix\[1\]\[0\] is 1 but the matrix must be upper-triangular/);
  bad({ matrix: [[1, 1], [0, 0]], ops: [INPUT, OUTPUT] }, /matrix\[0\]\[0\] is 1 .*upper-triangular/);
  bad({ matrix: [[0, 1], [0, 0]], ops: [INPUT] }, /ops has 1 entries but the matrix has 2 vertices/);
  bad({ matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: [INPUT, 'conv5x5', OUTPUT] }, /ops\[1\] is "conv5x5"; allowed: input, conv3x3-bn-relu/);
  bad({ matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: [CONV3X3, CONV3X3, OUTPUT] }, /ops\[0\] is "conv3x3-bn-relu" but the first op must be "input"/);
  bad({ matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: [INPUT, CONV3X3, CONV3X3] }, /ops\[2\] .* the last op must be "output"/);
  bad({ matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: [INPUT, INPUT, OUTPUT] }, /ops\[1\] is "input" but only the first vertex/);
  const eight = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (j === i + 1 ? 1 : 0)));
  bad(cell(eight), /8 vertices; NAS-Bench-101 cells have at most 7/);
  bad(cell([[0, 0], [0, 0]]), /input and output are not connected/);
  const dense = Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => (j > i ? 1 : 0)));
  bad(cell(dense), /it has 21 edges after pruning; at most 9 are allowed/);
});

test('limits apply after pruning: 10 raw edges, 9 after pruning is valid', () => {
  // Chain 0→1→2→3→4→6 plus 0→6, 1→6, 2→6, 3→6 (9 edges) and a dangling 4→5 (the 10th).
  const m = Array.from({ length: 7 }, () => new Array<number>(7).fill(0));
  const edges = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 6], [0, 6], [1, 6], [2, 6], [3, 6], [4, 5]];
  for (const [a, b] of edges) m[a as number]![b as number] = 1;
  const c = cell(m);
  assert.doesNotThrow(() => nb101Space.validate(c));
  assert.equal(nb101Space.pruned(c).ops.length, 6);
});

// The cases of nasbench/tests/model_spec_test.py.
test('pruning matches ModelSpec._prune', () => {
  const pruned = (matrix: number[][]): number[][] | null => {
    const p = prune(cellToGraph(cell(matrix, [CONV1X1, MAXPOOL3X3, CONV3X3])));
    return p === null ? null : graphToCell(p).matrix;
  };
  const noop = [
    [[0, 1, 0], [0, 0, 1], [0, 0, 0]],
    [[0, 1, 1], [0, 0, 1], [0, 0, 0]],
    [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]],
  ];
  for (const m of noop) assert.deepEqual(pruned(m), m);
  const chain3 = [[0, 1, 0], [0, 0, 1], [0, 0, 0]];
  assert.deepEqual(pruned([[0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]]), chain3);
  assert.deepEqual(pruned([[0, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 1, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]), chain3);
  assert.deepEqual(pruned([[0, 1, 1, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]), chain3);
  assert.deepEqual(pruned([[0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]]), chain3);
  assert.equal(pruned([[0, 0], [0, 0]]), null);
  assert.equal(pruned([[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]), null);
  assert.equal(pruned([[0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]), null);
  // Ops follow their vertices: the dangling case keeps ops of vertices 0, 2, 3.
  const p = prune(cellToGraph(cell([[0, 1, 1, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]], [CONV1X1, MAXPOOL3X3])));
  assert.deepEqual(p && graphToCell(p).ops, [INPUT, MAXPOOL3X3, OUTPUT]);
});

test('hash and encoding ignore dangling vertices', () => {
  const withDangling = nb101Cell(
    [[0, 1], [0, 4], [1, 6], [2, 3], [4, 6], [5, 6]],
    [INPUT, CONV1X1, MAXPOOL3X3, CONV3X3, MAXPOOL3X3, CONV3X3, OUTPUT],
  );
  const pruned = nb101Space.pruned(withDangling);
  assert.deepEqual(pruned.ops, [INPUT, CONV1X1, MAXPOOL3X3, OUTPUT]);
  assert.equal(nb101Space.hash(withDangling), nb101Space.hash(pruned));
  assert.deepEqual(nb101Space.encode(withDangling), nb101Space.encode(pruned));
});

test('encode: 49 padded adjacency entries then 7 one-hot labels of 5', () => {
  assert.equal(nb101Space.encodingSize, 84);
  const x = nb101Space.encode(EXAMPLE);
  assert.equal(x.length, 84);
  const adjacency = Array.from(x.subarray(0, 49));
  assert.deepEqual(adjacency, EXAMPLE.matrix.flat());
  const labels = Array.from(x.subarray(49));
  // input, conv3x3, maxpool, conv3x3, conv3x3, conv1x1, output
  const slots = [0, 1, 3, 1, 1, 2, 4];
  slots.forEach((s, v) => assert.deepEqual(labels.slice(5 * v, 5 * v + 5), [0, 1, 2, 3, 4].map((k) => (k === s ? 1 : 0))));
  const small = nb101Space.encode(cell([[0, 1, 0], [0, 0, 1], [0, 0, 0]], [MAXPOOL3X3]));
  assert.deepEqual(Array.from(small.subarray(0, 14)), [0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.equal(small.subarray(0, 49).reduce((a, b) => a + b), 2);
  assert.deepEqual(Array.from(small.subarray(49, 64)), [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
  assert.equal(small.subarray(64).reduce((a, b) => a + b), 0, 'slots past the last vertex stay zero');
});

test('toJSON / fromJSON round-trip as {matrix, ops}', () => {
  const json = JSON.parse(JSON.stringify(nb101Space.toJSON(EXAMPLE)));
  assert.deepEqual(Object.keys(json).sort(), ['matrix', 'ops']);
  const back = nb101Space.fromJSON(json);
  assert.deepEqual(back, EXAMPLE);
  assert.throws(() => nb101Space.fromJSON({ matrix: [[0, 1], [0, 0]], ops: [INPUT, 'out'] }), /ops\[1\] is "out"/);
});

test('sample: seeded, 7×7 NASLib-style draws, always valid', () => {
  const a = new Rng(7);
  const b = new Rng(7);
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const x = nb101Space.sample(a);
    assert.deepEqual(x, nb101Space.sample(b));
    assert.equal(x.matrix.length, 7);
    assert.doesNotThrow(() => nb101Space.validate(x));
    seen.add(nb101Space.hash(x));
  }
  // NASLib's sampler favours small pruned cells (see sample.ts), so repeats are common.
  assert.ok(seen.size > 200, `expected many distinct cells, got ${seen.size}`);
});

test('createNb101Space gives an independent memo', () => {
  const s = createNb101Space();
  assert.equal(s.memo.size, 0);
  assert.equal(s.hash(EXAMPLE), EXAMPLE_HASH);
  assert.equal(s.hash(EXAMPLE), EXAMPLE_HASH);
  assert.equal(s.memo.misses, 1);
  assert.equal(s.memo.hits, 1);
});

test('a space restricted to ≤5 vertices keeps searches inside it', () => {
  const small = createNb101Space(undefined, 5);
  const rng = new Rng(4);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const cell = small.sample(rng);
    assert.ok(small.pruned(cell).ops.length <= 5);
    seen.add(small.hash(cell));
    for (const { arch } of small.neighbours(cell)) assert.ok(small.pruned(arch).ops.length <= 5, 'neighbours stay within 5 vertices');
  }
  assert.ok(seen.size > 150, `uniform over 2,532 cells: ${seen.size} distinct in 200 draws`);
  const four = { matrix: [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output'] };
  const full = nb101Space.neighbours(four as Nb101Cell);
  const restricted = small.neighbours(four as Nb101Cell);
  assert.ok(full.some((n) => n.arch.ops.length === 5) && restricted.length === full.length, 'a 4-vertex cell keeps its 5-vertex neighbours');
  const six = { matrix: [[0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'output'] };
  assert.throws(() => small.validate(six), /6 vertices after pruning; this space holds cells of at most 5/);
  assert.throws(() => createNb101Space(undefined, 8), /maxVertices/);
});
