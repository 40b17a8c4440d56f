/**
 * The cost of synchronous=FULL on the store's busiest write: a run's flush (a batch of
 * architecture events plus the summary columns, one transaction, as the scheduler writes every
 * 100 ms). Run: node test/bench/store-durability.ts [--runs=7] [--flushes=1500] [--batch=3]
 *
 * Each run opens a fresh store in the system's temporary folder, claims a run and appends
 * `flushes` batches as that attempt, once with synchronous=NORMAL (the old setting) and once with
 * FULL (the store's setting), alternating so that disk noise hits both alike. Printed: flushes
 * per second (and events per second) per setting, median over the runs, and the ratio.
 */
import { join } from 'node:path';
import { Store } from '../../src-main/services/store.ts';
import { expandSearchRuns, validateExperimentConfig } from '#shared/config.ts';
import { tempDir } from '../helpers/data.ts';
import { argInt, fmt, median } from './nb101-util.ts';
import { architectureEvent } from './store-events.ts';

const runs = argInt('runs', 7);
const flushes = argInt('flushes', 1500);
const batch = argInt('batch', 3);

function flushesPerSecond(synchronous: 'NORMAL' | 'FULL'): number {
  const dir = tempDir('archwalk-bench-');
  const store = new Store(join(dir.path, 'bench.db'));
  try {
    store.db.exec(`PRAGMA synchronous = ${synchronous}`);
    const checked = validateExperimentConfig({ name: 'bench', benchmark: 'b', budget: flushes * batch, seeds: 1, searchers: ['random-walk'] });
    if (!checked.ok) throw new Error('bench config invalid');
    store.insertExperiment(checked.config, 'h', expandSearchRuns(checked.config).map((config) => ({ config, configHash: 'h', appVersion: 'bench', benchmarkSha256: null })));
    const row = store.claimNextQueued('bench')!;
    const lease = { runId: row.id, attempt: row.attempt, owner: 'bench' };
    let query = 0;
    const started = performance.now();
    for (let i = 0; i < flushes; i++) {
      const events = Array.from({ length: batch }, () => architectureEvent(++query));
      store.appendEvents(lease, events, { queries: query, best: { valid: 0.91, test: 0.9, hash: `h${query}`, arch: [1, 2, 3], query } });
    }
    return flushes / ((performance.now() - started) / 1000);
  } finally {
    store.close();
    dir.cleanup();
  }
}

const rates: Record<'NORMAL' | 'FULL', number[]> = { NORMAL: [], FULL: [] };
for (let r = 0; r < runs; r++) {
  for (const setting of r % 2 === 0 ? (['NORMAL', 'FULL'] as const) : (['FULL', 'NORMAL'] as const)) rates[setting].push(flushesPerSecond(setting));
}
for (const setting of ['NORMAL', 'FULL'] as const) {
  const m = median(rates[setting]);
  console.log(`synchronous=${setting.padEnd(6)} median ${fmt(m)} flushes/s (${fmt(m * batch)} events/s); runs: ${rates[setting].map(fmt).join(', ')}`);
}
console.log(`FULL / NORMAL: ${(median(rates.FULL) / median(rates.NORMAL)).toFixed(2)} (the scheduler flushes each run at most 10 times a second)`);
