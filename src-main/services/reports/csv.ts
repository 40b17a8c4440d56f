/**
 * CSV: long format, one row per query of every run in the report (RFC 4180 quoting, LF
 * line ends). A report with agent searches (or an experiment on several benchmarks) adds the
 * run's benchmark and, for agent searches, in-sample or held-out. Accuracies are fractions, as stored. Text cells that a spreadsheet would
 * run as a formula (starting with = + - @ or a tab/CR) get a leading apostrophe.
 */
import type { ReportModel } from './model.ts';

export const CSV_COLUMNS = [
  'experiment_id', 'experiment', 'run_id', 'searcher', 'seed', 'query', 'arch_hash', 'valid_accuracy', 'test_accuracy',
  'incumbent_valid_accuracy', 'incumbent_test_accuracy', 'incumbent_hash', 'elapsed_ms',
] as const;

/** Added when a report holds agent searches or an experiment on several benchmarks: which table, and in-sample or held-out. */
const CSV_SAMPLE_COLUMNS = ['benchmark', 'sample'] as const;

/** Added when a report holds a sweep: the configuration (index and values) and training seed of each agent's run (empty for baselines). */
const CSV_SWEEP_COLUMNS = ['sweep_configuration', 'sweep_values', 'sweep_training_seed'] as const;

/** Whether rows need the benchmark and sample columns (without them the layout is the one it always was). */
function csvNeedsSample(model: Pick<ReportModel, 'runs' | 'experiments'>): boolean {
  return model.runs.some((r) => r.sample !== null) || model.experiments.some((e) => e.benchmarks.length > 1);
}

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(model: ReportModel): string {
  const sample = csvNeedsSample(model);
  const sweep = model.sweeps.length > 0;
  const labels = new Map(model.sweeps.map((s) => [s.experimentId, s.results.configurations]));
  const lines = [[...CSV_COLUMNS, ...(sample ? CSV_SAMPLE_COLUMNS : []), ...(sweep ? CSV_SWEEP_COLUMNS : [])].join(',')];
  for (const run of model.runs) {
    const point = run.config.sweep;
    const sweepCells = point ? [point.configuration, labels.get(run.experimentId)?.[point.configuration]?.label ?? null, point.trainingSeed] : [null, null, null];
    for (const e of run.evaluations) {
      const cells: (string | number | null)[] = [run.experimentId, run.experimentName, run.id, run.searcher, run.seed, e.query, e.hash, e.valid, e.test, e.incumbentValid, e.incumbentTest, e.incumbentHash, e.elapsedMs];
      if (sample) cells.push(run.benchmark, run.sample);
      if (sweep) cells.push(...sweepCells);
      lines.push(cells.map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
