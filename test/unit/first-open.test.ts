/**
 * The first open: on a fresh home every template that says it can be queued validates as it is
 * (against the real registry with the shipped tables), and the server reports all of a config's
 * problems at once, each once, with complete syntax messages.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { registerEmbeddedBenchmarks } from '../../src-main/services/embedded.ts';
import { parseExperimentConfig } from '../../src-main/services/experiments.ts';
import { prepareHome } from '../../src-main/services/home.ts';
import { Store, toBenchmarkInfo } from '../../src-main/services/store.ts';
import { TEMPLATES } from '../../src-renderer/src/lib/templates.ts';
import { DEFAULT_MAX_RUNS, DEFAULT_MAX_SWEEP_MINUTES } from '#shared/run-limits.ts';
import { tempDir } from '../helpers/data.ts';

function freshHome<T>(body: (store: Store) => T): T {
  const dir = tempDir();
  try {
    const home = prepareHome(join(dir.path, 'home'));
    const store = new Store(home.database);
    const registered = registerEmbeddedBenchmarks(store, home);
    assert.deepEqual(registered.problems, []);
    try {
      return body(store);
    } finally {
      store.close();
    }
  } finally {
    dir.cleanup();
  }
}

test('on a fresh home every template validates without editing, or says what it needs', () => {
  freshHome((store) => {
    const ctx = { benchmarks: store.listBenchmarks().map(toBenchmarkInfo), agents: [] };
    const missing: Record<string, string | null> = {};
    for (const t of TEMPLATES) {
      missing[t.key] = t.missing(ctx);
      if (missing[t.key] !== null) continue;
      // Under the default limits a new home has (runs per experiment, a sweep's training minutes).
      const result = parseExperimentConfig(t.build(ctx), store, { maxRuns: DEFAULT_MAX_RUNS, maxSweepMinutes: DEFAULT_MAX_SWEEP_MINUTES });
      assert.ok(result.ok, `${t.key}: ${JSON.stringify(!result.ok && result.issues)}`);
      if (t.key.startsWith('alpha-ablation') || t.key === 'gamma-n-grid') assert.ok(result.config.sweep, `${t.key} is a sweep`);
    }
    // Only what no new home can have is unavailable: an NB301 surrogate, a trained agent.
    assert.deepEqual(
      Object.entries(missing).filter(([, why]) => why !== null).map(([key]) => key),
      ['paper-nb301', 'transfer-compare', 'compare-agent'],
    );
    assert.match(missing['paper-nb301']!, /NAS-Bench-301/);
    assert.match(missing['compare-agent']!, /trained agent/);
    const paper = TEMPLATES.find((t) => t.key === 'paper-nb101')!;
    assert.match(paper.build(ctx), /^benchmark: nb101-5v-fmnist$/m);
    assert.match(paper.summary, /nb101-5v-fmnist/);
    assert.match(paper.summary, /720 minutes/);
  });
});

test('the server reports every problem of a config at once, each once', () => {
  freshHome((store) => {
    const text = 'name: x\nbenchmark: nb201-cifar1O\nbudget: 0\nbudgett: 3\nsearchers: [{kind: agent, checkpoint: nobody}]\n';
    const result = parseExperimentConfig(text, store);
    assert.ok(!result.ok);
    const paths = result.issues.map((i) => i.path).sort();
    assert.deepEqual(paths, ['budget', 'budgett', 'benchmark', 'searchers[0].checkpoint'].sort(), JSON.stringify(result.issues));
    assert.match(result.issues.find((i) => i.path === 'benchmark')!.message, /"nb201-cifar1O" is not registered; registered: nb101-5v-fmnist, /);
    assert.equal(new Set(result.issues.map((i) => `${i.path} ${i.message}`)).size, result.issues.length, 'no issue twice');
    // A registered benchmark with a bad field: only the field.
    const one = parseExperimentConfig('name: x\nbenchmark: nb201-cifar10\nbudget: 0\nsearchers: [random-search]\n', store);
    assert.deepEqual(!one.ok && one.issues.map((i) => i.path), ['budget']);
  });
});

test('a YAML syntax error is one complete sentence with its line and column', () => {
  freshHome((store) => {
    const result = parseExperimentConfig('name: x\nbenchmark: nb201-cifar10\nbudget: [1,\nseeds: 3\n', store);
    assert.ok(!result.ok);
    assert.equal(result.issues.length, 1);
    const [issue] = result.issues;
    assert.equal(issue!.line, 4);
    assert.equal(issue!.column, 1);
    assert.equal(issue!.message, 'the config is not valid YAML or JSON at line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });
});
