/**
 * Evidence for issue 12: does the agent learn to search, or learn the table? Trains two
 * `cpu-small` agents through the CLI — one on NB201 CIFAR-10 (12 epochs) alone, one on CIFAR-10
 * + CIFAR-100 — and evaluates both against the four baselines over many seeds on all three
 * 12-epoch tables (CIFAR-10, CIFAR-100, ImageNet16-120). Prints markdown: mean ± standard error
 * of the incumbent's test accuracy per (benchmark, searcher, budget), each agent row labelled
 * in-sample or held-out as archwalk labels it, the cells each agent's training queried, and
 * Spearman's ρ of validation accuracy between every pair of tables.
 *
 *   node test/bench/held-out.ts [--minutes 15] [--seeds 30] [--budgets 10,25,50,100] [--home DIR] [--concurrency N]
 *
 * --home reuses a home: agents already trained there are not trained again. Without it a
 * temporary home is used and removed. The work is the CLI's (`archwalk run --json`), not a
 * re-implementation; only the summary statistics are computed here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mean, standardError, toStepCurve, valueAt } from '#shared/curve-stats.ts';
import { pairedValues, spearman } from '../../src-main/nas/transfer.ts';
import { benchmarkCells } from '../../src-main/services/benchmark-cells.ts';
import { Store } from '../../src-main/services/store.ts';
import { cliHome, type RunJson } from './cli-home.ts';

const TABLES = ['nb201-12ep-cifar10', 'nb201-12ep-cifar100', 'nb201-12ep-imagenet16'] as const;
const AGENTS = [
  { name: 'held-out-c10', label: 'agent (CIFAR-10)', trainOn: ['nb201-12ep-cifar10'] },
  { name: 'held-out-c10-c100', label: 'agent (CIFAR-10 + CIFAR-100)', trainOn: ['nb201-12ep-cifar10', 'nb201-12ep-cifar100'] },
] as const;
const BASELINES = ['random-search', 'random-walk', 'local-search', 'regularized-evolution'];

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '15' },
    seeds: { type: 'string', default: '30' },
    budgets: { type: 'string', default: '10,25,50,100' },
    home: { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const seeds = Number(values.seeds);
const budgets = values.budgets.split(',').map(Number);
if (!(minutes > 0) || !Number.isInteger(seeds) || seeds < 2 || budgets.some((b) => !Number.isInteger(b) || b < 1)) {
  throw new Error('--minutes must be positive, --seeds an integer ≥ 2, --budgets positive integers');
}
const home = values.home ?? mkdtempSync(join(tmpdir(), 'archwalk-held-out-'));

const { archwalk, configFile: config } = cliHome(home);

const concurrency = values.concurrency ? ['--concurrency', values.concurrency] : [];
const started = performance.now();
try {
  // Any command opens the home, which registers the shipped tables.
  archwalk(['benchmark', 'list']);
  const store = new Store(join(home, 'archwalk.db'));
  for (const agent of AGENTS) {
    if (store.getAgent(agent.name)) {
      process.stderr.write(`agent ${agent.name} is already trained in ${home}\n`);
      continue;
    }
    const text = `kind: train-agent\nname: train ${agent.name}\nbenchmarks: ${JSON.stringify(agent.trainOn)}\nseeds: [0]\nagent:\n  name: ${agent.name}\n  preset: cpu-small\n  budget: { minutes: ${minutes} }\n`;
    archwalk(['run', config(`train-${agent.name}`, text), ...concurrency]);
  }

  const searchers = [
    ...AGENTS.map((a) => `  - { kind: agent, checkpoint: ${a.name}, label: ${JSON.stringify(a.label)} }`),
    ...BASELINES.map((b) => `  - ${b}`),
  ];
  const text = `name: held-out evidence\nbenchmarks: ${JSON.stringify(TABLES)}\nbudget: ${Math.max(...budgets)}\nseeds: ${seeds}\nsearchers:\n${searchers.join('\n')}\n`;
  const report = JSON.parse(archwalk(['run', config('evaluate', text), '--json', ...concurrency])) as { runs: RunJson[] };
  const failed = report.runs.filter((r) => r.status !== 'succeeded');
  if (failed.length > 0) throw new Error(`${failed.length} runs did not succeed`);

  const lines: string[] = [];
  lines.push(`# Held-out evaluation (${seeds} seeds, ${minutes} min of cpu-small training per agent)`, '');
  lines.push('## What each agent\'s training queried', '', '| agent | training table | distinct cells queried |', '| --- | --- | ---: |');
  for (const agent of AGENTS) {
    const row = store.getAgent(agent.name)!;
    for (const t of store.agentTraining(row.id)) lines.push(`| ${agent.label} | ${t.benchmark} | ${t.cells_queried ?? '—'} |`);
  }
  lines.push('', "## Spearman's ρ of validation accuracy between the tables (all 15,625 cells)", '', `| | ${TABLES.join(' | ')} |`, `| --- |${TABLES.map(() => ' ---: |').join('')}`);
  const cells = TABLES.map((name) => benchmarkCells(store.getBenchmark(name)!)!);
  TABLES.forEach((a, i) => {
    const row = TABLES.map((_, j) => {
      const paired = pairedValues(cells[i]!, cells[j]!);
      return spearman(paired.source, paired.target).toFixed(3);
    });
    lines.push(`| ${a} | ${row.join(' | ')} |`);
  });
  for (const table of TABLES) {
    lines.push('', `## ${table}: incumbent test accuracy %, mean ± s.e. over ${seeds} seeds`, '', `| searcher | label | ${budgets.map((b) => `@${b}`).join(' | ')} |`, `| --- | --- |${budgets.map(() => ' ---: |').join('')}`);
    const labels = [...AGENTS.map((a) => a.label), ...BASELINES];
    for (const label of labels) {
      const runs = report.runs.filter((r) => r.benchmark === table && r.searcher === label);
      const sample = runs.find((r) => r.sample)?.sample ?? '';
      const cellsAt = budgets.map((b) => {
        const v = runs.map((r) => valueAt(toStepCurve(r.curve, 'test', r), b)).filter((x): x is number => x !== null);
        return v.length === 0 ? '—' : `${(mean(v) * 100).toFixed(2)} ± ${(standardError(v) * 100).toFixed(2)}`;
      });
      lines.push(`| ${label} | ${sample} | ${cellsAt.join(' | ')} |`);
    }
  }
  lines.push('', `(${report.runs.length} search runs; ${((performance.now() - started) / 60000).toFixed(1)} min in all; home ${values.home ? home : '(temporary)'})`);
  store.close();
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  if (!values.home) rmSync(home, { recursive: true, force: true });
}
