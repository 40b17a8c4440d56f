import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src-main/nas/rng.ts';
import {
  encodeTfRecord,
  importNb101TfRecord,
  importNb101TfRecordSync,
  loadNb101Table,
  loadNb101TableSync,
  Nb101TableBenchmark,
  Nb101TableBuilder,
  readNb101Table,
  writeNb101Table,
  type ImportProgress,
} from '../../src-main/nas/benchmarks/nb101/index.ts';
import { graphToCell, nb101Space, type CellGraph, type Nb101Cell } from '../../src-main/nas/spaces/nb101/index.ts';

const DATA_DIR = fileURLToPath(new URL('../../../shared/benchmark-data/nb101/', import.meta.url));
const REAL30 = join(DATA_DIR, 'nb101_real30.tfrecord');
const DUMMY = join(DATA_DIR, 'nb101_dummy.json');
const skipReal = existsSync(REAL30) && existsSync(DUMMY) ? false : `NB101 data not found in ${DATA_DIR} (../shared/benchmark-data next to the repo); skipping`;

type Dummy = Record<
  string,
  { fixed_metrics: { module_adjacency: number[][]; module_operations: string[]; trainable_parameters: number }; computed_metrics: Record<string, Record<string, number>[]> }
>;

const dir = mkdtempSync(join(tmpdir(), 'nb101-table-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let bench: Nb101TableBenchmark | null = null;
let dummy: Dummy = {};
const progress: ImportProgress[] = [];

before(async () => {
  if (skipReal !== false) return;
  dummy = JSON.parse(readFileSync(DUMMY, 'utf8')) as Dummy;
  const dest = join(dir, 'real30.nb101');
  const summary = await importNb101TfRecord(REAL30, dest, (p) => progress.push(p));
  const { bytes, sourceSha256, best, ...counts } = summary;
  assert.deepEqual(counts, { models: 30, records: 90, epochs: [108], repeats: 3 });
  assert.equal(bytes, statSync(dest).size);
  assert.equal(sourceSha256, createHash('sha256').update(readFileSync(REAL30)).digest('hex'), 'the SHA-256 taken while streaming is the file\'s');
  bench = await loadNb101Table(dest);
  assert.deepEqual(best, bench.best());
  // The sync import (the registry's) writes the same table.
  const destSync = join(dir, 'real30-sync.nb101');
  const syncSummary = importNb101TfRecordSync(REAL30, destSync);
  assert.deepEqual(syncSummary, summary);
  assert.deepEqual(readFileSync(destSync), readFileSync(dest));
  assert.deepEqual(loadNb101TableSync(destSync).table, bench.table);
});

const cellOf = (hash: string): Nb101Cell => ({
  matrix: dummy[hash]!.fixed_metrics.module_adjacency,
  ops: dummy[hash]!.fixed_metrics.module_operations as Nb101Cell['ops'],
});

test('import: every stored number equals the official API output (nb101_dummy.json)', { skip: skipReal }, () => {
  assert.ok(bench);
  assert.equal(bench.size, 30);
  assert.deepEqual(bench.epochs, [108]);
  for (const [hash, expected] of Object.entries(dummy)) {
    const record = bench.record(hash);
    assert.deepEqual(record.fixed, expected.fixed_metrics);
    assert.deepEqual(record.computed, { 108: expected.computed_metrics['108'] });
    assert.equal(nb101Space.hash(cellOf(hash)), hash);
  }
  const last = progress.at(-1);
  assert.ok(last);
  assert.deepEqual(last, { bytesRead: last.totalBytes, totalBytes: last.totalBytes, records: 90, models: 30 });
});

test('query: sample draws one repeat with the caller Rng, mean averages', { skip: skipReal }, () => {
  assert.ok(bench);
  const [hash, expected] = Object.entries(dummy)[0]!;
  const runs = expected.computed_metrics['108']!;
  const cell = cellOf(hash);
  const seen = new Set<number>();
  const a = new Rng(1);
  const b = new Rng(1);
  for (let i = 0; i < 60; i++) {
    const m = bench.query(cell, { rng: a });
    assert.deepEqual(m, bench.query(cell, { rng: b, repeat: 'sample', fidelity: 108 }), 'same seed, same answers');
    const run = runs.find((r) => r['final_validation_accuracy'] === m.valid);
    assert.ok(run, 'a sampled answer is one of the three repeats');
    assert.deepEqual(m, {
      valid: run['final_validation_accuracy'],
      test: run['final_test_accuracy'],
      train: run['final_train_accuracy'],
      params: expected.fixed_metrics.trainable_parameters,
      trainSeconds: run['final_training_time'],
      cost: run['final_training_time'],
    });
    seen.add(m.valid);
  }
  assert.equal(seen.size, 3, 'all three repeats come up');
  const mean = bench.query(cell, { rng: a, repeat: 'mean' });
  const avg = (k: string): number => runs.reduce((s, r) => s + (r[k] as number), 0) / 3;
  assert.ok(Math.abs(mean.valid - avg('final_validation_accuracy')) < 1e-12);
  assert.ok(Math.abs(mean.test - avg('final_test_accuracy')) < 1e-12);
  assert.ok(Math.abs(mean.cost - avg('final_training_time')) < 1e-9);
});

test('query: isomorphic or unpruned forms hit the same row; errors name the problem', { skip: skipReal }, () => {
  assert.ok(bench);
  const hash = Object.keys(dummy).find((h) => dummy[h]!.fixed_metrics.module_operations.length < 7);
  assert.ok(hash, 'the 30 models include a cell with fewer than 7 vertices');
  const cell = cellOf(hash);
  // Pad with a dangling vertex before the output: same pruned cell.
  const n = cell.ops.length;
  {
    const matrix = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => {
      const a = i < n - 1 ? i : i === n - 1 ? -1 : n - 1;
      const b = j < n - 1 ? j : j === n - 1 ? -1 : n - 1;
      return a >= 0 && b >= 0 ? (cell.matrix[a]![b] as number) : 0;
    }));
    matrix[0]![n - 1] = 1; // dangling vertex fed by the input, feeding nothing
    const padded: Nb101Cell = { matrix, ops: [...cell.ops.slice(0, n - 1), 'maxpool3x3', 'output'] };
    assert.notDeepEqual(nb101Space.pruned(padded), padded);
    assert.equal(bench.query(padded, { rng: new Rng(0), repeat: 'mean' }).valid, bench.query(cell, { rng: new Rng(0), repeat: 'mean' }).valid);
  }
  const unknown: Nb101Cell = { matrix: [[0, 1], [0, 0]], ops: ['input', 'output'] };
  assert.throws(() => bench!.query(unknown, { rng: new Rng(0) }), new RegExp(`no cell with hash ${nb101Space.hash(unknown)} \\(30 cells imported from nb101_real30.tfrecord\\)`));
  assert.throws(() => bench!.query(cell, { rng: new Rng(0), fidelity: 36 }), /no 36-epoch results in this table; imported budgets: 108/);
  assert.throws(() => bench!.query({ matrix: [[0, 0], [0, 0]], ops: ['input', 'output'] }, { rng: new Rng(0) }), /outside the space/);
  assert.throws(() => bench!.queryHash('zz', { rng: new Rng(0) }), /no cell with hash zz/);
});

test('best, sample and iteration', { skip: skipReal }, () => {
  assert.ok(bench);
  const means = Object.entries(dummy).map(([hash, d]) => {
    const runs = d.computed_metrics['108']!;
    return { hash, valid: runs.reduce((s, r) => s + (r['final_validation_accuracy'] as number), 0) / 3, test: runs.reduce((s, r) => s + (r['final_test_accuracy'] as number), 0) / 3 };
  });
  const top = means.reduce((a, b) => (b.valid > a.valid ? b : a));
  const best = bench.best();
  assert.equal(best.hash, top.hash);
  assert.ok(Math.abs(best.valid - top.valid) < 1e-12 && Math.abs(best.test - top.test) < 1e-12);
  assert.equal(nb101Space.hash(best.arch), best.hash);
  const all = [...bench];
  assert.equal(all.length, 30);
  assert.deepEqual(new Set(all.map((x) => x.hash)), new Set(Object.keys(dummy)));
  for (const { hash, arch } of all) assert.equal(nb101Space.hash(arch), hash);
  const rng = new Rng(2);
  const sampled = new Set<string>();
  for (let i = 0; i < 300; i++) sampled.add(nb101Space.hash(bench.sample(rng)));
  assert.equal(sampled.size, 30, 'uniform over the table reaches every cell');
});

test('import is atomic: a damaged source leaves no table and no temp file behind', { skip: skipReal }, async () => {
  const bytes = readFileSync(REAL30);
  const damaged = Buffer.from(bytes);
  damaged[damaged.length - 100]! ^= 0xff;
  const src = join(dir, 'damaged.tfrecord');
  writeFileSync(src, damaged);
  const sub = mkdtempSync(join(dir, 'out-'));
  const dest = join(sub, 'table.nb101');
  await assert.rejects(importNb101TfRecord(src, dest), /corrupt record at byte \d+/);
  assert.deepEqual(readdirSync(sub), []);
  // A failed re-import over an existing table keeps the old table intact.
  writeFileSync(dest, 'old');
  await assert.rejects(importNb101TfRecord(src, dest));
  assert.deepEqual(readdirSync(sub), ['table.nb101']);
  assert.equal(readFileSync(dest, 'utf8'), 'old');
});

test('import rejects a row whose hash does not match its cell', async () => {
  const row = JSON.stringify(['0123456789abcdef0123456789abcdef', 108, '0100', 'input,output', Buffer.from(metricsBytes()).toString('base64')]);
  const src = join(dir, 'wrong-hash.tfrecord');
  writeFileSync(src, encodeTfRecord(new TextEncoder().encode(row)));
  await assert.rejects(importNb101TfRecord(src, join(dir, 'never.nb101')), /record at byte 0: the row says hash 0123456789abcdef0123456789abcdef but its adjacency and ops hash to [0-9a-f]{32}/);
  assert.ok(!existsSync(join(dir, 'never.nb101')));
});

/** A ModelMetrics with three evaluations (epoch 0, halfway, final) and 1000 params. */
function metricsBytes(): number[] {
  const double = (field: number, x: number): number[] => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    return [(field << 3) | 1, ...b];
  };
  const evaluation = (x: number): number[] => [...double(1, x), ...double(2, x), ...double(3, x), ...double(4, x), ...double(5, x)];
  const e = [0, 0.25, 0.5].map(evaluation);
  return [...e.flatMap((m) => [(1 << 3) | 2, m.length, ...m]), 0x10, 0xe8, 0x07];
}

test('table files: several budgets, float64 columns when needed, damage detected', async () => {
  const builder = new Nb101TableBuilder();
  const chain: CellGraph = { n: 3, out: [0b010, 0b100, 0], labels: [-1, 2, -2] };
  const direct: CellGraph = { n: 2, out: [0b10, 0], labels: [-1, -2] };
  const hashChain = nb101Space.hash(graphToCell(chain));
  const hashDirect = nb101Space.hash(graphToCell(direct));
  const metrics = (x: number): number[] => [x, x, x, 100 * x, x / 2, x / 2, x / 2, 50 * x];
  builder.add({ hash: hashChain, epochs: 12, graph: chain, trainableParameters: 7, metrics: metrics(0.5) });
  builder.add({ hash: hashChain, epochs: 4, graph: chain, trainableParameters: 7, metrics: metrics(0.25) });
  builder.add({ hash: hashDirect, epochs: 12, graph: direct, trainableParameters: 3, metrics: metrics(0.1) }); // 0.1 is not a float32
  builder.add({ hash: hashChain, epochs: 12, graph: chain, trainableParameters: 7, metrics: metrics(0.75) });
  const table = builder.finish(null);
  assert.deepEqual(table.epochs, [4, 12]);
  assert.equal(table.repeats, 2);
  assert.ok(table.metrics.final_validation_accuracy instanceof Float64Array);
  const path = join(dir, 'multi.nb101');
  await writeNb101Table(table, path);
  const loaded = new Nb101TableBenchmark(await readNb101Table(path));
  assert.equal(loaded.query(graphToCell(direct), { rng: new Rng(0), fidelity: 12 }).valid, 0.1);
  assert.equal(loaded.query(graphToCell(chain), { rng: new Rng(0), fidelity: 4 }).valid, 0.25);
  assert.equal(loaded.query(graphToCell(chain), { rng: new Rng(0), fidelity: 12, repeat: 'mean' }).valid, 0.625);
  assert.throws(() => loaded.query(graphToCell(direct), { rng: new Rng(0), fidelity: 4 }), new RegExp(`no training run of cell ${hashDirect} at 4 epochs`));
  assert.equal(loaded.defaultEpochs, 12, 'without 108 epochs the largest budget is the default');
  assert.deepEqual(loaded.record(hashChain).computed[12]?.map((r) => r.final_test_accuracy), [0.5, 0.75]);

  const bytes = readFileSync(path);
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 3]! ^= 1;
  writeFileSync(join(dir, 'flipped.nb101'), flipped);
  await assert.rejects(readNb101Table(join(dir, 'flipped.nb101')), /is not a usable NB101 table: checksum mismatch .*Re-import it/);
  writeFileSync(join(dir, 'short.nb101'), bytes.subarray(0, bytes.length - 16));
  await assert.rejects(readNb101Table(join(dir, 'short.nb101')), /checksum mismatch/);
  writeFileSync(join(dir, 'junk.nb101'), 'hello, this is not a table at all');
  await assert.rejects(readNb101Table(join(dir, 'junk.nb101')), /wrong magic bytes/);
});
