import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeNb101TableSync } from '../../src-main/nas/benchmarks/nb101/table-format.ts';
import { loadNb101TableSync } from '../../src-main/nas/benchmarks/nb101/table-benchmark.ts';
import { assembleTable, buildJobs, toJournalEntry, jobKey, type JournalEntry } from '../../src-main/nas/live/table-build.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { embeddedTablePath, EMBEDDED_NB101, registerEmbeddedBenchmarks } from '../../src-main/services/embedded.ts';
import { prepareHome } from '../../src-main/services/home.ts';
import { Store } from '../../src-main/services/store.ts';
import { tempDir } from '../helpers/data.ts';

/** A resources folder holding a small stand-in table (every cell with ≤ 4 vertices). */
function fakeResources(root: string): string {
  const jobs = buildJobs(4, [0]);
  const done = new Map<string, JournalEntry>();
  jobs.forEach((job, i) => {
    const v = 0.3 + (i % 50) / 100;
    done.set(jobKey(job.hash, job.seed), toJournalEntry(job, { final: { train: v, validation: v, test: v - 0.02 }, halfway: null, halfwayEpoch: 1, params: 1000 + i, trainSeconds: 1, halfwaySeconds: 0, finalLoss: 1 }, 'r', 'cpu'));
  });
  const dir = join(root, EMBEDDED_NB101);
  mkdirSync(dir, { recursive: true });
  writeNb101TableSync(assembleTable(jobs, done, 2, { file: 'test', bytes: 0 }), join(dir, 'table.nb101'));
  return root;
}

test('a fresh home gets the shipped benchmark once, as an NB101 table over its small space', () => {
  const dir = tempDir();
  try {
    const resources = fakeResources(join(dir.path, 'resources'));
    const home = prepareHome(join(dir.path, 'home'));
    const store = new Store(home.database);
    const first = registerEmbeddedBenchmarks(store, home, resources);
    assert.deepEqual(first, { registered: [EMBEDDED_NB101], problems: [] });
    const row = store.getBenchmark(EMBEDDED_NB101)!;
    assert.equal(row.kind, 'nb101');
    assert.equal(row.size, 91, '1 + 6 + 84 cells with at most 4 vertices');
    assert.ok(row.data_path.startsWith(home.benchmarks), 'copied into the home');
    assert.deepEqual(registerEmbeddedBenchmarks(store, home, resources), { registered: [], problems: [] });
    const bench = loadNb101TableSync(row.data_path, row.name);
    assert.equal(bench.space.maxVertices, 4, 'the space is restricted to the table');
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) {
      const cell = bench.sample(rng);
      for (const { arch } of bench.space.neighbours(cell)) assert.ok(Number.isFinite(bench.query(arch, { rng, fidelity: 2 }).valid), 'every neighbour is in the table');
    }
    store.close();
  } finally {
    dir.cleanup();
  }
});

test('a damaged shipped table is reported and registers nothing', () => {
  const dir = tempDir();
  try {
    const resources = fakeResources(join(dir.path, 'resources'));
    const file = join(resources, EMBEDDED_NB101, 'table.nb101');
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    writeFileSync(file, bytes);
    const home = prepareHome(join(dir.path, 'home'));
    const store = new Store(home.database);
    const result = registerEmbeddedBenchmarks(store, home, resources);
    assert.deepEqual(result.registered, []);
    assert.match(result.problems[0]!, /could not be registered: .*checksum mismatch/);
    assert.equal(store.getBenchmark(EMBEDDED_NB101), undefined);
    store.close();
  } finally {
    dir.cleanup();
  }
});

const shipped = embeddedTablePath();

test('the shipped nb101-5v-fmnist table: every ≤5-vertex cell, trained, with provenance', { skip: shipped === null ? 'resources/nb101-5v-fmnist/table.nb101 not built' : false }, () => {
  const bench = loadNb101TableSync(shipped!, EMBEDDED_NB101);
  assert.equal(bench.size, 2532);
  assert.equal(bench.space.maxVertices, 5);
  const provenance = JSON.parse(readFileSync(join(shipped!, '..', 'provenance.json'), 'utf8'));
  assert.equal(provenance.cells, 2532);
  assert.equal(provenance.dataset.name, 'fashion-mnist');
  const best = bench.best();
  assert.ok(best.valid > 0.5 && best.valid < 1, `best validation accuracy ${best.valid}`);
  let sum = 0;
  for (const { arch } of bench) {
    const m = bench.query(arch, { rng: new Rng(0), repeat: 'mean', fidelity: bench.defaultEpochs });
    assert.ok(m.valid > 0 && m.valid <= 1 && m.test > 0 && m.test <= 1 && (m.params ?? 0) > 0);
    sum += m.valid;
  }
  assert.ok(Math.abs(sum / bench.size - provenance.summary.validation.mean) < 1e-4, 'provenance summary matches the table');
});
