/**
 * BANANAS in experiment configs, against a fresh home's registry: the defaults validate on the
 * shipped tables, bad values name their field, and a benchmark whose space has no predictor
 * encoding is refused before anything is queued.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { registerEmbeddedBenchmarks } from '../../src-main/services/embedded.ts';
import { parseExperimentConfig } from '../../src-main/services/experiments.ts';
import { prepareHome } from '../../src-main/services/home.ts';
import { Store } from '../../src-main/services/store.ts';
import { SPACES } from '../../src-main/nas/spaces/registry.ts';
import { BENCHMARK_KIND_SPECS } from '#shared/benchmark-kinds.ts';
import { tempDir } from '../helpers/data.ts';

function freshStore<T>(body: (store: Store) => T): T {
  const dir = tempDir();
  const home = prepareHome(join(dir.path, 'home'));
  const store = new Store(home.database);
  try {
    assert.deepEqual(registerEmbeddedBenchmarks(store, home).problems, []);
    return body(store);
  } finally {
    store.close();
    dir.cleanup();
  }
}

test('every space a benchmark kind names is registered, and each declares a path encoding for BANANAS', () => {
  for (const spec of Object.values(BENCHMARK_KIND_SPECS)) assert.ok(Object.hasOwn(SPACES, spec.space), spec.space);
  for (const [name, space] of Object.entries(SPACES)) {
    assert.equal(space.name, name);
    assert.equal(space.predictorEncoding?.name, 'path', name);
  }
});

test('bananas with NASLib\'s defaults validates on both shipped spaces', () => {
  freshStore((store) => {
    for (const benchmark of ['nb201-cifar10', 'nb101-5v-fmnist']) {
      const result = parseExperimentConfig(`name: b\nbenchmark: ${benchmark}\nbudget: 100\nsearchers: [random-search, bananas]\n`, store);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(result.config.searchers[1]!.params, {
        init: 10, k: 10, candidates: 100, mutateBest: 2, maxMutations: 1, acquisition: 'its', ensemble: 3, layers: 20, width: 20, epochs: 500, batchSize: 32, learningRate: 0.001, l1: 0.2,
      });
    }
  });
});

test('bad bananas values are refused one issue each, naming the field', () => {
  freshStore((store) => {
    const result = parseExperimentConfig('name: b\nbenchmark: nb201-cifar10\nbudget: 100\nsearchers:\n  - { kind: bananas, k: 0, acquisition: ei, learningRate: -1 }\n', store);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues.map((i) => i.path).sort(), ['searchers[0].acquisition', 'searchers[0].k', 'searchers[0].learningRate']);
  });
});

test('a benchmark whose space has no predictor encoding: bananas is refused, naming the searcher', () => {
  freshStore((store) => {
    const shipped = store.getBenchmark('nb201-cifar10')!;
    store.insertBenchmark({ ...shipped, name: 'odd-space', space: 'nb999' });
    const result = parseExperimentConfig('name: b\nbenchmark: odd-space\nbudget: 100\nsearchers: [random-search, bananas]\n', store);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues, [{ path: 'searchers[1].kind', message: 'bananas needs a path encoding of the architectures to train its predictor, and the nb999 space has none' }]);
  });
});

test('the example resources/examples/nb201-bananas.yaml validates on a fresh home as it is', () => {
  freshStore((store) => {
    const text = readFileSync(new URL('../../resources/examples/nb201-bananas.yaml', import.meta.url), 'utf8');
    const result = parseExperimentConfig(text, store);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.config.searchers.map((s) => s.kind), ['random-search', 'local-search', 'regularized-evolution', 'bananas']);
  });
});
