/**
 * Evidence for issue 13 (sweeps): how sensitive is the agent to the reward-shaping α? Runs one
 * sweep experiment through the CLI — `cpu-small` agents trained on nb201-cifar10 for α in
 * {1, 3, 6, 12, 25, 50}, 3 training seeds each, every agent then evaluated as a searcher on
 * the same table (in-sample) over 30 search seeds, next to random search, local search and
 * regularized evolution — and prints the sweep's results as archwalk aggregates them
 * (shared/sweep-results.ts): mean ± s.e. of the incumbent's test accuracy at 25/50/100 queries
 * per α, each agent's own mean (the seed band), training cost, and the sensitivity per α.
 *
 *   node test/bench/alpha-sweep.ts [--minutes 2] [--seeds 30] [--alphas 1,3,6,12,25,50]
 *       [--training-seeds 3] [--home DIR] [--concurrency 2]
 *
 * --home reuses a home: when it already holds the sweep experiment, nothing is run again and
 * only the results are printed. The work is the CLI's (`archwalk run`), not a re-implementation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sensitivity, type SweepTable } from '#shared/sweep-results.ts';
import { curveFromEvents } from '../../src-main/services/index.ts';
import { Store } from '../../src-main/services/store.ts';
import { sweepResultsOf } from '../../src-main/services/sweep-results.ts';
import { REPO_ROOT } from '../helpers/data.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    seeds: { type: 'string', default: '30' },
    alphas: { type: 'string', default: '1,3,6,12,25,50' },
    'training-seeds': { type: 'string', default: '3' },
    home: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
  },
});
const NAME = 'alpha sweep (bench)';
const home = values.home ?? mkdtempSync(join(tmpdir(), 'archwalk-alpha-sweep-'));
const trainingSeeds = Array.from({ length: Number(values['training-seeds']) }, (_, i) => i);

function archwalk(args: string[]): string {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'archwalk.mjs'), ...args], {
    env: { ...process.env, ARCHWALK_HOME: home },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`archwalk ${args.join(' ')} exited with ${r.status}`);
  return r.stdout;
}

const pct = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '—' : (v * 100).toFixed(2));

function printTable(table: SweepTable, budgets: number[], best: number | null): string[] {
  const lines = [
    `## ${table.benchmark} (agents ${table.sample ?? 'unlabelled'}): incumbent test accuracy %, mean ± s.e. over training seeds × search seeds`,
    '',
    `| configuration | ${budgets.map((b) => `@${b}`).join(' | ')} | agents' means @${budgets.at(-1)} (seed band) | training s | env steps | cells queried |`,
    `| --- |${budgets.map(() => ' ---: |').join('')} --- | ---: | ---: | ---: |`,
  ];
  for (const row of table.rows) {
    const cells = row.cells.map((c) => (c.summary.n === 0 ? '—' : `${pct(c.summary.mean)} ± ${pct(c.summary.se)}${c.summary.n < row.training.planned * Number(values.seeds) ? ` (n=${c.summary.n})` : ''}`));
    const band = row.cells.at(-1)!.agentMeans.map((a) => pct(a.mean)).join(', ');
    const t = row.training;
    lines.push(`| ${row.configuration === best ? '**best** ' : ''}${row.label} | ${cells.join(' | ')} | ${band} | ${t.seconds?.toFixed(0) ?? '—'} | ${t.envSteps?.toFixed(0) ?? '—'} | ${t.cellsQueried?.toFixed(0) ?? '—'} |`);
  }
  for (const baseline of table.baselines) {
    lines.push(`| ${baseline.searcher} (baseline) | ${baseline.cells.map((c) => (c.summary.n === 0 ? '—' : `${pct(c.summary.mean)} ± ${pct(c.summary.se)}`)).join(' | ')} | | | | |`);
  }
  return lines;
}

const started = performance.now();
try {
  archwalk(['benchmark', 'list']);
  let store = new Store(join(home, 'archwalk.db'));
  let experiment = store.listExperiments().find((e) => e.name === NAME);
  if (!experiment) {
    store.close();
    const text = [
      'kind: train-agent',
      `name: ${NAME}`,
      'benchmark: nb201-cifar10',
      `seeds: ${JSON.stringify(trainingSeeds)}`,
      'agent:',
      '  name: alpha',
      '  preset: cpu-small',
      `  budget: { minutes: ${Number(values.minutes)} }`,
      'sweep:',
      `  grid: { rewardAlpha: [${values.alphas}] }`,
      '  confirm: true',
      `  evaluate: { budget: 100, seeds: ${Number(values.seeds)}, at: [25, 50, 100], baselines: [random-search, local-search, regularized-evolution] }`,
    ].join('\n');
    const path = join(home, 'alpha-sweep.yaml');
    writeFileSync(path, text);
    archwalk(['run', path, '--concurrency', values.concurrency]);
    store = new Store(join(home, 'archwalk.db'));
    experiment = store.listExperiments().find((e) => e.name === NAME)!;
  }
  const results = sweepResultsOf(store, experiment.id, (runId) => curveFromEvents(store.events(runId, { type: 'architecture' })).curve)!;
  const statuses = store.listRuns({ experimentId: experiment.id }).reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const lines: string[] = [`# α sweep on nb201-cifar10 (experiment ${experiment.id}; runs: ${JSON.stringify(statuses)})`, ''];
  for (const table of results.tables) {
    lines.push(...printTable(table, results.budgets, table.best), '');
    for (const budget of results.budgets) {
      const points = sensitivity(table, 'rewardAlpha', budget);
      lines.push(`sensitivity @${budget} (mean over agents ± s.e., n = agents; [lowest, highest agent]): ${points.map((p) => `α=${p.value}: ${pct(p.mean)} ± ${pct(p.se)} [${pct(p.low)}, ${pct(p.high)}]`).join('; ')}`);
      const means = points.map((p) => p.mean);
      if (means.length > 1) lines.push(`  spread of α means @${budget}: ${pct(Math.max(...means) - Math.min(...means))} points`);
    }
  }
  lines.push('', `(${((performance.now() - started) / 60000).toFixed(1)} min for this invocation; home ${values.home ? home : '(temporary)'})`);
  store.close();
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  if (!values.home) rmSync(home, { recursive: true, force: true });
}
