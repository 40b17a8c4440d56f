/**
 * One spec per benchmark kind (shared/benchmark-kinds.ts): the lists every layer reads are
 * derived from it, the library opens exactly its kinds, and the registry honours what each
 * spec says (the space it records, file or folder source, the data file's suffix).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import {
  BENCHMARK_KIND_SPECS,
  BENCHMARK_KINDS,
  IMPORTABLE_KINDS,
  VALIDATION_ONLY_KINDS,
  benchmarkKindSpec,
  isValidationOnlyKind,
  kindLabel,
} from '#shared/benchmark-kinds.ts';
import { BENCHMARK_OPENERS, loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import { benchmarkDataPath, isArchwalkBenchmarkEntry } from '../../src-main/services/benchmark-files.ts';
import { importBenchmark } from '../../src-main/services/benchmark-registry.ts';
import { prepareHome } from '../../src-main/services/home.ts';
import { Store } from '../../src-main/services/store.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';

test('the lists about kinds are derived from the specs, in the specs order', () => {
  assert.deepEqual(BENCHMARK_KINDS, ['nb201', 'nb101', 'nb301-yahpo', 'nb301-xgb', 'live']);
  assert.deepEqual(IMPORTABLE_KINDS, ['nb201', 'nb101', 'nb301-yahpo', 'nb301-xgb', 'live']);
  assert.deepEqual(VALIDATION_ONLY_KINDS, ['nb301-yahpo', 'nb301-xgb']);
  assert.equal(kindLabel('nb301-xgb'), 'NAS-Bench-301 v1.0 XGBoost ensemble');
  assert.equal(kindLabel('mystery'), null);
  assert.equal(kindLabel(undefined), null);
  assert.equal(isValidationOnlyKind('nb301-yahpo'), true);
  assert.equal(isValidationOnlyKind('live'), false);
  assert.equal(isValidationOnlyKind('toString'), false, 'an inherited property is no kind');
  assert.equal(benchmarkKindSpec('constructor'), null);
});

test('the library opens exactly the kinds the specs list, and names them for a kind it does not know', () => {
  assert.deepEqual(Object.keys(BENCHMARK_OPENERS), BENCHMARK_KINDS);
  assert.throws(
    () => loadBenchmark({ name: 'b', kind: 'nb999', dataPath: '/nowhere' }),
    /benchmark b has kind "nb999", which this archwalk cannot open \(known: nb201, nb101, nb301-yahpo, nb301-xgb, live\)/,
  );
  assert.throws(() => loadBenchmark({ name: 'b', kind: 'hasOwnProperty', dataPath: '/nowhere' }), /cannot open/);
});

test("every kind's data path (and its staging name) is one the start-up sweep recognises; suffixes are distinct", () => {
  const suffixes = BENCHMARK_KINDS.map((kind) => BENCHMARK_KIND_SPECS[kind].dataSuffix);
  assert.equal(new Set(suffixes).size, suffixes.length);
  const home = { benchmarks: '/home/b' } as Parameters<typeof benchmarkDataPath>[0];
  for (const kind of BENCHMARK_KINDS) {
    const path = benchmarkDataPath(home, 'table-1', kind);
    assert.equal(path, join('/home/b', `table-1.${BENCHMARK_KIND_SPECS[kind].dataSuffix}`));
    assert.ok(isArchwalkBenchmarkEntry(basename(path)), path);
    assert.ok(isArchwalkBenchmarkEntry(`${basename(path)}.import-0a1b`), `${path} while importing`);
  }
  assert.equal(isArchwalkBenchmarkEntry('table-1.csv'), false);
});

test('an import reads a file or a folder as its kind spec says, and refuses the other before writing anything', async () => {
  const dir = tempDir();
  const home = prepareHome(join(dir.path, 'home'));
  const store = new Store(home.database);
  try {
    const folder = join(dir.path, 'folder');
    const file = join(dir.path, 'file.bin');
    mkdirSync(folder);
    writeFileSync(file, 'x');
    for (const kind of IMPORTABLE_KINDS) {
      const folderKind = BENCHMARK_KIND_SPECS[kind].sourceIs === 'folder';
      await assert.rejects(
        importBenchmark(store, home, { kind, name: `wrong-${kind}`, path: folderKind ? file : folder }),
        new RegExp(`${kind} imports from ${folderKind ? 'a folder' : 'a regular file'}`),
      );
    }
    assert.deepEqual(store.listBenchmarks().map((b) => b.name).filter((n) => n.startsWith('wrong-')), []);
  } finally {
    store.close();
    dir.cleanup();
  }
});

test("a registered benchmark records its kind spec's space", { skip: skipWithout(NB201_CSV) }, async () => {
  const dir = tempDir();
  const home = prepareHome(join(dir.path, 'home'));
  const store = new Store(home.database);
  try {
    const row = await importBenchmark(store, home, { kind: 'nb201', name: 'c10', path: NB201_CSV });
    assert.equal(row.space, BENCHMARK_KIND_SPECS.nb201.space);
    assert.equal(row.space, 'nb201');
    assert.equal(basename(row.data_path), 'c10.nb201.json');
  } finally {
    store.close();
    dir.cleanup();
  }
});
