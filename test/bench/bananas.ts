/**
 * Evidence for issue 13's BANANAS: BANANAS against random search, local search, regularized
 * evolution and the agent, on nb201-cifar10 and nb101-5v-fmnist (both shipped with archwalk),
 * through the CLI (`archwalk run --json`: the real run processes, the real store). Prints
 * markdown: mean ± standard error of the incumbent's validation and test accuracy at each
 * budget over the seeds, each agent row labelled as archwalk labels it (the agents are trained
 * here on the table they are evaluated on, so they are in-sample), then BANANAS's own costs
 * measured in-process on a few seeds: queries per second of a whole run and the predictor
 * training time per iteration.
 *
 *   node test/bench/bananas.ts [--seeds 30] [--budgets 10,25,50,100] [--agent-minutes 5]
 *                              [--timing-seeds 3] [--home DIR] [--concurrency 2] [--timing-only]
 *
 * --home reuses a home: agents already trained there are not trained again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mean, standardError, toStepCurve, valueAt } from '#shared/curve-stats.ts';
import { resolveSearcherParams } from '#shared/searcher-specs.ts';
import { loadBenchmark } from '../../src-main/worker/benchmark-loader.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { observedBananas, type PredictorFit } from '../../src-main/nas/search/bananas/bananas.ts';
import { runSearch } from '../../src-main/nas/search/run-search.ts';
import { benchmarkHandle } from '../../src-main/services/benchmark-registry.ts';
import { Store } from '../../src-main/services/store.ts';
import { cliHome, type RunJson } from './cli-home.ts';
import { median } from './python-twin.ts';

const TABLES = ['nb201-cifar10', 'nb101-5v-fmnist'] as const;
const BASELINES = ['random-search', 'local-search', 'regularized-evolution', 'bananas'];

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '30' },
    budgets: { type: 'string', default: '10,25,50,100' },
    'agent-minutes': { type: 'string', default: '5' },
    'timing-seeds': { type: 'string', default: '3' },
    home: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    'timing-only': { type: 'boolean', default: false },
  },
});
const seeds = Number(values.seeds);
const budgets = values.budgets.split(',').map(Number);
const agentMinutes = Number(values['agent-minutes']);
const timingSeeds = Number(values['timing-seeds']);
if (!Number.isInteger(seeds) || seeds < 2 || budgets.some((b) => !Number.isInteger(b) || b < 1) || !(agentMinutes > 0) || !(timingSeeds >= 1)) {
  throw new Error('--seeds must be an integer ≥ 2, --budgets positive integers, --agent-minutes positive, --timing-seeds ≥ 1');
}
const budget = Math.max(...budgets);
const home = values.home ?? mkdtempSync(join(tmpdir(), 'archwalk-bananas-'));

const { archwalk, configFile } = cliHome(home);

const agentName = (table: string): string => `bananas-bench-${table}`;
const started = performance.now();
const lines: string[] = [];
try {
  archwalk(['benchmark', 'list']);
  const store = new Store(join(home, 'archwalk.db'));
  if (!values['timing-only']) {
    for (const table of TABLES) {
      if (store.getAgent(agentName(table))) continue;
      const text = `kind: train-agent\nname: train ${agentName(table)}\nbenchmark: ${table}\nseeds: [0]\nagent:\n  name: ${agentName(table)}\n  preset: cpu-small\n  budget: { minutes: ${agentMinutes} }\n`;
      archwalk(['run', configFile(`train-${table}`, text), '--concurrency', values.concurrency]);
    }

    lines.push(`# BANANAS against the baselines and the agent (${seeds} seeds × ${budget} queries; agents: ${agentMinutes} min of cpu-small training on the table itself)`, '');
    for (const table of TABLES) {
      const searchers = [`  - { kind: agent, checkpoint: ${agentName(table)}, label: agent }`, ...BASELINES.map((b) => `  - ${b}`)];
      const text = `name: bananas evidence ${table}\nbenchmark: ${table}\nbudget: ${budget}\nseeds: ${seeds}\nsearchers:\n${searchers.join('\n')}\n`;
      const report = JSON.parse(archwalk(['run', configFile(`evaluate-${table}`, text), '--json', '--concurrency', values.concurrency])) as { runs: RunJson[] };
      const failed = report.runs.filter((r) => r.status !== 'succeeded');
      if (failed.length > 0) throw new Error(`${failed.length} runs on ${table} did not succeed`);
      for (const metric of ['valid', 'test'] as const) {
        lines.push(`## ${table}: incumbent ${metric === 'valid' ? 'validation' : 'test'} accuracy %, mean ± s.e. over ${seeds} seeds`, '');
        lines.push(`| searcher | label | ${budgets.map((b) => `@${b}`).join(' | ')} |`, `| --- | --- |${budgets.map(() => ' ---: |').join('')}`);
        for (const label of ['agent', ...BASELINES]) {
          const runs = report.runs.filter((r) => r.searcher === label);
          const sample = runs.find((r) => r.sample)?.sample ?? '';
          const cells = budgets.map((b) => {
            const v = runs.map((r) => valueAt(toStepCurve(r.curve, metric, r), b)).filter((x): x is number => x !== null);
            return v.length === 0 ? '—' : `${(mean(v) * 100).toFixed(2)} ± ${(standardError(v) * 100).toFixed(2)}`;
          });
          lines.push(`| ${label} | ${sample} | ${cells.join(' | ')} |`);
        }
        lines.push('');
      }
    }
  }

  // BANANAS's own cost, in this process on the same tables: whole-run query rate and per-iteration predictor training.
  const backend = await selectBackend();
  lines.push(`## BANANAS's cost (in-process, ML backend ${backend.description}, ${timingSeeds} seeds × ${budget} queries, NASLib defaults)`, '');
  lines.push('| table | queries/s (whole run) | predictor training per iteration, median ms (first → last) | candidates scored, median ms |', '| --- | ---: | --- | ---: |');
  for (const table of TABLES) {
    const row = store.getBenchmark(table);
    if (!row) throw new Error(`${table} is not registered in ${home}`);
    const benchmark = loadBenchmark(benchmarkHandle(row));
    const rates: number[] = [];
    const fits: PredictorFit[][] = [];
    for (let seed = 0; seed < timingSeeds; seed++) {
      const runFits: PredictorFit[] = [];
      const t0 = performance.now();
      const params = resolveSearcherParams('bananas', {});
      await runSearch({ config: { seed, budget, queryDelayMs: 0, searcher: { kind: 'bananas', params } }, benchmark, searcher: (ctx, p) => observedBananas(ctx, p as typeof params, { onFit: (f) => runFits.push(f) }) });
      rates.push(budget / ((performance.now() - t0) / 1000));
      fits.push(runFits);
    }
    const iterations = Math.min(...fits.map((f) => f.length));
    const perIteration = Array.from({ length: iterations }, (_, i) => median(fits.map((f) => f[i]!.trainMs)).toFixed(0));
    const scoring = median(fits.flat().map((f) => f.acquisitionMs));
    lines.push(`| ${table} | ${median(rates).toFixed(2)} | ${perIteration.join(' → ')} | ${scoring.toFixed(0)} |`);
    (benchmark as { close?: () => void }).close?.();
  }
  lines.push('', `(${((performance.now() - started) / 60000).toFixed(1)} min in all; home ${values.home ? home : '(temporary)'})`);
  store.close();
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  if (!values.home) rmSync(home, { recursive: true, force: true });
}
