/**
 * Queries per second of each searcher on the real NAS-Bench-201 table, in-process (the
 * searcher + query accounting cost) and through the real run process (adds IPC and the
 * store's batched writes). Median of several repeats.
 *
 *   node test/bench/nb201-searchers.ts [--repeats 5] [--budget 2000]
 */
import { parseArgs } from 'node:util';
import type { SearchRunConfig } from '#shared/config.ts';
import { MODEL_SEARCHERS, resolveSearcherParams } from '#shared/searcher-specs.ts';
import { runSearch, SEARCHERS, type ClassicSearcherKind } from '../../src-main/nas/search/run-search.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';
import { experimentYaml, nb201Services } from '../helpers/services.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' }, budget: { type: 'string', default: '2000' } } });
const repeats = Number(values.repeats);
const budget = Number(values.budget);
const missing = skipWithout(NB201_CSV);
if (missing) {
  console.log(`skipped: ${missing}`);
  process.exit(0);
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const bench = realNb201();
console.log(`NB201 CIFAR-10, budget ${budget} queries, median of ${repeats}`);
console.log('searcher                 in-process q/s   run process q/s');
// Searchers that train predictors have their own bench (bananas.ts): at this budget they would run for hours.
for (const kind of (Object.keys(SEARCHERS) as ClassicSearcherKind[]).filter((k) => !MODEL_SEARCHERS.includes(k))) {
  const inProcess: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const config: SearchRunConfig = { kind: 'search', experiment: 'bench', benchmark: 'nb201', budget, queryDelayMs: 0, seed: r, searcher: { kind, label: kind, params: resolveSearcherParams(kind, {}) } };
    await runSearch({ config, benchmark: bench, onQuery: () => undefined });
    inProcess.push(budget / ((performance.now() - t0) / 1000));
  }
  const throughProcess: number[] = [];
  const services = await nb201Services({ concurrency: 1 });
  try {
    for (let r = 0; r < repeats; r++) {
      const created = await services.api.createExperiment(experimentYaml({ budget, seeds: [r], searchers: [kind], name: `bench ${r}` }));
      if (!created.ok) throw new Error(JSON.stringify(created.issues));
      const t0 = performance.now();
      services.scheduler.start();
      await services.scheduler.whenIdle();
      throughProcess.push(budget / ((performance.now() - t0) / 1000));
    }
  } finally {
    await services.cleanup();
  }
  console.log(`${kind.padEnd(24)} ${median(inProcess).toFixed(0).padStart(15)} ${median(throughProcess).toFixed(0).padStart(17)}`);
}
