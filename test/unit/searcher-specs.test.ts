/**
 * Searcher parameters defined once (shared/searcher-specs.ts): the config and the run process
 * resolve the defaults from the specs, and the library's searchers, which hold none, refuse
 * parameters nobody resolved instead of guessing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSearchRuns, validateExperimentConfig } from '#shared/config.ts';
import { resolveSearcherParams, SEARCHER_KINDS, SEARCHER_PARAMS } from '#shared/searcher-specs.ts';
import { runSearch, SEARCHERS } from '../../src-main/nas/search/run-search.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';

test('the specs list every searcher once, the classic ones, the agent and BANANAS, in the order the form offers them', () => {
  assert.deepEqual(SEARCHER_KINDS, ['random-search', 'random-walk', 'local-search', 'regularized-evolution', 'agent', 'bananas']);
  assert.deepEqual(Object.keys(SEARCHERS), SEARCHER_KINDS.filter((k) => k !== 'agent'));
});

test('resolving fills in each default from the spec and keeps what was given', () => {
  assert.deepEqual(resolveSearcherParams('random-search', {}), {});
  assert.deepEqual(resolveSearcherParams('local-search', {}), { init: 10 });
  assert.deepEqual(resolveSearcherParams('local-search', { init: 3 }), { init: 3 });
  assert.deepEqual(resolveSearcherParams('regularized-evolution', { sampleSize: 4 }), { population: 30, sampleSize: 4 });
  assert.deepEqual(resolveSearcherParams('agent', { checkpoint: 'a1' }), { checkpoint: 'a1', epsilon: 0 }, 'episodeLength and N stay absent: they default to the agent\'s training values');
});

test('a validated config carries exactly the resolved parameters', () => {
  const result = validateExperimentConfig({
    name: 'defaults',
    benchmark: 'b',
    budget: 10,
    searchers: ['random-search', 'local-search', { kind: 'regularized-evolution', population: 8 }, { kind: 'agent', checkpoint: 'a1' }],
  });
  assert.ok(result.ok, JSON.stringify(result));
  for (const searcher of result.config.searchers) assert.deepEqual(searcher.params, resolveSearcherParams(searcher.kind, searcher.kind === 'regularized-evolution' ? { population: 8 } : searcher.kind === 'agent' ? { checkpoint: 'a1' } : {}));
  assert.deepEqual(expandSearchRuns(result.config)[2]!.searcher.params, { population: 8, sampleSize: 10 });
  for (const kind of SEARCHER_KINDS) {
    for (const [name, field] of Object.entries(SEARCHER_PARAMS[kind])) {
      assert.ok(field.doc.length > 0, `${kind}.${name} has help`);
    }
  }
});

test('a library searcher given parameters nobody resolved refuses them by name', { skip: skipWithout(NB201_CSV) }, async () => {
  const run = (kind: string, params: object) => runSearch({ config: { seed: 0, budget: 20, queryDelayMs: 0, searcher: { kind, params } }, benchmark: realNb201() });
  await assert.rejects(run('local-search', {}), /^Error: local-search: init must be a positive integer, got undefined$/);
  await assert.rejects(run('regularized-evolution', { population: 30 }), /regularized-evolution: sampleSize must be a positive integer, got undefined/);
  await assert.rejects(run('regularized-evolution', { population: '30', sampleSize: 10 }), /population must be a positive integer, got "30"/);
  const resolved = await run('local-search', resolveSearcherParams('local-search', {}));
  assert.equal(resolved.queries, 20);
});
