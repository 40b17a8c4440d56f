import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSearch } from '../../src-main/nas/search/run-search.ts';
import { validateExperimentConfig, expandSearchRuns, type SearchRunConfig } from '#shared/config.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';

function config(queryDelayMs: number): SearchRunConfig {
  const result = validateExperimentConfig({ name: 'replay', benchmark: 'nb201-cifar10', budget: 24, seeds: [3], queryDelayMs, searchers: ['random-walk'] });
  assert.ok(result.ok);
  const [run] = expandSearchRuns(result.config);
  assert.equal(run!.kind, 'search');
  return run as SearchRunConfig;
}

async function timed(run: SearchRunConfig, replayedQueries?: number): Promise<{ ms: number; hashes: string[] }> {
  const hashes: string[] = [];
  const started = performance.now();
  await runSearch({ config: run, benchmark: realNb201(), onQuery: (r) => hashes.push(r.hash), ...(replayedQueries !== undefined ? { replayedQueries } : {}) });
  return { ms: performance.now() - started, hashes };
}

test('a resumed search replays its recorded queries without waiting queryDelayMs, then waits for the new ones', { skip: skipWithout(NB201_CSV) }, async () => {
  const delayed = config(60);
  const full = await timed(delayed);
  const resumed = await timed(delayed, 20);
  assert.deepEqual(resumed.hashes, full.hashes, 'the same trajectory');
  assert.ok(full.ms >= 24 * 60, `every query of a fresh run waits (${Math.round(full.ms)} ms)`);
  assert.ok(resumed.ms >= 4 * 60, `the 4 new queries wait (${Math.round(resumed.ms)} ms)`);
  assert.ok(resumed.ms < 10 * 60, `the 20 replayed queries do not (${Math.round(resumed.ms)} ms for 24 queries, 4 new)`);
});
