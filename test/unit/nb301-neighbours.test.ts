import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src-main/nas/rng.ts';
import { NB301_NEIGHBOURS, nb301NeighboursLine, parseNb301Line, formatCompact, nb301Space, parseDarts, type Nb301Edge, type Nb301Genotype } from '../../src-main/nas/spaces/nb301/index.ts';

/** NASLib's NasBench301SearchSpace.get_nbhd, loop for loop, on the compact form. */
function naslibNbhd(g: Nb301Genotype): Nb301Genotype[] {
  const compact = [g.normal, g.reduce];
  const out: Nb301Genotype[] = [];
  const make = (i: number, j: number, pair: Nb301Edge): Nb301Genotype => {
    const cells = compact.map((cell) => cell.slice());
    cells[i]![j] = pair;
    return { normal: cells[0]!, reduce: cells[1]! };
  };
  compact.forEach((cell, i) => {
    cell.forEach((pair, j) => {
      for (let op = 0; op < 7; op++) if (op !== pair[1]) out.push(make(i, j, [pair[0], op]));
      const other = j + 1 - 2 * (j % 2);
      for (let edge = 0; edge < Math.floor(j / 2) + 2; edge++) {
        if (edge !== cell[other]![0] && edge !== pair[0]) out.push(make(i, j, [edge, pair[1]]));
      }
    });
  });
  return out;
}

test('every genotype has exactly 120 distinct neighbours, NASLib\'s, without itself', () => {
  const rng = new Rng(301);
  for (let trial = 0; trial < 300; trial++) {
    const g = nb301Space.sample(rng);
    const self = nb301Space.hash(g);
    const neighbours = nb301Space.neighbours(g);
    assert.equal(neighbours.length, NB301_NEIGHBOURS);
    const hashes = neighbours.map((n) => nb301Space.hash(n.arch));
    assert.equal(new Set(hashes).size, 120, 'deduplication would drop none');
    assert.ok(!hashes.includes(self));
    const reference = naslibNbhd(g).map((n) => nb301Space.hash(n));
    assert.deepEqual(hashes, reference, 'same neighbours in the same generation order as NASLib');
    for (const n of neighbours) {
      nb301Space.validate(n.arch);
      const diffs = [...n.arch.normal, ...n.arch.reduce].filter((edge, k) => {
        const old = k < 8 ? g.normal[k]! : g.reduce[k - 8]!;
        return edge[0] !== old[0] || edge[1] !== old[1];
      });
      assert.equal(diffs.length, 1, n.edit);
    }
  }
});

test('paper and naslib rules are the same neighbourhood', () => {
  const g = nb301Space.sample(new Rng(1));
  assert.deepEqual(nb301Space.neighbours(g, 'paper'), nb301Space.neighbours(g, 'naslib'));
});

test('edits are described', () => {
  const g = parseDarts(
    "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])",
  );
  const edits = nb301Space.neighbours(g).map((n) => n.edit);
  assert.equal(edits[0], 'normal edge 0 (0→2): sep_conv_3x3 → max_pool_3x3');
  assert.ok(edits.includes('normal edge 7 (dil_conv_3x3 into 5): input 2 → 1'));
  assert.ok(edits.includes('reduce edge 2 (skip_connect into 3): input 2 → 0'));
});

test('sampleNeighbours draws n distinct neighbours, seeded', () => {
  const rng = new Rng(9);
  const g = nb301Space.sample(rng);
  const all = new Set(nb301Space.neighbours(g).map((n) => nb301Space.hash(n.arch)));
  const a = nb301Space.sampleNeighbours(g, 16, new Rng(42));
  const b = nb301Space.sampleNeighbours(g, 16, new Rng(42));
  assert.deepEqual(a, b);
  assert.equal(a.length, 16);
  const hashes = a.map((n) => nb301Space.hash(n.arch));
  assert.equal(new Set(hashes).size, 16);
  for (const h of hashes) assert.ok(all.has(h));
  assert.notDeepEqual(nb301Space.sampleNeighbours(g, 16, new Rng(43)), a);
  const every = nb301Space.sampleNeighbours(g, 500, new Rng(1));
  assert.equal(every.length, 120);
  assert.deepEqual(new Set(every.map((n) => nb301Space.hash(n.arch))), all);
  assert.deepEqual(nb301Space.sampleNeighbours(g, 0, new Rng(1)), []);
  assert.throws(() => nb301Space.sampleNeighbours(g, -1, new Rng(1)), /non-negative integer/);
  // Uniform: over many draws of 1, every neighbour index turns up about equally often.
  const counts = new Map<string, number>();
  const r = new Rng(77);
  for (let i = 0; i < 12_000; i++) {
    const h = nb301Space.hash(nb301Space.sampleNeighbours(g, 1, r)[0]!.arch);
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  assert.equal(counts.size, 120);
  for (const c of counts.values()) assert.ok(c > 50 && c < 160, `count ${c}, expected about 100`);
});

test('the JSON-lines helper answers a line with the genotype and its neighbours', () => {
  const g = nb301Space.sample(new Rng(4));
  const line = nb301NeighboursLine(JSON.parse(JSON.stringify(nb301Space.toJSON(g))));
  assert.equal(line.hash, nb301Space.hash(g));
  assert.equal(line.neighbours.length, 120);
  assert.match(line.genotype, /^Genotype\(normal=\[/);
  assert.deepEqual(new Set(line.neighbours.map((n) => n.hash)), new Set(nb301Space.neighbours(g).map((n) => nb301Space.hash(n.arch))));
  const sampled = nb301NeighboursLine(line.genotype, 'paper', { n: 5, rng: new Rng(1) });
  assert.equal(sampled.neighbours.length, 5);
  assert.throws(() => nb301NeighboursLine({ normal: [] }), /list of 8 edges/);
  // Lines: JSON, or bare DARTS / NASLib compact text.
  assert.equal(nb301NeighboursLine(parseNb301Line(line.genotype)).hash, line.hash);
  assert.equal(nb301NeighboursLine(parseNb301Line(` ${formatCompact(g)} `)).hash, line.hash);
  assert.equal(nb301NeighboursLine(parseNb301Line(JSON.stringify(line.genotype))).hash, line.hash);
  assert.throws(() => parseNb301Line('{oops'), /not valid JSON/);
});
