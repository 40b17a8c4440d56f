import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import { SHIPPED_NB201, shippedNb201File, type ShippedNb201 } from '../../src-main/nas/benchmarks/nb201/shipped.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { nb201FromIndex, nb201Index, parseNb201 } from '../../src-main/nas/spaces/nb201/space.ts';
import { benchmarkHandle } from '../../src-main/services/benchmark-registry.ts';
import { EMBEDDED_BENCHMARKS, registerEmbeddedBenchmarks, shippedResourcePath } from '../../src-main/services/embedded.ts';
import { prepareHome } from '../../src-main/services/home.ts';
import { Store, toBenchmarkInfo } from '../../src-main/services/store.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';

const tables = SHIPPED_NB201.map((spec) => ({ spec, path: shippedResourcePath(shippedNb201File(spec.name)) }));
const missing = tables.find((t) => t.path === null);
const notBuilt = missing ? `resources/${shippedNb201File(missing.spec.name)} is not built (node scripts/build-nb201-tables.ts)` : false;
const resources = tables[0]?.path ? dirname(dirname(tables[0].path)) : '';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

test('the four shipped NB201 tables: under 2 MB together, each with its licence and provenance', { skip: notBuilt }, () => {
  let total = 0;
  for (const { spec, path } of tables) {
    const bytes = readFileSync(path!);
    total += bytes.length;
    const provenance = JSON.parse(readFileSync(join(dirname(path!), 'provenance.json'), 'utf8'));
    assert.equal(provenance.name, spec.name);
    assert.equal(provenance.table.sha256, sha256(bytes), `${spec.name}: provenance names this file`);
    assert.equal(provenance.source.sha256, spec.source.sha256);
    assert.match(provenance.source.commit, /^[0-9a-f]{7,40}$/);
    assert.equal(provenance.dataset, spec.dataset);
    assert.equal(provenance.epochs, spec.epochs);
    const licence = readFileSync(join(dirname(path!), 'LICENSE'), 'utf8');
    assert.match(licence, /Permission is hereby granted, free of charge/);
    assert.ok(licence.includes(spec.source.licence.copyright), `${spec.name}: the licence names ${spec.source.licence.copyright}`);
  }
  assert.ok(total < 2_000_000, `the shipped NB201 tables take ${total} bytes`);
});

/** The source CSV's numbers for a shipped table, read with nothing but split and Number. */
function csvColumns(spec: ShippedNb201): { valid: Float64Array; test: Float64Array; train: Float64Array | null } {
  const [head, ...rows] = readFileSync(join(BENCHMARK_DATA, 'nb201', spec.source.file), 'utf8').trim().split('\n');
  const header = head!.split(',');
  const multi = header.includes('cellstr');
  const prefix = { 'cifar10-valid': '', cifar10: 'cifar10', cifar100: 'cifar100', 'ImageNet16-120': 'imagenet' }[spec.dataset];
  const col = (name: string): number => {
    const at = header.indexOf(name);
    assert.ok(at >= 0, `${spec.source.file} has a ${name} column`);
    return at;
  };
  const [arch, valid, test, train] = multi ? [col('cellstr'), col(`${prefix}-val`), col(`${prefix}-test`), -1] : [col('arch_str'), col('valid-accuracy'), col('test-accuracy'), col('train-accuracy')];
  const out = { valid: new Float64Array(15625).fill(Number.NaN), test: new Float64Array(15625).fill(Number.NaN), train: train < 0 ? null : new Float64Array(15625).fill(Number.NaN) };
  for (const row of rows) {
    const f = row.split(',');
    const index = nb201Index(parseNb201(f[arch]!));
    out.valid[index] = Number(f[valid]) / 100;
    out.test[index] = Number(f[test]) / 100;
    if (out.train) out.train[index] = Number(f[train]) / 100;
  }
  return out;
}

test('a fresh home registers every shipped table once; every query returns exactly its source CSV\'s numbers', { skip: notBuilt || skipWithout(join(BENCHMARK_DATA, 'nb201')) }, () => {
  const dir = tempDir();
  try {
    const home = prepareHome(join(dir.path, 'home'));
    const store = new Store(home.database);
    const started = performance.now();
    const result = registerEmbeddedBenchmarks(store, home, resources);
    const ms = performance.now() - started;
    assert.deepEqual(result, { registered: [...EMBEDDED_BENCHMARKS], problems: [] });
    console.log(`# registered ${result.registered.length} shipped benchmarks in a new home in ${ms.toFixed(0)} ms`);
    assert.deepEqual(registerEmbeddedBenchmarks(store, home, resources), { registered: [], problems: [] }, 'once per home');
    for (const { spec } of tables) {
      const row = store.getBenchmark(spec.name)!;
      assert.ok(row.data_path.startsWith(home.benchmarks), 'copied into the home');
      const info = toBenchmarkInfo(row);
      assert.equal(info.kind, 'nb201');
      assert.equal(info.dataset, spec.dataset);
      assert.equal(info.epochs, spec.epochs);
      const bench = loadBenchmark(benchmarkHandle(row));
      const csv = csvColumns(spec);
      for (let index = 0; index < 15625; index++) {
        const metrics = bench.query(nb201FromIndex(index), { rng: new Rng(0) }) as { valid: number; test: number; train?: number };
        assert.equal(metrics.valid, csv.valid[index], `${spec.name} cell ${index} validation`);
        assert.equal(metrics.test, csv.test[index], `${spec.name} cell ${index} test`);
        assert.equal(metrics.train, csv.train ? csv.train[index] : undefined, `${spec.name} cell ${index} train`);
      }
      assert.equal(info.bestValid, Math.max(...csv.valid));
    }
    store.close();
  } finally {
    dir.cleanup();
  }
});

test('a damaged shipped NB201 table is reported and registers nothing; the others still register', { skip: notBuilt }, () => {
  const dir = tempDir();
  try {
    const copy = join(dir.path, 'resources');
    cpSync(resources, copy, { recursive: true });
    const damaged = join(copy, shippedNb201File('nb201-12ep-cifar100'));
    const bytes = readFileSync(damaged);
    bytes[bytes.length - 1000] = bytes[bytes.length - 1000]! ^ 0x10;
    writeFileSync(damaged, bytes);
    const home = prepareHome(join(dir.path, 'home'));
    const store = new Store(home.database);
    const result = registerEmbeddedBenchmarks(store, home, copy);
    assert.deepEqual(result.registered, EMBEDDED_BENCHMARKS.filter((name) => name !== 'nb201-12ep-cifar100'));
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]!, /the shipped benchmark nb201-12ep-cifar100 \(.*\) could not be registered: .* is damaged: SHA-256 checksum mismatch/);
    assert.equal(store.getBenchmark('nb201-12ep-cifar100'), undefined);
    assert.ok(!existsSync(join(home.benchmarks, 'nb201-12ep-cifar100.nb201')), 'nothing copied');
    store.close();
  } finally {
    dir.cleanup();
  }
});
