import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src-main/nas/rng.ts';
import type { NeighbourRules } from '../../src-main/nas/spaces/types.ts';
import { nb101Example } from '../helpers/fixtures.ts';
import {
  CONV1X1,
  CONV3X3,
  INPUT,
  MAXPOOL3X3,
  NB101_INTERIOR_OPS,
  OUTPUT,
  nb101Space,
  type Nb101Cell,
  type Nb101Op,
} from '../../src-main/nas/spaces/nb101/index.ts';

const EXAMPLE: Nb101Cell = nb101Example();

const copy = (c: Nb101Cell): Nb101Cell => ({ matrix: c.matrix.map((r) => r.slice()), ops: c.ops.slice() });

/** Hash of a candidate, or null when the official API would reject it. */
function hashOrNull(c: Nb101Cell): string | null {
  try {
    return nb101Space.hash(nb101Space.validate(c));
  } catch {
    return null;
  }
}

function hashSet(cells: Nb101Cell[], self: string): Set<string> {
  const s = new Set<string>();
  for (const c of cells) {
    const h = hashOrNull(c);
    if (h !== null && h !== self) s.add(h);
  }
  return s;
}

/** The paper rules spelled out on plain matrices, every insertion position included. */
function paperReference(cell: Nb101Cell): Nb101Cell[] {
  const p = nb101Space.pruned(cell);
  const n = p.ops.length;
  const out: Nb101Cell[] = [];
  for (let v = 1; v < n - 1; v++) {
    for (const op of NB101_INTERIOR_OPS) {
      const c = copy(p);
      c.ops[v] = op;
      out.push(c);
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = copy(p);
      c.matrix[i]![j] = 1 - (c.matrix[i]![j] as number);
      out.push(c);
    }
  }
  for (let v = 1; v < n - 1; v++) {
    out.push({ matrix: p.matrix.filter((_, i) => i !== v).map((r) => r.filter((_, j) => j !== v)), ops: p.ops.filter((_, i) => i !== v) });
  }
  if (n < 7) {
    for (let at = 1; at < n; at++) {
      // New vertex at index `at`; old vertex k moves to k' = k < at ? k : k + 1.
      for (let u = 0; u < at; u++) {
        for (let w = at + 1; w <= n; w++) {
          for (const op of NB101_INTERIOR_OPS) {
            const m = Array.from({ length: n + 1 }, () => new Array<number>(n + 1).fill(0));
            const to = (k: number): number => (k < at ? k : k + 1);
            for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) m[to(a)]![to(b)] = p.matrix[a]![b] as number;
            m[u]![at] = 1;
            m[at]![w] = 1;
            const ops: Nb101Op[] = p.ops.slice();
            ops.splice(at, 0, op);
            out.push({ matrix: m, ops });
          }
        }
      }
    }
  }
  return out;
}

/** NASLib get_nbhd ported literally, get_utilized path enumeration included. */
function naslibReference(cell: Nb101Cell): Nb101Cell[] {
  const { matrix, ops } = cell;
  const n = matrix.length;
  const utilized = (m: number[][]): { edges: string[]; nodes: number[] } => {
    const subPaths: [number, number][][][] = [];
    for (let j = 0; j < n; j++) subPaths.push(m[0]![j] ? [[[0, j]]] : []);
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < n; j++) if (m[i]![j]) for (const sp of subPaths[i]!) subPaths[j]!.push([...sp, [i, j]]);
    }
    const edges: string[] = [];
    for (const path of subPaths[n - 1]!) for (const e of path) if (!edges.includes(e.join())) edges.push(e.join());
    const nodes: number[] = [];
    for (let i = 0; i < n; i++) for (const e of edges) if (e.split(',').map(Number).includes(i) && !nodes.includes(i)) nodes.push(i);
    return { edges, nodes };
  };
  const out: Nb101Cell[] = [];
  for (let v = 1; v < n - 1; v++) {
    if (!utilized(matrix).nodes.includes(v)) continue;
    for (const op of NB101_INTERIOR_OPS) {
      if (op === ops[v]) continue;
      const c = copy(cell);
      c.ops[v] = op;
      out.push(c);
    }
  }
  for (let src = 0; src < n - 1; src++) {
    for (let dst = src + 1; dst < n; dst++) {
      const c = copy(cell);
      c.matrix[src]![dst] = 1 - (c.matrix[src]![dst] as number);
      const key = `${src},${dst}`;
      if (matrix[src]![dst] && utilized(matrix).edges.includes(key)) out.push(c);
      if (!matrix[src]![dst] && utilized(c.matrix).edges.includes(key)) out.push(c);
    }
  }
  return out;
}

function checkNeighbourhood(cell: Nb101Cell, rules: NeighbourRules): void {
  const self = nb101Space.hash(cell);
  const nbhd = nb101Space.neighbours(cell, rules);
  const hashes = nbhd.map((x) => nb101Space.hash(nb101Space.validate(x.arch)));
  assert.equal(new Set(hashes).size, hashes.length, 'neighbours are deduplicated by hash');
  assert.ok(!hashes.includes(self), 'the cell itself is excluded');
  for (const x of nbhd) assert.match(x.edit, /^(op \d: \S+ -> \S+|edge \d->\d: (add|remove)|remove vertex \d \(\S+\)|add vertex \(\S+\) with edges \d->new->\d)$/);
  const expected = rules === 'paper' ? hashSet(paperReference(cell), self) : hashSet(naslibReference(cell), self);
  assert.deepEqual(new Set(hashes), expected, `${rules} neighbourhood differs from the reference`);
}

test('paper and naslib neighbourhoods match literal references on random cells', () => {
  const rng = new Rng(3);
  for (let i = 0; i < 60; i++) {
    const cell = nb101Space.sample(rng);
    checkNeighbourhood(cell, 'paper');
    checkNeighbourhood(cell, 'naslib');
  }
  // Also pruned 7-vertex cells (the sampler rarely yields them).
  checkNeighbourhood(EXAMPLE, 'paper');
  checkNeighbourhood(EXAMPLE, 'naslib');
});

test('example cell: known neighbourhoods', () => {
  const paper = nb101Space.neighbours(EXAMPLE, 'paper');
  assert.equal(paper.length, 16);
  assert.equal(paper[0]?.edit, 'op 1: conv3x3 -> conv1x1');
  assert.ok(!paper.some((x) => x.edit.startsWith('add vertex')), 'no vertex is added to a 7-vertex cell');
  const naslib = nb101Space.neighbours(EXAMPLE, 'naslib');
  assert.equal(naslib.length, 16);
  // The cell has 9 edges, so every edge addition is invalid: only op changes and removals.
  assert.equal(naslib.filter((x) => x.edit.startsWith('op ')).length, 10);
  assert.deepEqual(
    naslib.filter((x) => x.edit.startsWith('edge')).map((x) => x.edit),
    ['edge 0->1: remove', 'edge 0->4: remove', 'edge 0->5: remove', 'edge 2->3: remove', 'edge 2->6: remove', 'edge 5->6: remove'],
  );
});

test('paper adds vertices to small cells; neighbours come back pruned', () => {
  const small: Nb101Cell = { matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]], ops: [INPUT, CONV3X3, MAXPOOL3X3, OUTPUT] };
  const nbhd = nb101Space.neighbours(small, 'paper');
  const added = nbhd.filter((x) => x.edit.startsWith('add vertex'));
  assert.ok(added.length > 0);
  for (const x of added) assert.equal(x.arch.ops.length, 5);
  for (const x of nbhd) assert.deepEqual(nb101Space.pruned(x.arch), x.arch);
});

test('naslib keeps the stored layout and never touches dangling parts', () => {
  // Vertex 2 (maxpool) dangles: reachable from the input but never reaches the output.
  const cell: Nb101Cell = {
    matrix: [[0, 1, 1, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
    ops: [INPUT, CONV3X3, MAXPOOL3X3, CONV1X1, OUTPUT],
  };
  const nbhd = nb101Space.neighbours(cell, 'naslib');
  for (const x of nbhd) assert.equal(x.arch.matrix.length, 5);
  assert.ok(!nbhd.some((x) => x.edit.startsWith('op 2') || x.edit.startsWith('op 3')), 'dangling vertices keep their ops');
  assert.ok(!nbhd.some((x) => x.edit === 'edge 0->2: remove'), 'an edge into a dangling vertex is not on a path');
  assert.ok(nbhd.some((x) => x.edit === 'edge 2->4: add'), 'connecting the dangling vertex to the output is an edit');
  assert.ok(!nbhd.some((x) => x.edit === 'edge 2->3: add'), 'vertex 3 cannot reach the output');
});

test('neighbours reject unknown rules and cells outside the space', () => {
  assert.throws(() => nb101Space.neighbours(EXAMPLE, 'bananas' as NeighbourRules), /unknown neighbour rules "bananas"/);
  assert.throws(() => nb101Space.neighbours({ matrix: [[0, 0], [0, 0]], ops: [INPUT, OUTPUT] }), /outside the space/);
});
