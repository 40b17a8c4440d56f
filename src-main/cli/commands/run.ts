import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UserError } from '../../services/user-error.ts';
import { isValidationOnlyKind } from '#shared/benchmark-kinds.ts';
import type { Services } from '../../services/index.ts';
import type { CurvePoint, RunStatus } from '#shared/api.ts';
import { openServices, positiveIntOption, print, UsageError } from '../context.ts';
import { percent, reportBudgets, summariseCurves, summaryTable, table } from '../format.ts';
import { trackProgress } from '../run-progress.ts';
import { sweepLines } from '../sweep-lines.ts';
import { transferLines, trainedOnText } from '../transfer-lines.ts';
import { configBenchmarks, type RunConfig } from '#shared/config.ts';
import { labelledSearcher, type SampleLabel } from '#shared/sample-label.ts';

export const RUN_USAGE = `archwalk run CONFIG [--json] [--concurrency N]   run an experiment to completion and summarise it`;

export function readConfigFile(path: string): string {
  if (!existsSync(path)) throw new UserError(`cannot read the config ${path}: no such file`);
  return readFileSync(path, 'utf8');
}

/** Creates the experiment from config text; prints every validation issue and returns null on failure. */
export async function queueExperiment(services: Services, text: string, source: string): Promise<number | null> {
  const created = await services.api.createExperiment(text);
  if (!created.ok) {
    process.stderr.write(`${source} is not a valid experiment config:\n${created.issues.map((i) => `  - ${i.message}`).join('\n')}\n`);
    return null;
  }
  return created.experiment.id;
}

export interface RunReport {
  experiment: { id: number; name: string; benchmark: string; benchmarks: string[]; budget: number; configHash: string };
  runs: {
    id: number;
    searcher: string;
    seed: number;
    /** The benchmark the run searched (or, training, the first it trained on). */
    benchmark: string;
    /** Agent searches: in-sample (trained on this table) or held-out; null for other searchers. */
    sample: SampleLabel | null;
    status: RunStatus;
    queries: number;
    /** The run's own budget (queries): with status, it decides whether the run counts past its last query. */
    budget: number;
    best: { arch: unknown; hash: string; valid: number; test: number } | null;
    curve: CurvePoint[];
    error: string | null;
    /** Training runs: the agent and the last value of every streamed metric. */
    training?: { agent: string; backend: string | null; final: Record<string, number> };
  }[];
}

function trainingTable(runs: RunReport['runs']): string {
  const value = (run: RunReport['runs'][number], name: string): string => {
    const v = run.training?.final[name];
    return v === undefined ? '—' : name.startsWith('best_') ? percent(v) : String(Math.round(v));
  };
  return table(
    ['run', 'agent', 'seed', 'status', 'env steps', 'learner steps', 'episodes', 'queries', 'best valid %', 'its test %', 'ML backend'],
    runs.map((r) => [String(r.id), r.training?.agent ?? r.searcher, String(r.seed), r.status, value(r, 'env_steps'), value(r, 'learner_steps'), value(r, 'episodes'), value(r, 'queries'), value(r, 'best_valid'), value(r, 'best_test'), r.training?.backend ?? '—']),
  );
}

/** The last value of each metric series; env_steps is the step of the latest metric. */
function finalMetrics(metrics: Record<string, [number, number][]>): Record<string, number> {
  const out: Record<string, number> = {};
  let envSteps = 0;
  for (const [name, series] of Object.entries(metrics)) {
    const last = series.at(-1);
    if (!last) continue;
    out[name] = last[1];
    envSteps = Math.max(envSteps, last[0]);
  }
  if (Object.keys(out).length > 0) out.env_steps = envSteps;
  return out;
}

export async function collectReport(services: Services, experimentId: number): Promise<RunReport> {
  const detail = await services.api.getExperiment(experimentId);
  const runs = [];
  for (const summary of detail.runs) {
    const run = await services.api.getRun(summary.id);
    runs.push({
      id: summary.id,
      searcher: summary.searcher,
      seed: summary.seed,
      benchmark: summary.benchmark,
      sample: summary.sample ?? null,
      status: summary.status,
      queries: summary.queries,
      budget: summary.budget,
      best: run.best ? { arch: run.best.arch, hash: run.best.hash, valid: run.best.valid, test: run.best.test } : null,
      curve: run.curve,
      error: summary.error,
      ...(run.config.kind === 'train-agent'
        ? { training: { agent: run.config.agentName, backend: run.provenance.mlBackend, final: finalMetrics(run.metrics) } }
        : {}),
    });
  }
  return {
    experiment: {
      id: detail.experiment.id,
      name: detail.experiment.name,
      benchmark: detail.config.benchmark,
      benchmarks: configBenchmarks(detail.config),
      budget: detail.config.budget,
      configHash: detail.configHash,
    },
    runs,
  };
}

/** One table per benchmark, agent rows labelled in-sample or held-out, and how hard each agent's transfer was: what `archwalk run` prints. */
export function searchSummary(services: Services, report: RunReport): string {
  const lines: string[] = [];
  const budgets = reportBudgets(report.experiment.budget);
  const several = report.experiment.benchmarks.length > 1;
  lines.push(`experiment ${report.experiment.id} "${report.experiment.name}" on ${report.experiment.benchmarks.join(', ')}`);
  for (const benchmark of report.experiment.benchmarks) {
    const runs = report.runs.filter((r) => r.benchmark === benchmark);
    const measure = isValidationOnlyKind(services.store.getBenchmark(benchmark)?.kind)
      ? 'incumbent validation accuracy (a surrogate: it predicts no test accuracy, so the "test" columns repeat validation)'
      : 'incumbent test accuracy (chosen by validation)';
    const labels = [...new Set(runs.map((r) => r.sample).filter((s) => s !== null))];
    lines.push(`${several ? '\n' : ''}${benchmark}${labels.length > 0 ? ` — agent ${labels.join(' and ')}` : ''}: ${measure}`);
    lines.push(summaryTable(summariseCurves(runs.map((r) => ({ ...r, searcher: labelledSearcher(r.searcher, r.sample) })), budgets), budgets));
    const agents = [...new Set(runs.filter((r) => r.sample !== null).map((r) => agentOfRun(services, r.id)).filter((a): a is string => a !== null))];
    for (const line of transferLines(services, agents, benchmark)) lines.push(`  ${line}`);
  }
  return lines.join('\n');
}

function agentOfRun(services: Services, runId: number): string | null {
  const row = services.store.getRun(runId);
  if (!row) return null;
  const config = JSON.parse(row.config_json) as RunConfig;
  return config.kind === 'search' && config.searcher.kind === 'agent' ? String(config.searcher.params.checkpoint) : null;
}

export interface ExperimentOutcome {
  code: number;
  experimentId: number | null;
}

/**
 * Queues one experiment from config text, runs it to completion in these services and prints
 * its summary (or the JSON report). Exit code: 2 invalid config, 1 a run did not succeed.
 */
export async function executeExperiment(
  services: Services,
  text: string,
  source: string,
  options: { json: boolean; interrupted?: () => boolean },
): Promise<ExperimentOutcome> {
  const experimentId = await queueExperiment(services, text, source);
  if (experimentId === null) return { code: 2, experimentId };
  const detail = await services.api.getExperiment(experimentId);
  const stopTracking = trackProgress(services, detail);
  services.scheduler.restrictTo(experimentId);
  services.scheduler.start();
  await services.scheduler.whenIdle();
  stopTracking();
  if (options.interrupted?.()) return { code: 130, experimentId };
  const report = await collectReport(services, experimentId);
  if (options.json) {
    print(JSON.stringify(report));
  } else if (detail.config.kind === 'train-agent') {
    print(`experiment ${report.experiment.id} "${report.experiment.name}": agents trained on ${report.experiment.benchmarks.join(' + ')}`);
    print(trainingTable(report.runs.filter((r) => r.training)));
    const sweep = detail.config.sweep ? await services.api.getSweepResults(experimentId) : null;
    if (sweep) print(sweepLines(sweep).join('\n'));
    for (const run of report.runs) {
      const trained = run.training ? trainedOnText(services, run.training.agent) : null;
      if (trained) print(`${run.training!.agent}: trained on ${trained}`);
    }
  } else {
    print(searchSummary(services, report));
  }
  const failed = report.runs.filter((r) => r.status !== 'succeeded');
  for (const run of failed) process.stderr.write(`run ${run.id} (${run.searcher}, seed ${run.seed}) ${run.status}: ${run.error ?? ''}\n`);
  return { code: failed.length > 0 ? 1 : 0, experimentId };
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, concurrency: { type: 'string' } },
  });
  const [path] = positionals;
  if (!path) throw new UsageError(`usage: ${RUN_USAGE}`);
  const concurrency = values.concurrency === undefined ? undefined : positiveIntOption(values.concurrency, '--concurrency');
  const text = readConfigFile(path);
  const services = await openServices({ autoStart: false, ...(concurrency !== undefined ? { concurrency } : {}) });
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    process.stderr.write('\nstopping: running runs are left interrupted and can be resumed with archwalk runs resume ID\n');
    void services.close().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const outcome = await executeExperiment(services, text, path, { json: values.json ?? false, interrupted: () => interrupted });
    return outcome.code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!interrupted) await services.close();
  }
}
