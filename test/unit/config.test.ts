import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, expandRuns, expandSearchRuns, validateExperimentConfig } from '#shared/config.ts';

const valid = {
  name: 'demo',
  benchmark: 'nb201-cifar10',
  budget: 50,
  seeds: 3,
  searchers: [{ kind: 'random-search' }, { kind: 'regularized-evolution', population: 20 }],
};

function messages(raw: unknown): string[] {
  const result = validateExperimentConfig(raw);
  assert.equal(result.ok, false, 'expected the config to be rejected');
  return result.ok ? [] : result.issues.map((i) => i.message);
}

test('a valid config gets its defaults and expands to searchers × seeds runs', () => {
  const result = validateExperimentConfig(valid);
  assert.ok(result.ok);
  assert.deepEqual(result.config.seeds, [0, 1, 2]);
  assert.equal(result.config.queryDelayMs, 0);
  assert.deepEqual(result.config.searchers[1], { kind: 'regularized-evolution', label: 'regularized-evolution', params: { population: 20, sampleSize: 10 } });
  const runs = expandSearchRuns(result.config);
  assert.equal(runs.length, 6);
  assert.deepEqual(runs.map((r) => `${r.searcher.label}/${r.seed}`), [
    'random-search/0', 'random-search/1', 'random-search/2',
    'regularized-evolution/0', 'regularized-evolution/1', 'regularized-evolution/2',
  ]);
});

test('an unknown field is named together with the allowed fields', () => {
  const [message] = messages({ ...valid, budgett: 3 });
  assert.match(message!, /unknown field budgett; allowed fields: .*budget/);
  const [nested] = messages({ ...valid, searchers: [{ kind: 'local-search', inti: 5 }] });
  assert.match(nested!, /unknown field searchers\[0\]\.inti; allowed fields of searchers\[0\]: kind, label, init/);
});

test('budget 0, a bad searcher kind and bad seeds each say what is allowed', () => {
  assert.match(messages({ ...valid, budget: 0 })[0]!, /budget must be at least 1, got 0/);
  assert.match(messages({ ...valid, budget: 2.5 })[0]!, /budget must be an integer/);
  assert.match(messages({ ...valid, searchers: [{ kind: 'bayesian' }] })[0]!, /searchers\[0\]\.kind must be one of random-search, random-walk, local-search, regularized-evolution, agent, bananas; got "bayesian"/);
  assert.match(messages({ ...valid, seeds: [1, 1] })[0]!, /seeds\[1\] repeats seed 1/);
  assert.match(messages({ ...valid, seeds: 'many' })[0]!, /seeds must be a positive count/);
  assert.match(messages({ ...valid, searchers: [] })[0]!, /searchers must be a non-empty list/);
});

test('every problem is reported, not only the first', () => {
  const all = messages({ benchmark: 3, budget: -1, searchers: [{ kind: 'random-search' }, { kind: 'random-search' }] });
  assert.ok(all.some((m) => /name is required/.test(m)));
  assert.ok(all.some((m) => /benchmark must be a string/.test(m)));
  assert.ok(all.some((m) => /budget must be at least 1/.test(m)));
  assert.ok(all.some((m) => /share the label "random-search"/.test(m)));
});

test('a config that is not an object is refused', () => {
  assert.match(messages([1, 2])[0]!, /must be an object/);
  assert.match(messages(null)[0]!, /must be an object/);
});

test('canonical JSON ignores key order', () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: 2 }));
});

test('train-agent experiments: an agent block instead of searchers, with validated overrides and budget', () => {
  const ok = validateExperimentConfig({
    kind: 'train-agent',
    name: 't',
    benchmark: 'b',
    seeds: 2,
    agent: { name: 'walker', preset: 'cpu-small', hyper: { latentDim: 64, heads: 4 }, budget: { minutes: 2, envSteps: 5000 } },
  });
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.deepEqual(ok.config.agent, { name: 'walker', preset: 'cpu-small', overrides: { latentDim: 64, heads: 4 }, budget: { seconds: 120, envSteps: 5000 }, checkpointEverySeconds: 60 });
  assert.equal(ok.config.searchers.length, 0);
  const bad = messages({ kind: 'train-agent', name: 't', benchmark: 'b', searchers: ['random-search'], agent: { name: 'bad name', preset: 'gpu-huge', hyper: { latentDimm: 3, gamma: 2 } } });
  assert.ok(bad.some((m) => /a train-agent experiment has no searchers/.test(m)));
  assert.ok(bad.some((m) => /agent\.preset must be one of paper-nb101, paper-nb301, cpu-small; got "gpu-huge"/.test(m)));
  assert.ok(bad.some((m) => /unknown field agent\.hyper\.latentDimm/.test(m)));
  assert.ok(bad.some((m) => /agent\.hyper\.gamma must be at most 1, got 2/.test(m)));
  assert.ok(bad.some((m) => /agent\.budget needs at least one of minutes, envSteps, learnerSteps/.test(m)));
  assert.ok(bad.some((m) => /agent\.name "bad name" is not allowed/.test(m)));
  assert.match(messages({ name: 'x', benchmark: 'b', searchers: ['random-search'] })[0]!, /budget is required/);
  assert.match(messages({ name: 'x', benchmark: 'b', budget: 5, searchers: [{ kind: 'agent' }] })[0]!, /searchers\[0\]\.checkpoint is required/);
});

test('requires: worker tags are validated, kept sorted and once, and go with every run; a config without them is unchanged', () => {
  const tagged = validateExperimentConfig({ ...valid, requires: ['gpu', 'a100', 'gpu'] });
  assert.ok(tagged.ok);
  assert.deepEqual(tagged.config.requires, ['a100', 'gpu']);
  const runs = expandRuns(tagged.config, () => { throw new Error('no training here'); });
  assert.equal(runs.length, 6);
  assert.ok(runs.every((r) => JSON.stringify(r.requires) === '["a100","gpu"]'));
  const plain = validateExperimentConfig(valid);
  assert.ok(plain.ok);
  assert.equal('requires' in plain.config, false);
  assert.ok(expandRuns(plain.config, () => { throw new Error('no training here'); }).every((r) => !('requires' in r)), 'untagged runs hash as before');
  assert.deepEqual(messages({ ...valid, requires: 'gpu' }), ['requires must be a list of at most 16 worker tags (e.g. [gpu]): a run is taken only by workers started with all of them']);
  assert.match(messages({ ...valid, requires: ['GPU!'] })[0]!, /requires\[0\] must be a tag: lowercase letters, digits/);
});
