/**
 * The report model: everything a report shows, gathered from the services' Api (plus each
 * run's per-query log) and summarised once. Every format (HTML, PDF, CSV, JSON) renders
 * from this one object, so they cannot disagree; the JSON format is this object as is.
 *
 * Ordering is fixed by the data, never by the order of arguments or of Map iteration:
 * experiments and runs by id, searchers in their experiment's config order. The only
 * value that changes between two reports of the same data is `generatedAt`.
 */
import type { AgentMapResult } from '#shared/agent-map.ts';
import type { BenchmarkAnalysis } from '#shared/landscape.ts';
import { isValidationOnlyKind, kindLabel } from '#shared/benchmark-kinds.ts';
import { reportBudgets } from '#shared/budgets.ts';
import { aggregate, EARLY_STOP_RULE, summarize, toStepCurve, valuesAt, type StepCurve } from '#shared/curve-stats.ts';
import type { BenchmarkInfo, ExperimentDetail, MetricSeries, Provenance, RunDetail, RunStatus, TransferStat } from '#shared/api.ts';
import { configBenchmarks, type ExperimentConfig, type RunConfig } from '#shared/config.ts';
import { combinedSample, labelledSearcher, type SampleLabel } from '#shared/sample-label.ts';
import type { SweepResults } from '#shared/sweep-results.ts';
import { APP_VERSION } from '#shared/version.ts';
import { UserError } from '../user-error.ts';
import { operationShares, type ReportOperationShares } from './operation-shares.ts';
import { formatTarget, type ReportTarget } from './targets.ts';

export const REPORT_SCHEMA = 'archwalk-report/1';

/** One query of a run: what the architecture event in the store holds. */
export interface ReportEvaluation {
  query: number;
  hash: string;
  arch: unknown;
  valid: number;
  test: number;
  incumbentValid: number;
  incumbentTest: number;
  incumbentHash: string;
  elapsedMs: number;
}

/** Where a report's data comes from: the Api, and each run's per-query log. */
export interface ReportSource {
  getExperiment(id: number): Promise<ExperimentDetail>;
  getRun(id: number): Promise<RunDetail>;
  listBenchmarks(): Promise<BenchmarkInfo[]>;
  /** The run's architecture events in query order. */
  evaluations(runId: number): Promise<ReportEvaluation[]>;
  /** How hard an agent's transfer to a benchmark is (null: another space, no table, or the agent is gone). */
  transfer?(agent: string, benchmark: string): Promise<TransferStat | null>;
  /** A sweep experiment's aggregated results (null for other experiments). */
  sweepResults?(experimentId: number): Promise<SweepResults | null>;
  /** The benchmark's landscape analysis with the default parameters (from the store, or computed); null for a live benchmark. */
  landscape?(benchmark: string): Promise<BenchmarkAnalysis | null>;
  /** The agent's latent map with the default parameters (from the store, or computed); null when the agent is gone. */
  agentMap?(agent: string): Promise<AgentMapResult | null>;
}

/** A sweep experiment of the report: its results as the app shows them (one table per evaluation benchmark). */
export interface ReportSweep {
  experimentId: number;
  name: string;
  results: SweepResults;
}

export interface ReportBenchmark {
  name: string;
  /** Null when the benchmark is no longer registered. */
  kind: string | null;
  space: string | null;
  size: number | null;
  /** File name of the imported source (not its path on the machine that imported it). */
  sourceFile: string | null;
  sourceSha256: string | null;
  /** The dataset the table was trained on and its training epochs; null where not recorded. */
  dataset: string | null;
  epochs: number | null;
  bestValid: number | null;
  bestTest: number | null;
  label: string | null;
  /** Surrogates that predict no test accuracy: their runs' "test" numbers repeat validation. */
  validationOnly: boolean;
}

export interface ReportExperiment {
  id: number;
  name: string;
  kind: ExperimentConfig['kind'];
  benchmark: string;
  /** Every benchmark it ran on. */
  benchmarks: string[];
  budget: number;
  status: string;
  configHash: string;
  createdAt: string;
  finishedAt: string | null;
  /** All of the experiment's runs, or only those named with run:N. */
  included: 'all' | 'some';
  runIds: number[];
  config: ExperimentConfig;
}

export interface ReportRun {
  id: number;
  experimentId: number;
  experimentName: string;
  /** Key of the searcher group this run belongs to (null for agent training runs). */
  group: string | null;
  searcher: string;
  searcherKind: string;
  seed: number;
  /** The benchmark it searched (training: the first it trained on). */
  benchmark: string;
  /** Agent searches: in-sample (the agent was trained on this table) or held-out. */
  sample: SampleLabel | null;
  /** Agent searches: the agent's name. */
  agent: string | null;
  status: RunStatus;
  queries: number;
  budget: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  provenance: Provenance;
  config: RunConfig;
  best: ReportEvaluation | null;
  evaluations: ReportEvaluation[];
  /** Agent training runs: every streamed metric by name, in step order. */
  metrics: Record<string, MetricSeries>;
}

/** Mean ± standard error over a group's runs of the incumbent's test accuracy after `query` queries. */
export interface BandPoint {
  query: number;
  /** Runs that count at `query` (shared/curve-stats.ts: those that got there, and exhausted ones). */
  n: number;
  mean: number;
  se: number;
}

export interface BudgetCell {
  budget: number;
  n: number;
  mean: number | null;
  se: number | null;
  /** The incumbent test accuracy of each counted run, in the order of `runIds`. */
  values: number[];
  runIds: number[];
}

export interface BestArchitecture {
  hash: string;
  arch: unknown;
  space: string;
  valid: number;
  test: number;
  /** The runs whose best architecture (by validation accuracy) this is, and when they found it. */
  foundBy: { runId: number; seed: number; query: number }[];
}

/** The runs of one searcher on one benchmark in one experiment: the unit of every mean ± s.e. */
export interface ReportGroup {
  key: string;
  /** The searcher's label (agents: with [in-sample] or [held-out]), with the experiment added when two experiments share a label. */
  label: string;
  experimentId: number;
  searcher: string;
  searcherKind: string;
  benchmark: string;
  /** Agent groups: in-sample or held-out on this benchmark. */
  sample: SampleLabel | null;
  space: string;
  budget: number;
  runIds: number[];
  seeds: number[];
  band: BandPoint[];
  atBudgets: BudgetCell[];
  /** Distinct best architectures of its runs, best first (at most BEST_PER_GROUP). */
  best: BestArchitecture[];
}

export interface ReportModel {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  generator: { app: 'archwalk'; version: string };
  title: string;
  scope: 'run' | 'experiment' | 'comparison';
  targets: string[];
  /** Query budgets of the summary table. */
  budgets: number[];
  metric: string;
  benchmarks: ReportBenchmark[];
  experiments: ReportExperiment[];
  groups: ReportGroup[];
  runs: ReportRun[];
  /** For each agent searcher and benchmark it searched: Spearman ρ to its training tables and top-1 % coverage. */
  transfer: TransferStat[];
  /** Sweep experiments reported whole: per configuration mean ± s.e. at the sweep's budgets, training cost, the best. */
  sweeps: ReportSweep[];
  /** Each registered benchmark's landscape analysis (default parameters), in `benchmarks` order; live benchmarks have none. */
  landscapes: BenchmarkAnalysis[];
  /** The latent map (default parameters) of each agent whose searches the report holds, in the order they first appear. */
  agentMaps: AgentMapResult[];
  /** Per benchmark searched: each operation's share of the cell slots among the best distinct architectures against all (operation-shares.ts). */
  operationShares: ReportOperationShares[];
  /** What a run that stopped early contributes at a later budget (the same words on every table). */
  budgetRule: string;
  /** Things a reader must know to trust the numbers (unfinished runs, changed benchmarks). */
  notes: string[];
}

export interface BuildOptions {
  /** Budgets of the summary table; default: reportBudgets of the largest budget. */
  budgets?: number[];
  /** The generation time (tests pin it). */
  now?: Date;
}

export const BEST_PER_GROUP = 3;
export const METRIC_DESCRIPTION =
  'Test accuracy of the incumbent (the architecture with the best validation accuracy so far) after each query; mean ± standard error over seeds';
export const SURROGATE_METRIC_DESCRIPTION =
  'Validation accuracy predicted by the surrogate for the incumbent (the best so far) after each query; mean ± standard error over seeds. The surrogate predicts no test accuracy: "test" numbers repeat validation';

/** The CLI's and the UI's budgets, so a report's table matches what they show. */
export const defaultBudgets = reportBudgets;

export function checkBudgets(budgets: readonly number[]): number[] {
  for (const b of budgets) {
    if (!Number.isSafeInteger(b) || b < 1) throw new UserError(`budgets must be positive integers (queries), got ${b}`);
  }
  if (budgets.length === 0) throw new UserError('name at least one budget, e.g. --budgets 10,50,100');
  return [...new Set(budgets)].sort((a, b) => a - b);
}

export async function buildReportModel(source: ReportSource, targets: readonly ReportTarget[], options: BuildOptions = {}): Promise<ReportModel> {
  if (targets.length === 0) throw new UserError('a report needs at least one run or experiment');
  const experimentDetails = new Map<number, ExperimentDetail>();
  const wholeExperiments = new Set<number>();
  const runIds = new Set<number>();
  const runDetails = new Map<number, RunDetail>();
  const experiment = async (id: number): Promise<ExperimentDetail> => {
    let detail = experimentDetails.get(id);
    if (!detail) {
      detail = await source.getExperiment(id);
      experimentDetails.set(id, detail);
    }
    return detail;
  };
  for (const target of targets) {
    if (target.kind === 'experiment') {
      const detail = await experiment(target.id);
      wholeExperiments.add(target.id);
      for (const run of detail.runs) runIds.add(run.id);
    } else {
      const detail = await source.getRun(target.id);
      runDetails.set(target.id, detail);
      await experiment(detail.run.experimentId);
      runIds.add(target.id);
    }
  }

  const benchmarkInfos = new Map((await source.listBenchmarks()).map((b) => [b.name, b]));
  const runs: ReportRun[] = [];
  for (const id of [...runIds].sort((a, b) => a - b)) {
    const detail = runDetails.get(id) ?? (await source.getRun(id));
    const experimentConfig = experimentDetails.get(detail.run.experimentId)?.config;
    runs.push(toReportRun(detail, await source.evaluations(id), experimentConfig ? configBenchmarks(experimentConfig) : [detail.config.benchmark]));
  }

  const experiments = [...experimentDetails.values()]
    .sort((a, b) => a.experiment.id - b.experiment.id)
    .map((d): ReportExperiment => ({
      id: d.experiment.id,
      name: d.experiment.name,
      kind: d.config.kind,
      benchmark: d.config.benchmark,
      benchmarks: configBenchmarks(d.config),
      budget: d.config.budget,
      status: d.experiment.status,
      configHash: d.configHash,
      createdAt: d.experiment.createdAt,
      finishedAt: d.experiment.finishedAt,
      included: wholeExperiments.has(d.experiment.id) ? 'all' : 'some',
      runIds: runs.filter((r) => r.experimentId === d.experiment.id).map((r) => r.id),
      config: d.config,
    }));

  const benchmarks = [...new Set(experiments.flatMap((e) => e.benchmarks))].sort().map((name) => toReportBenchmark(name, benchmarkInfos.get(name)));
  const spaceOf = (benchmark: string): string => benchmarkInfos.get(benchmark)?.space ?? 'unknown';
  const groups = buildGroups(experiments, runs, experimentDetails, spaceOf);
  const maxBudget = Math.max(1, ...groups.map((g) => g.budget));
  const budgets = options.budgets ? checkBudgets(options.budgets) : defaultBudgets(maxBudget);
  for (const group of groups) group.atBudgets = budgetCells(group, runs, budgets);

  const transfer: TransferStat[] = [];
  const pairs = new Set<string>();
  for (const run of runs) {
    if (run.agent === null || !source.transfer || pairs.has(`${run.agent}\n${run.benchmark}`)) continue;
    pairs.add(`${run.agent}\n${run.benchmark}`);
    const stat = await source.transfer(run.agent, run.benchmark);
    if (stat) transfer.push(stat);
  }

  const sweeps: ReportSweep[] = [];
  for (const x of experiments) {
    if (x.included !== 'all' || !x.config.sweep || !source.sweepResults) continue;
    const results = await source.sweepResults(x.id);
    if (results) sweeps.push({ experimentId: x.id, name: x.name, results });
  }

  const landscapes: BenchmarkAnalysis[] = [];
  const landscapeNotes: string[] = [];
  for (const benchmark of benchmarks) {
    if (!source.landscape || benchmark.kind === null || benchmark.kind === 'live') continue;
    try {
      const analysis = await source.landscape(benchmark.name);
      if (analysis) landscapes.push(analysis);
    } catch (error) {
      landscapeNotes.push(`The landscape of ${benchmark.name} could not be computed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const agentMaps: AgentMapResult[] = [];
  for (const agent of new Set(runs.flatMap((r) => (r.agent === null ? [] : [r.agent])))) {
    if (!source.agentMap) break;
    try {
      const map = await source.agentMap(agent);
      if (map) agentMaps.push(map);
    } catch (error) {
      landscapeNotes.push(`The latent map of agent ${agent} could not be computed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const scope = targets.length === 1 ? (targets[0]!.kind === 'run' ? 'run' : 'experiment') : 'comparison';
  return {
    schema: REPORT_SCHEMA,
    generatedAt: (options.now ?? new Date()).toISOString(),
    generator: { app: 'archwalk', version: APP_VERSION },
    title: titleOf(scope, experiments, runs),
    scope,
    targets: targets.map(formatTarget),
    budgets,
    metric: benchmarks.length > 0 && benchmarks.every((b) => b.validationOnly) ? SURROGATE_METRIC_DESCRIPTION : METRIC_DESCRIPTION,
    benchmarks,
    experiments,
    groups,
    runs,
    transfer,
    sweeps,
    landscapes,
    agentMaps,
    operationShares: operationShares(runs, benchmarks),
    budgetRule: EARLY_STOP_RULE,
    notes: [...notesOf(runs, benchmarks, benchmarkInfos), ...landscapeNotes],
  };
}

function toReportRun(detail: RunDetail, evaluations: ReportEvaluation[], experimentBenchmarks: readonly string[]): ReportRun {
  const r = detail.run;
  const config = detail.config;
  const benchmark = r.benchmark;
  return {
    id: r.id,
    experimentId: r.experimentId,
    experimentName: r.experimentName,
    group: config.kind === 'search' ? groupKey(r.experimentId, config.searcher.label, experimentBenchmarks.length > 1 ? benchmark : null) : null,
    searcher: r.searcher,
    searcherKind: r.searcherKind,
    seed: r.seed,
    benchmark,
    sample: r.sample ?? null,
    agent: config.kind === 'search' && config.searcher.kind === 'agent' ? String(config.searcher.params.checkpoint) : null,
    status: r.status,
    queries: r.queries,
    budget: r.budget,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    error: r.error,
    provenance: detail.provenance,
    config: detail.config,
    best: bestOf(evaluations),
    evaluations,
    metrics: sortedMetrics(detail.metrics),
  };
}

/** The incumbent at the end of the run: best validation accuracy, the first to reach it. */
function bestOf(evaluations: readonly ReportEvaluation[]): ReportEvaluation | null {
  let best: ReportEvaluation | null = null;
  for (const e of evaluations) if (best === null || e.valid > best.valid) best = e;
  return best;
}

function sortedMetrics(metrics: Record<string, MetricSeries>): Record<string, MetricSeries> {
  const out: Record<string, MetricSeries> = {};
  for (const name of Object.keys(metrics).sort()) out[name] = metrics[name]!;
  return out;
}

/** A searcher's runs in an experiment; in an experiment on several benchmarks, on one of them. */
function groupKey(experimentId: number, label: string, benchmark: string | null): string {
  return benchmark === null ? `exp:${experimentId}/${label}` : `exp:${experimentId}/${benchmark}/${label}`;
}

function toReportBenchmark(name: string, info: BenchmarkInfo | undefined): ReportBenchmark {
  return {
    name,
    kind: info?.kind ?? null,
    space: info?.space ?? null,
    size: info?.size ?? null,
    sourceFile: info ? (info.sourcePath.split(/[\\/]/).pop() ?? info.sourcePath) : null,
    sourceSha256: info?.sourceSha256 ?? null,
    dataset: info?.dataset ?? null,
    epochs: info?.epochs ?? null,
    bestValid: info?.bestValid ?? null,
    bestTest: info?.bestTest ?? null,
    label: kindLabel(info?.kind),
    validationOnly: isValidationOnlyKind(info?.kind),
  };
}

function buildGroups(
  experiments: ReportExperiment[],
  runs: ReportRun[],
  details: Map<number, ExperimentDetail>,
  spaceOf: (benchmark: string) => string,
): ReportGroup[] {
  const groups: ReportGroup[] = [];
  for (const experiment of experiments) {
    const searchers = details.get(experiment.id)!.config.searchers;
    const several = experiment.benchmarks.length > 1;
    // Benchmark-major, as the runs expand: one table and chart per benchmark.
    for (const benchmark of experiment.benchmarks) {
      for (const searcher of searchers) {
        const key = groupKey(experiment.id, searcher.label, several ? benchmark : null);
        const members = runs.filter((r) => r.group === key);
        if (members.length === 0) continue;
        const budget = Math.max(experiment.budget, ...members.map((r) => r.budget));
        // All runs of one agent on one table share the label; mixed would mean the table changed between runs.
        const sample = combinedSample(members.map((r) => r.sample));
        groups.push({
          key,
          label: labelledSearcher(searcher.label, sample),
          experimentId: experiment.id,
          searcher: searcher.label,
          searcherKind: searcher.kind,
          benchmark,
          sample,
          space: spaceOf(benchmark),
          budget,
          runIds: members.map((r) => r.id),
          seeds: members.map((r) => r.seed),
          band: bandOf(members, budget),
          atBudgets: [],
          best: bestArchitectures(members, spaceOf(benchmark)),
        });
      }
    }
  }
  // A label shared by two experiments names its experiment; within one experiment the benchmark tells groups apart.
  const experimentsOf = new Map<string, Set<number>>();
  for (const g of groups) experimentsOf.set(g.label, (experimentsOf.get(g.label) ?? new Set()).add(g.experimentId));
  for (const g of groups) if ((experimentsOf.get(g.label)?.size ?? 0) > 1) g.label = `${g.label} (exp ${g.experimentId})`;
  return groups;
}

/** A run's incumbent test accuracy as the shared step function (shared/curve-stats.ts decides its reach). */
function testCurve(run: ReportRun): StepCurve {
  return toStepCurve(
    run.evaluations.map((e) => [e.query, e.incumbentValid, e.incumbentTest] as const),
    'test',
    run,
  );
}

function bandOf(members: ReportRun[], budget: number): BandPoint[] {
  const grid = Array.from({ length: budget }, (_, i) => i + 1);
  const agg = aggregate(members.map(testCurve), grid);
  return agg.x.map((query, i) => ({ query, n: agg.n[i]!, mean: agg.mean[i]!, se: agg.se[i]! }));
}

function budgetCells(group: ReportGroup, runs: ReportRun[], budgets: number[]): BudgetCell[] {
  const members = runs.filter((r) => r.group === group.key);
  const curves = members.map(testCurve);
  return budgets.map((budget) => {
    const { values, indices } = valuesAt(curves, budget);
    const s = summarize(values);
    return {
      budget,
      n: s.n,
      mean: s.n > 0 ? s.mean : null,
      se: s.n > 0 ? s.se : null,
      values,
      runIds: indices.map((i) => members[i]!.id),
    };
  });
}

function bestArchitectures(members: ReportRun[], space: string): BestArchitecture[] {
  const byHash = new Map<string, BestArchitecture>();
  for (const run of members) {
    if (!run.best) continue;
    let entry = byHash.get(run.best.hash);
    if (!entry) {
      entry = { hash: run.best.hash, arch: run.best.arch, space, valid: run.best.valid, test: run.best.test, foundBy: [] };
      byHash.set(run.best.hash, entry);
    }
    entry.foundBy.push({ runId: run.id, seed: run.seed, query: run.best.query });
  }
  return [...byHash.values()]
    .sort((a, b) => b.valid - a.valid || b.test - a.test || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
    .slice(0, BEST_PER_GROUP);
}

function titleOf(scope: ReportModel['scope'], experiments: ReportExperiment[], runs: ReportRun[]): string {
  if (scope === 'run') {
    const run = runs[0]!;
    return `Run ${run.id}: ${run.searcher}, seed ${run.seed} (${run.experimentName})`;
  }
  if (scope === 'experiment') return experiments[0]!.name;
  return `Comparison: ${experiments.map((e) => e.name).join(' · ')}`;
}

function notesOf(runs: ReportRun[], benchmarks: ReportBenchmark[], infos: Map<string, BenchmarkInfo>): string[] {
  const notes: string[] = [];
  const unfinished = runs.filter((r) => r.status !== 'succeeded');
  if (unfinished.length > 0) {
    notes.push(
      `${unfinished.length} of ${runs.length} runs did not succeed (${unfinished.map((r) => `run ${r.id} ${r.status}`).join(', ')}); ` +
        `so some numbers cover fewer runs. ${EARLY_STOP_RULE}`,
    );
  }
  for (const b of benchmarks) {
    if (b.validationOnly) notes.push(`${b.name} is the ${b.label ?? b.kind}: it predicts validation accuracy only, so every "test" number of its runs repeats validation.`);
    if (b.sourceSha256 === null) notes.push(`benchmark ${b.name} is no longer registered; its checksum is taken from the runs.`);
  }
  const changed = runs.filter((r) => {
    const config = r.config as { benchmark?: string };
    const current = config.benchmark ? infos.get(config.benchmark)?.sourceSha256 : undefined;
    return current !== undefined && r.provenance.benchmarkSha256 !== null && r.provenance.benchmarkSha256 !== current;
  });
  if (changed.length > 0) {
    notes.push(
      `${changed.length === 1 ? '1 run was' : `${changed.length} runs were`} made with a different version of its benchmark than the one registered now (${changed.map((r) => `run ${r.id}`).join(', ')}).`,
    );
  }
  return notes;
}
