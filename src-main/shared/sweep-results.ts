/**
 * A sweep's results, aggregated from its runs (pure; the app, the CLI, the reports and the
 * benchmark script all read this): per evaluation table one row per configuration — its values,
 * the mean ± s.e. of the incumbent's accuracy at each reporting budget over every evaluation run
 * of its agents (training seeds × search seeds), each trained agent's own mean (the seed band),
 * and what training cost — the baselines on the same table and seeds, and the best configuration.
 * Every number of an agent carries its table's sample label (in-sample or held-out).
 */
import type { CurvePoint, RunStatus } from './api.ts';
import type { ExperimentConfig, RunConfig } from './config.ts';
import { summarize, toStepCurve, valueAt, type CurveMetric, type Summary } from './curve-stats.ts';
import type { SampleLabel } from './sample-label.ts';
import { sweepAxes, sweepConfigurations, type SweepConfiguration, type SweepScale, type SweepSpec } from './sweep.ts';

/** One run of the sweep, as the store holds it. */
export interface SweepRunInput {
  config: RunConfig;
  status: RunStatus;
  curve: readonly CurvePoint[];
  sample: SampleLabel | null;
  /** Training runs: wall-clock seconds, environment steps and distinct cells queried (null where not recorded). */
  training?: { seconds: number | null; envSteps: number | null; cellsQueried: number | null };
}

export interface SweepCell {
  budget: number;
  /** Over every evaluation run of the configuration that reached the budget. */
  summary: Summary;
  /** Each trained agent's mean over its search seeds (by training seed), for the seed band. */
  agentMeans: { trainingSeed: number; mean: number }[];
}

export interface SweepTrainingCost {
  /** Agents trained (succeeded) of those planned. */
  trained: number;
  planned: number;
  /** Means over the trained agents; null where none recorded it. */
  seconds: number | null;
  envSteps: number | null;
  cellsQueried: number | null;
}

export interface SweepRow {
  configuration: number;
  label: string;
  values: SweepConfiguration['values'];
  cells: SweepCell[];
  training: SweepTrainingCost;
}

export interface SweepBaselineRow {
  searcher: string;
  cells: { budget: number; summary: Summary }[];
}

export interface SweepTable {
  benchmark: string;
  /** The agents' label on this table (all agents of a sweep train on the same tables). */
  sample: SampleLabel | null;
  rows: SweepRow[];
  baselines: SweepBaselineRow[];
  /** The configuration with the highest mean at `bestAt` (null until one has a number there). */
  best: number | null;
}

export interface SweepResults {
  metric: CurveMetric;
  budgets: number[];
  /** The budget the best configuration, the charts and the ranking use. */
  bestAt: number;
  axes: { param: string; scale: SweepScale }[];
  configurations: SweepConfiguration[];
  tables: SweepTable[];
}

const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

function valueOf(run: SweepRunInput, metric: CurveMetric, budget: number): number | null {
  return valueAt(toStepCurve(run.curve, metric, { status: run.status, budget: run.config.kind === 'search' ? run.config.budget : 0 }), budget);
}

function trainingCost(runs: SweepRunInput[], planned: number): SweepTrainingCost {
  const done = runs.filter((r) => r.status === 'succeeded' && r.training);
  const field = (key: 'seconds' | 'envSteps' | 'cellsQueried'): number | null => mean(done.map((r) => r.training![key]).filter((v): v is number => v !== null));
  return { trained: done.length, planned, seconds: field('seconds'), envSteps: field('envSteps'), cellsQueried: field('cellsQueried') };
}

function sweepRow(configuration: SweepConfiguration, runs: SweepRunInput[], benchmark: string, budgets: number[], metric: CurveMetric, plannedAgents: number): SweepRow {
  const mine = runs.filter((r) => r.config.sweep?.configuration === configuration.index);
  const evaluations = mine.filter((r) => r.config.kind === 'search' && r.config.benchmark === benchmark);
  const cells = budgets.map((budget) => {
    const bySeed = new Map<number, number[]>();
    const all: number[] = [];
    for (const run of evaluations) {
      const v = valueOf(run, metric, budget);
      if (v === null) continue;
      all.push(v);
      const seed = run.config.sweep!.trainingSeed;
      bySeed.set(seed, [...(bySeed.get(seed) ?? []), v]);
    }
    const agentMeans = [...bySeed.entries()].sort(([a], [b]) => a - b).map(([trainingSeed, values]) => ({ trainingSeed, mean: mean(values)! }));
    return { budget, summary: summarize(all), agentMeans };
  });
  return { configuration: configuration.index, label: configuration.label, values: configuration.values, cells, training: trainingCost(mine.filter((r) => r.config.kind === 'train-agent'), plannedAgents) };
}

/** The configuration with the highest mean at the budget; ties go to the earlier configuration. */
function bestOf(rows: SweepRow[], budget: number): number | null {
  let best: SweepRow | null = null;
  let bestMean = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    const cell = row.cells.find((c) => c.budget === budget);
    if (!cell || cell.summary.n === 0 || !(cell.summary.mean > bestMean)) continue;
    best = row;
    bestMean = cell.summary.mean;
  }
  return best?.configuration ?? null;
}

/** Aggregates a sweep experiment's runs; `bestAt` defaults to the largest reporting budget. */
export function sweepResults(config: Pick<ExperimentConfig, 'seeds'> & { sweep: SweepSpec }, runs: readonly SweepRunInput[], options: { metric?: CurveMetric; bestAt?: number } = {}): SweepResults {
  const { sweep } = config;
  const metric = options.metric ?? 'test';
  const budgets = sweep.evaluate.at;
  const bestAt = options.bestAt !== undefined && budgets.includes(options.bestAt) ? options.bestAt : budgets[budgets.length - 1]!;
  const configurations = sweepConfigurations(sweep);
  const all = [...runs];
  const tables = sweep.evaluate.benchmarks.map((benchmark): SweepTable => {
    const rows = configurations.map((c) => sweepRow(c, all, benchmark, budgets, metric, config.seeds.length));
    const baselines = sweep.evaluate.baselines.map((baseline) => {
      const mine = all.filter((r) => r.config.kind === 'search' && !r.config.sweep && r.config.benchmark === benchmark && r.config.searcher.label === baseline.label);
      return {
        searcher: baseline.label,
        cells: budgets.map((budget) => ({ budget, summary: summarize(mine.map((r) => valueOf(r, metric, budget)).filter((v): v is number => v !== null)) })),
      };
    });
    const sample = all.find((r) => r.config.kind === 'search' && r.config.sweep && r.config.benchmark === benchmark)?.sample ?? null;
    return { benchmark, sample, rows, baselines, best: bestOf(rows, bestAt) };
  });
  return { metric, budgets, bestAt, axes: sweepAxes(sweep), configurations, tables };
}

/**
 * The sensitivity of the metric to one parameter at a budget: per value of it, the mean over the
 * trained agents of every configuration with that value (each agent's own mean over its search
 * seeds; other swept parameters are pooled), the standard error over those agents (n = agents),
 * and the lowest and highest agent — the seed band.
 */
export function sensitivity(table: SweepTable, param: string, budget: number): { value: number | string; mean: number; se: number; n: number; low: number; high: number }[] {
  const byValue = new Map<number | string, { agents: number[] }>();
  for (const row of table.rows) {
    const value = row.values[param];
    const cell = row.cells.find((c) => c.budget === budget);
    if (value === undefined || !cell || cell.summary.n === 0) continue;
    const entry = byValue.get(value) ?? { agents: [] };
    entry.agents.push(...cell.agentMeans.map((a) => a.mean));
    byValue.set(value, entry);
  }
  return [...byValue.entries()]
    .map(([value, entry]) => {
      const agents = summarize(entry.agents);
      return { value, mean: agents.mean, se: agents.se, n: agents.n, low: Math.min(...entry.agents), high: Math.max(...entry.agents) };
    })
    .sort((a, b) => (typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value))));
}
