import assert from 'node:assert/strict';
import { hash as nodeHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src-main/nas/rng.ts';
import {
  canonicalKey,
  cellToGraph,
  hashCell,
  hashGraph,
  hashGraphReference,
  prune,
  sampleGraph,
  type CellGraph,
} from '../../src-main/nas/spaces/nb101/index.ts';
import { md5Hex, md5Init, md5Words, padMd5 } from '../../src-main/nas/spaces/nb101/md5.ts';
import { jsMd5Engine, wasmMd5Engine, type Md5Engine } from '../../src-main/nas/spaces/nb101/md5-engine.ts';
import { md5EngineKind } from '../../src-main/nas/spaces/nb101/hash.ts';
import { NB101_EXAMPLE_HASH, nb101Example } from '../helpers/fixtures.ts';

const DATA_DIR = fileURLToPath(new URL('../../../shared/benchmark-data/nb101/', import.meta.url));
const DATA_1K = `${DATA_DIR}nb101-data-1k.json`;
const skip1k = existsSync(DATA_1K) ? false : `NB101 data not found at ${DATA_1K} (../shared/benchmark-data next to the repo); skipping`;

/** A graph from a matrix and official labels (not pruned). */
function graph(matrix: number[][], labels: number[]): CellGraph {
  const out = matrix.map((row) => row.reduce((m, x, j) => (x ? m | (1 << j) : m), 0));
  return { n: matrix.length, out, labels };
}

const both = (g: CellGraph): string => {
  const fast = hashGraph(g);
  assert.equal(fast, hashGraphReference(g), 'fast and reference hashes differ');
  return fast;
};

test('md5 block function matches node:crypto for every length 0..300', () => {
  const buffer = new ArrayBuffer(512);
  const words = new Int32Array(buffer);
  const bytes = new Uint8Array(buffer);
  const state = new Int32Array(4);
  const rng = new Rng(1);
  for (let length = 0; length <= 300; length++) {
    const message = Uint8Array.from({ length }, () => rng.int(256));
    bytes.fill(0xa5);
    bytes.set(message);
    md5Words(state, words, length);
    assert.equal(md5Hex(state), nodeHash('md5', message, 'hex'), `length ${length}`);
  }
});

test('md5 engines (wasm and JS, 1/2/3 lanes) match node:crypto', () => {
  assert.equal(md5EngineKind, 'wasm', 'Node has WebAssembly, so hashing should use the wasm engine');
  const rng = new Rng(2);
  for (const engine of [wasmMd5Engine(), jsMd5Engine()] as Md5Engine[]) {
    const mem = engine.words;
    const SLOT = 64; // words per message slot; states live at 0..11
    for (let trial = 0; trial < 200; trial++) {
      const lengths = [rng.int(200), rng.int(200), rng.int(200)];
      const messages = lengths.map((length) => Uint8Array.from({ length }, () => rng.int(256)));
      const blocks = messages.map((m, l) => {
        new Uint8Array(mem.buffer, mem.byteOffset + 4 * (16 + l * SLOT), 4 * SLOT).set(m);
        md5Init(mem, 4 * l);
        return padMd5(mem, 16 + l * SLOT, m.length);
      });
      // Lanes in lockstep while all three have blocks, then pairs, then singles.
      const next = [0, 0, 0];
      for (;;) {
        const active = [0, 1, 2].filter((l) => (next[l] as number) < (blocks[l] as number));
        const s = active.map((l) => 4 * l);
        const o = active.map((l) => 16 + l * SLOT + 16 * (next[l] as number));
        if (active.length === 3) engine.block3(s[0]!, s[1]!, s[2]!, o[0]!, o[1]!, o[2]!);
        else if (active.length === 2) engine.block2(s[0]!, s[1]!, o[0]!, o[1]!);
        else if (active.length === 1) engine.block(s[0]!, o[0]!);
        else break;
        for (const l of active) next[l]!++;
      }
      messages.forEach((m, l) => assert.equal(md5Hex(mem, 4 * l), nodeHash('md5', m, 'hex'), `${engine.kind} lane ${l}, ${m.length} bytes`));
    }
  }
});

test('the example cell hashes to the official key', () => {
  const g = graph(nb101Example().matrix, [-1, 0, 2, 0, 0, 1, -2]);
  assert.equal(both(g), NB101_EXAMPLE_HASH);
});

// The cases of nasbench/tests/graph_util_test.py test_hash_module.
test('official hash_module test cases', () => {
  const diamond = [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]];
  assert.equal(both(graph(diamond, [-1, 1, 2, -2])), both(graph(diamond, [-1, 2, 1, -2])));

  const m1 = [[0, 1, 1, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]];
  const m2 = [[0, 1, 0, 1, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]];
  const m3 = [[0, 1, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]];
  const h1 = both(graph(m1, [-1, 1, 2, 3, -2]));
  assert.equal(h1, both(graph(m2, [-1, 2, 3, 1, -2])));
  assert.equal(h1, both(graph(m3, [-1, 2, 1, 3, -2])));
  assert.notEqual(h1, both(graph(m1, [-1, 2, 3, 1, -2])));
  assert.notEqual(h1, both(graph(m1, [-1, 2, 1, 3, -2])));

  const r1 = [
    [0, 1, 0, 0, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0, 1, 0], [0, 0, 0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1, 0, 0],
    [0, 0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0],
  ];
  const r2 = [
    [0, 1, 0, 0, 0, 0, 0, 0], [0, 0, 1, 1, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0, 1, 0], [0, 0, 0, 0, 1, 1, 0, 0],
    [0, 0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0],
  ];
  const regular = [-1, 1, 1, 1, 1, 1, 1, -2];
  assert.notEqual(both(graph(r1, regular)), both(graph(r2, regular)));

  const chain = [[0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]];
  assert.notEqual(both(graph(chain, [-1, 1, 0, 0, -2])), both(graph(chain, [-1, 0, 0, 1, -2])));
  const directed = [[0, 1, 0, 1], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]];
  assert.notEqual(both(graph(directed, [-1, 1, 0, -2])), both(graph(directed, [-1, 0, 1, -2])));
  const tricky = [
    [0, 1, 1, 1, 1, 0, 0], [0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1, 0],
    [0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0],
  ];
  assert.notEqual(both(graph(tricky, [-1, 1, 0, 0, 0, 0, -2])), both(graph(tricky, [-1, 0, 0, 0, 1, 0, -2])));
});

/** Relabels interior vertices: vertex v becomes perm[v-1]+1 (the result need not be upper-triangular). */
function permute(g: CellGraph, perm: number[]): CellGraph {
  const to = (v: number): number => (v === 0 || v === g.n - 1 ? v : (perm[v - 1] as number) + 1);
  const out = new Array<number>(g.n).fill(0);
  const labels = new Array<number>(g.n).fill(0);
  for (let u = 0; u < g.n; u++) {
    labels[to(u)] = g.labels[u] as number;
    for (let v = 0; v < g.n; v++) if (((g.out[u] as number) >>> v) & 1) out[to(u)] = (out[to(u)] as number) | (1 << to(v));
  }
  return { n: g.n, out, labels };
}

test('fast hash equals the reference, and hash and canonical key are isomorphism-invariant', () => {
  const rng = new Rng(11);
  for (let i = 0; i < 300; i++) {
    const g = prune(sampleGraph(rng));
    assert.ok(g);
    const h = both(g);
    const perm = rng.shuffle(Array.from({ length: g.n - 2 }, (_, k) => k));
    const p = permute(g, perm);
    assert.equal(both(p), h);
    assert.equal(canonicalKey(p), canonicalKey(g));
  }
});

test('canonical keys separate exactly what hashes separate (on random cells)', () => {
  const rng = new Rng(5);
  const byKey = new Map<number, string>();
  const byHash = new Map<string, number>();
  for (let i = 0; i < 2000; i++) {
    const g = prune(sampleGraph(rng));
    assert.ok(g);
    const key = canonicalKey(g);
    const h = hashGraph(g);
    assert.equal(byKey.get(key) ?? h, h, 'one key, two hashes');
    assert.equal(byHash.get(h) ?? key, key, 'one hash, two keys');
    byKey.set(key, h);
    byHash.set(h, key);
  }
});

test('all 1,000 keyed cells of the NB101 1k export reproduce', { skip: skip1k }, () => {
  const data = JSON.parse(readFileSync(DATA_1K, 'utf8')) as { key: string[]; adjacency: number[][][]; operations: number[][] };
  assert.equal(data.key.length, 1000);
  for (let i = 0; i < data.key.length; i++) {
    // Column-major export: row i of each column; -3 pads cells with fewer than 7 vertices.
    const ops = (data.operations[i] as number[]).filter((o) => o !== -3);
    const matrix = (data.adjacency[i] as number[][]).slice(0, ops.length).map((row) => row.slice(0, ops.length));
    const g = prune(graph(matrix, ops));
    assert.ok(g, `cell ${i} is disconnected`);
    assert.equal(hashGraph(g), data.key[i], `cell ${i}`);
  }
});

test('hashCell prunes first and refuses cells outside the space', () => {
  const dangling = { matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output'] } as const;
  const chain = { matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'output'] } as const;
  const copy = (c: typeof chain | typeof dangling) => ({ matrix: c.matrix.map((r) => [...r]), ops: [...c.ops] });
  assert.equal(hashCell(copy(dangling)), hashCell(copy(chain)));
  assert.equal(hashCell(copy(chain)), hashGraph(prune(cellToGraph(copy(chain)))!));
  assert.throws(() => hashCell({ matrix: [[0, 0], [0, 0]], ops: ['input', 'output'] }), /cannot hash this NAS-Bench-101 cell: input and output are not connected/);
});
