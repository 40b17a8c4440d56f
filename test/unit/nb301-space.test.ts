import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../src-main/nas/rng.ts';
import {
  canonicalGenotype,
  encodeGenotype,
  formatCompact,
  formatDarts,
  fromConfigSpace,
  NB301_CELLS_PER_TYPE,
  NB301_ENCODING_SIZE,
  NB301_SIZE,
  nb301Space,
  parseCompact,
  parseDarts,
  toConfigSpace,
  toGenotype,
  YAHPO_CS_PREFIX,
  type Nb301Genotype,
} from '../../src-main/nas/spaces/nb301/index.ts';
import { BENCHMARK_DATA, skipWithout } from '../helpers/data.ts';

const NB301 = join(BENCHMARK_DATA, 'nb301');
const ZC_500 = join(NB301, 'zc_nasbench301_v20220514_500archs.json');
const ZC_725 = join(NB301, 'zc_nasbench301_v20220518_725archs.json');
const CONFIG_SPACE = join(NB301, 'config_space.json');

/** The genotype of nasbench301's example.py. */
const EXAMPLE_TEXT =
  "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

function naslibKeys(): string[] {
  const a = JSON.parse(readFileSync(ZC_500, 'utf8')).nasbench301.cifar10 as Record<string, unknown>;
  const b = JSON.parse(readFileSync(ZC_725, 'utf8')).cifar10 as Record<string, unknown>;
  return [...Object.keys(a), ...Object.keys(b)];
}

test('the space has about 10^18 genotypes', () => {
  assert.equal(NB301_CELLS_PER_TYPE, 1_037_664_180);
  assert.equal(NB301_SIZE, 1_037_664_180n ** 2n);
});

test('DARTS Genotype text round-trips and reads the DARTS variants', () => {
  const g = parseDarts(EXAMPLE_TEXT);
  assert.equal(formatDarts(g), EXAMPLE_TEXT);
  assert.deepEqual(g.normal[7], [2, 5]);
  assert.deepEqual(g.reduce[0], [0, 0]);
  const variant = EXAMPLE_TEXT.replaceAll("'", '"').replaceAll('[2, 3, 4, 5]', 'range(2, 6)').replaceAll(', ', ',');
  assert.deepEqual(parseDarts(variant), g);
  const rng = new Rng(3);
  for (let i = 0; i < 500; i++) {
    const s = nb301Space.sample(rng);
    assert.deepEqual(parseDarts(formatDarts(s)), s);
  }
});

test('NASLib compact keys of the 1,225 NASLib architectures round-trip exactly', { skip: skipWithout(ZC_500) || skipWithout(ZC_725) }, () => {
  const keys = naslibKeys();
  assert.equal(keys.length, 1225);
  const hashes = new Set<string>();
  for (const key of keys) {
    const g = parseCompact(key);
    assert.equal(formatCompact(g), key);
    hashes.add(nb301Space.hash(g));
  }
  // The two NASLib files share 7 architectures.
  assert.equal(hashes.size, 1218);
});

test('ConfigSpace form: NB301 names, edges numbered node by node', () => {
  const cs = toConfigSpace(parseDarts(EXAMPLE_TEXT));
  const p = 'NetworkSelectorDatasetInfo:darts:';
  assert.equal(cs[`${p}edge_normal_0`], 'sep_conv_3x3');
  assert.equal(cs[`${p}edge_normal_1`], 'sep_conv_3x3');
  assert.equal(cs[`${p}inputs_node_normal_3`], '0_1');
  assert.equal(cs[`${p}edge_normal_2`], 'sep_conv_3x3');
  assert.equal(cs[`${p}edge_normal_3`], 'sep_conv_3x3');
  // Node 4 takes 1 then 0: edges 6 (input 1) and 5 (input 0), inputs sorted.
  assert.equal(cs[`${p}edge_normal_6`], 'sep_conv_3x3');
  assert.equal(cs[`${p}edge_normal_5`], 'skip_connect');
  assert.equal(cs[`${p}inputs_node_normal_4`], '0_1');
  // Node 5 takes 0 and 2: edges 9 and 11.
  assert.equal(cs[`${p}edge_normal_9`], 'skip_connect');
  assert.equal(cs[`${p}edge_normal_11`], 'dil_conv_3x3');
  assert.equal(cs[`${p}inputs_node_normal_5`], '0_2');
  assert.equal(cs[`${p}inputs_node_reduce_3`], '1_2');
  assert.equal(cs[`${p}edge_reduce_4`], 'skip_connect');
  assert.equal(Object.keys(cs).length, 2 * (8 + 3));
});

test('ConfigSpace form round-trips, with either prefix', () => {
  const rng = new Rng(11);
  for (let i = 0; i < 500; i++) {
    const g = nb301Space.sample(rng);
    for (const prefix of [undefined, YAHPO_CS_PREFIX, '']) {
      const cs = toConfigSpace(g, prefix);
      const back = fromConfigSpace(cs);
      assert.equal(nb301Space.hash(back), nb301Space.hash(g));
      assert.deepEqual(toConfigSpace(back, prefix), cs);
    }
  }
});

test('the ConfigSpace form satisfies NB301 config_space.json: exactly the conditioned-active edges are set', { skip: skipWithout(CONFIG_SPACE) }, () => {
  const space = JSON.parse(readFileSync(CONFIG_SPACE, 'utf8')) as {
    hyperparameters: { name: string; choices?: string[] }[];
    conditions: { child: string; parent: string; values: string[] }[];
  };
  const choices = new Map(space.hyperparameters.map((h) => [h.name, h.choices]));
  const condition = new Map(space.conditions.map((c) => [c.child, c]));
  const edgeNames = space.hyperparameters.map((h) => h.name).filter((n) => /edge_(normal|reduce)_\d+$/.test(n));
  assert.equal(edgeNames.length, 28);
  const rng = new Rng(5);
  for (let i = 0; i < 300; i++) {
    const cs = toConfigSpace(nb301Space.sample(rng), YAHPO_CS_PREFIX);
    for (const [name, value] of Object.entries(cs)) assert.ok(choices.get(name)?.includes(value), `${name}=${value} is not a choice of config_space.json`);
    for (const name of edgeNames) {
      const c = condition.get(name);
      const active = c === undefined || c.values.includes(cs[c.parent]!);
      assert.equal(name in cs, active, `${name}: set=${name in cs}, active by the conditions=${active}`);
    }
  }
});

test('the hash ignores the order of a node\'s two edges, and nothing else', () => {
  const g = parseDarts(EXAMPLE_TEXT);
  const swapped: Nb301Genotype = {
    normal: g.normal.map((_, e) => g.normal[e ^ 1]!),
    reduce: [g.reduce[0]!, g.reduce[1]!, g.reduce[3]!, g.reduce[2]!, ...g.reduce.slice(4)],
  };
  assert.equal(nb301Space.hash(swapped), nb301Space.hash(g));
  assert.deepEqual(nb301Space.encode(swapped), nb301Space.encode(g));
  assert.equal(nb301Space.hash(g), formatCompact(canonicalGenotype(g)));
  const changed: Nb301Genotype = { normal: g.normal, reduce: [[1, 0], [0, 0], ...g.reduce.slice(2)] };
  assert.equal(nb301Space.hash(changed), nb301Space.hash(g), 'same set of edges into node 2');
  const other: Nb301Genotype = { normal: g.normal, reduce: [[0, 1], [1, 0], ...g.reduce.slice(2)] };
  assert.notEqual(nb301Space.hash(other), nb301Space.hash(g));
});

test('sampling is uniform over inputs and operations', () => {
  const rng = new Rng(2024);
  const n = 20_000;
  const pairCounts = new Map<string, number>();
  const opCounts = new Array<number>(7).fill(0);
  for (let i = 0; i < n; i++) {
    const g = nb301Space.sample(rng);
    nb301Space.validate(g);
    const [a, b] = [g.normal[6]![0], g.normal[7]![0]].sort((x, y) => x - y);
    pairCounts.set(`${a}_${b}`, (pairCounts.get(`${a}_${b}`) ?? 0) + 1);
    for (const [, op] of g.reduce) opCounts[op]!++;
  }
  assert.equal(pairCounts.size, 10);
  // Chi-square with 9 and 6 degrees of freedom; 0.1% critical values 27.9 and 22.5.
  const chi = (counts: number[], expected: number): number => counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi([...pairCounts.values()], n / 10) < 27.9, `node-5 input pairs ${JSON.stringify([...pairCounts])}`);
  assert.ok(chi(opCounts, (8 * n) / 7) < 22.5, `operations ${opCounts}`);
});

test('validation says what is wrong', () => {
  const g = parseDarts(EXAMPLE_TEXT);
  const plain = nb301Space.toJSON(g) as { normal: number[][]; reduce: number[][] };
  const withEdge = (e: number, edge: unknown): unknown => ({ normal: plain.normal.map((x, i) => (i === e ? edge : x)), reduce: plain.reduce });
  assert.throws(() => nb301Space.validate(withEdge(4, [4, 0])), /node 4 is wired to itself; node 4 may only take inputs 0\.\.3/);
  assert.throws(() => nb301Space.validate(withEdge(2, [4, 0])), /node 3 is wired to the later node 4/);
  assert.throws(() => nb301Space.validate(withEdge(7, [0, 0])), /node 5 takes input 0 twice/);
  assert.throws(() => nb301Space.validate(withEdge(0, [0, 7])), /unknown operation 7; allowed 0\.\.6/);
  assert.throws(() => nb301Space.validate(withEdge(0, ['conv_7x7', 0])), /unknown operation "conv_7x7"/);
  assert.throws(() => nb301Space.validate({ normal: plain.normal.slice(1), reduce: plain.reduce }), /list of 8 edges/);
  assert.throws(() => nb301Space.validate(42), /not a NAS-Bench-301 genotype/);
  assert.throws(() => parseDarts(EXAMPLE_TEXT.replace("'dil_conv_3x3'", "'conv_9x9'")), /unknown operation "conv_9x9"/);
  assert.throws(() => parseDarts(EXAMPLE_TEXT.replace('normal_concat=[2, 3, 4, 5]', 'normal_concat=[2, 3]')), /concatenate all four/);
  assert.throws(() => parseDarts(EXAMPLE_TEXT.replace("('skip_connect', 0), ('dil_conv_3x3', 2)", "('skip_connect', 0), ('dil_conv_3x3', 5)")), /node 5 is wired to itself/);
  assert.throws(() => parseCompact('[[(0, 1)], [(0, 1)]]'), /not a NASLib compact/);
  const cs = toConfigSpace(g);
  const p = 'NetworkSelectorDatasetInfo:darts:';
  assert.throws(() => fromConfigSpace({ ...cs, [`${p}edge_normal_4`]: 'max_pool_3x3' }), /edge_normal_4 is set, but node 3 of the normal cell does not take input 2/);
  const missing = { ...cs };
  delete missing[`${p}edge_normal_11`];
  assert.throws(() => fromConfigSpace(missing), /edge_normal_11 is missing/);
  assert.throws(() => fromConfigSpace({ ...cs, [`${p}inputs_node_normal_4`]: '0_4' }), /inputs_node_normal_4 is "0_4"; allowed: 0_1, 0_2/);
  assert.throws(() => fromConfigSpace({ ...cs, [`${p}edge_reduce_0`]: 'conv' }), /not an operation/);
});

test('validate and fromJSON read every form; toJSON round-trips', () => {
  const g = parseDarts(EXAMPLE_TEXT);
  const json = nb301Space.toJSON(g);
  assert.deepEqual(nb301Space.fromJSON(JSON.parse(JSON.stringify(json))), g);
  assert.deepEqual(toGenotype(EXAMPLE_TEXT), g);
  assert.deepEqual(toGenotype(formatCompact(g)), g);
  assert.deepEqual(toGenotype([g.normal, g.reduce]), g);
  assert.deepEqual(toGenotype({ normal: g.normal.map(([i, o]) => [['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'][o], i]), reduce: g.reduce }), g);
  assert.equal(nb301Space.hash(toGenotype(toConfigSpace(g))), nb301Space.hash(g));
});

test('the encoding: 462 floats, the documented layout, one token per architecture', () => {
  assert.equal(nb301Space.encodingSize, NB301_ENCODING_SIZE);
  assert.equal(NB301_ENCODING_SIZE, 2 * (11 * 11 + 11 * 10));
  const g = parseDarts(EXAMPLE_TEXT);
  const t = encodeGenotype(g);
  assert.equal(t.length, 462);
  const at = (cell: number, from: number, to: number): number => t[cell * 231 + from * 11 + to]!;
  const label = (cell: number, vertex: number): number => [...t.subarray(cell * 231 + 121 + vertex * 10, cell * 231 + 121 + vertex * 10 + 10)].indexOf(1);
  // Normal cell, canonical order: node 2 edges (0 sep3), (1 sep3); node 5 edges (0 skip), (2 dil3).
  assert.equal(at(0, 0, 2), 1);
  assert.equal(at(0, 1, 3), 1);
  assert.equal(label(0, 2), 2 + 3);
  assert.equal(label(0, 0), 0);
  assert.equal(label(0, 1), 1);
  assert.equal(label(0, 10), 9);
  // Edge vertex 9 (edge 7: input node 2, dil_conv_3x3) reads both edge vertices of node 2.
  assert.equal(at(0, 2, 9), 1);
  assert.equal(at(0, 3, 9), 1);
  assert.equal(label(0, 9), 2 + 5);
  for (let v = 2; v < 10; v++) assert.equal(at(0, v, 10), 1);
  // Reduce: node 3 canonical edges (1 max_pool), (2 skip): vertex 5 reads vertices 2, 3.
  assert.equal(at(1, 1, 4), 1);
  assert.equal(at(1, 2, 5), 1);
  assert.equal(at(1, 3, 5), 1);
  const tokens = new Map<string, string>();
  const rng = new Rng(8);
  for (let i = 0; i < 2000; i++) {
    const s = nb301Space.sample(rng);
    const key = Buffer.from(nb301Space.encode(s).buffer).toString('base64');
    const h = nb301Space.hash(s);
    const seen = tokens.get(key);
    assert.ok(seen === undefined || seen === h, 'two architectures share a token');
    tokens.set(key, h);
  }
});
