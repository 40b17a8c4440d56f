/**
 * Experiments: parse and validate config text against the schema and the registry,
 * expand into runs, and summarise runs for tables.
 */
import { parse as parseYaml } from 'yaml';
import type { ExperimentSummary, RunStatus, WorkEstimate } from '#shared/api.ts';
import { canonicalJson, configBenchmarks, expandRuns, validateExperimentConfig, type ExperimentConfig, type RunConfig, type TrainRunConfig } from '#shared/config.ts';
import { applyConfiguration, sweepConfigurations } from '#shared/sweep.ts';
import { agentTrainedOn, hyperProblem, resolveHyper } from './agents.ts';
import { contentChecksumsByName } from './benchmark-cells.ts';
import { sampleLabel } from '#shared/sample-label.ts';
import { yamlSyntaxIssue, type ValidationIssue, type YamlErrorLike } from '#shared/schema.ts';
import { APP_VERSION } from '#shared/version.ts';
import { sha256 } from './benchmark-registry.ts';
import { spaceNamed } from '../nas/spaces/registry.ts';
import { runCountIssue, sweepLimitIssue } from '#shared/run-limits.ts';
import type { BenchmarkRow, ExperimentRow, NewRun, RunRow, Store } from './store.ts';

/**
 * What validating and expanding a config reads: the registered benchmarks and agents, and the
 * runs still to train an agent. The embedded store is one; a lab queue combines the queuing
 * machine's benchmarks with the shared store's agents and runs (lab-registry.ts).
 */
export type ExperimentRegistry = Pick<Store, 'getBenchmark' | 'listBenchmarks' | 'getAgent' | 'listAgents' | 'listRuns' | 'agentTraining'>;

export type ParsedConfig = { ok: true; config: ExperimentConfig } | { ok: false; issues: ValidationIssue[] };

/**
 * YAML or JSON (JSON is YAML) → validated config, including the registry checks and, when given, the run and sweep limits.
 * Every problem is reported at once: names the registry does not know are checked even when other fields are wrong.
 */
export function parseExperimentConfig(text: string, store: ExperimentRegistry, limits: { maxRuns?: number; maxSweepMinutes?: number } = {}): ParsedConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    return { ok: false, issues: [yamlSyntaxIssue(error as YamlErrorLike)] };
  }
  const result = validateExperimentConfig(raw);
  if (!result.ok) return { ok: false, issues: withoutRepeats([...result.issues, ...unknownNames(raw, store)]) };
  // Before any lookup or expansion: a million-run config is refused at once.
  const tooMany = limits.maxRuns === undefined ? null : runCountIssue(result.config, limits.maxRuns);
  if (tooMany) return { ok: false, issues: [tooMany] };
  const unknown = unknownNames(raw, store);
  const checked = checkBenchmarks(result.config, store);
  const issues = [...unknown, ...('issues' in checked ? checked.issues : [])];
  if (result.config.kind === 'train-agent') issues.push(...checkTraining(result.config, store));
  else if ('space' in checked) issues.push(...checkSearcherSpaces(result.config, checked.space, store));
  if (issues.length > 0) return { ok: false, issues: withoutRepeats(issues) };
  // Last, on a config known to expand: the estimate a sweep is judged by is the one the form shows.
  if (result.config.sweep && limits.maxSweepMinutes !== undefined) {
    const estimate = estimateWork(result.config);
    const overLimit = sweepLimitIssue(result.config, estimate.trainingSeconds, estimate.trainingRuns, limits.maxSweepMinutes);
    if (overLimit) return { ok: false, issues: [overLimit] };
  }
  return result;
}

/** The same issue found by two checks is shown once. */
function withoutRepeats(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Benchmarks and agents the config names that the registry lacks, read from the raw document so they
 * are reported beside the schema's own problems (a config with a typo and an unknown benchmark shows both).
 */
function unknownNames(raw: unknown, store: ExperimentRegistry): ValidationIssue[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const doc = raw as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const named: Array<[string, unknown]> = Array.isArray(doc.benchmarks) ? doc.benchmarks.map((name, i) => [`benchmarks[${i}]`, name]) : [['benchmark', doc.benchmark]];
  const evaluated = (doc.sweep as { evaluate?: { benchmarks?: unknown } } | undefined)?.evaluate?.benchmarks;
  if (Array.isArray(evaluated)) named.push(...evaluated.map((name, i): [string, unknown] => [`sweep.evaluate.benchmarks[${i}]`, name]));
  for (const [path, name] of named) {
    if (typeof name !== 'string' || name === '' || store.getBenchmark(name)) continue;
    const known = store.listBenchmarks().map((b) => b.name);
    issues.push({ path, message: `benchmark "${name}" is not registered; registered: ${known.length ? known.join(', ') : 'none (import one with archwalk benchmark import)'}` });
  }
  if (Array.isArray(doc.searchers)) {
    doc.searchers.forEach((searcher: unknown, i) => {
      const item = typeof searcher === 'object' && searcher !== null ? (searcher as Record<string, unknown>) : {};
      if (item.kind !== 'agent' || typeof item.checkpoint !== 'string' || item.checkpoint === '' || store.getAgent(item.checkpoint)) return;
      const known = store.listAgents().map((a) => a.name);
      issues.push({
        path: `searchers[${i}].checkpoint`,
        message: `searchers[${i}].checkpoint names "${item.checkpoint}", which is not a trained agent; trained agents: ${known.length ? known.join(', ') : 'none yet (train one with a kind: train-agent experiment)'}`,
      });
    });
  }
  return issues;
}

/**
 * Registered benchmarks (unknown ones are reported by unknownNames) all of one space — a sweep's
 * evaluation tables too — each large enough for the budget.
 */
function checkBenchmarks(config: ExperimentConfig, store: ExperimentRegistry): { space: string } | { issues: ValidationIssue[] } {
  const names = [...new Set([...configBenchmarks(config), ...(config.sweep?.evaluate.benchmarks ?? [])])];
  const rows = names.flatMap((name) => store.getBenchmark(name) ?? []);
  if (rows.length === 0) return { issues: [] };
  if (new Set(rows.map((r) => r.space)).size > 1) {
    const list = rows.map((r) => `${r.name} (${r.space})`).join(', ');
    return { issues: [{ path: 'benchmarks', message: `the benchmarks of one experiment must share a search space; these do not: ${list}` }] };
  }
  const issues: ValidationIssue[] = [];
  for (const row of rows) {
    if (config.budget > row.size) issues.push({ path: 'budget', message: `budget ${config.budget} exceeds the ${row.size} architectures of ${row.name}` });
    const sweepBudget = config.sweep?.evaluate.budget ?? 0;
    if (sweepBudget > row.size) issues.push({ path: 'sweep.evaluate.budget', message: `sweep.evaluate.budget ${sweepBudget} exceeds the ${row.size} architectures of ${row.name}` });
  }
  return issues.length > 0 ? { issues } : { space: rows[0]!.space };
}

/** Agent names must be new, also against training runs still waiting or going; every configuration's hyperparameters must fit together (heads divide d, …). */
function checkTraining(config: ExperimentConfig, store: ExperimentRegistry): ValidationIssue[] {
  const agent = config.agent!;
  const issues: ValidationIssue[] = [];
  if (config.sweep) {
    for (const configuration of sweepConfigurations(config.sweep)) {
      const problem = hyperProblem(agent.preset, applyConfiguration(agent, configuration).overrides);
      if (problem !== null) issues.push({ path: 'sweep', message: `sweep configuration ${configuration.index} (${configuration.label}) does not work with preset ${agent.preset} and agent.hyper: ${problem}` });
    }
  } else {
    const problem = hyperProblem(agent.preset, agent.overrides);
    if (problem !== null) issues.push({ path: 'agent.hyper', message: `agent.hyper does not work with preset ${agent.preset}: ${problem}` });
  }
  if (issues.length > 0) return issues;
  const pending = new Set(
    store
      .listRuns({ statuses: ['queued', 'running', 'paused', 'interrupted'] })
      .map((r) => JSON.parse(r.config_json) as { kind?: string; agentName?: string })
      .filter((c): c is TrainRunConfig => c.kind === 'train-agent')
      .map((c) => c.agentName),
  );
  for (const run of expandRuns(config, resolveHyper)) {
    if (run.kind !== 'train-agent') continue;
    const name = run.agentName;
    if (store.getAgent(name)) issues.push({ path: 'agent.name', message: `an agent named "${name}" already exists; choose another agent.name` });
    else if (pending.has(name)) issues.push({ path: 'agent.name', message: `an agent named "${name}" is already being trained by a queued or running experiment` });
    if (issues.length >= 5) break; // a sweep of a taken name would list every configuration
  }
  return issues;
}

/** Agent searchers (trained agents; unknown ones are reported by unknownNames) must be of this benchmark's space. */
/** What each searcher needs of the benchmarks' space: an agent trained on it, a predictor encoding for BANANAS. */
function checkSearcherSpaces(config: ExperimentConfig, space: string, store: ExperimentRegistry): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  config.searchers.forEach((searcher, i) => {
    if (searcher.kind === 'bananas' && !spaceNamed(space)?.predictorEncoding) {
      issues.push({ path: `searchers[${i}].kind`, message: `bananas needs a path encoding of the architectures to train its predictor, and the ${space} space has none` });
    }
    if (searcher.kind !== 'agent') return;
    const name = String(searcher.params.checkpoint);
    const agent = store.getAgent(name);
    if (agent && agent.space !== space) issues.push({ path: `searchers[${i}].checkpoint`, message: `agent "${name}" was trained on the ${agent.space} space; this benchmark is ${space}` });
  });
  return issues;
}

export function estimateWork(config: ExperimentConfig): WorkEstimate {
  const runs = expandRuns(config, resolveHyper);
  let queries = 0;
  let trainingRuns = 0;
  let trainingSeconds: number | null = 0;
  for (const run of runs) {
    if (run.kind === 'search') queries += run.budget;
    else {
      trainingRuns++;
      trainingSeconds = trainingSeconds === null || run.budget.seconds === undefined ? null : trainingSeconds + run.budget.seconds;
    }
  }
  return { runs: runs.length, queries, trainingRuns, trainingSeconds: trainingRuns === 0 ? 0 : trainingSeconds };
}

export function configHash(value: unknown): string {
  return sha256(canonicalJson(value));
}

/**
 * The training run (by position) each run waits for: a search of an agent that a training run
 * of the same experiment registers (a sweep's evaluations) waits until that run succeeded.
 */
export function runDependencies(runs: readonly RunConfig[]): (number | null)[] {
  const trainerOf = new Map<string, number>();
  runs.forEach((run, i) => {
    if (run.kind === 'train-agent') trainerOf.set(run.agentName, i);
  });
  return runs.map((run) => (run.kind === 'search' && run.searcher.kind === 'agent' ? trainerOf.get(String(run.searcher.params.checkpoint)) ?? null : null));
}

export function createExperiment(store: Store, config: ExperimentConfig): number {
  return store.insertExperiment(config, configHash(config), experimentRuns(store, config));
}

/** The runs a validated config expands to, each with what identifies its tables and, for an agent, how far it transfers. */
export function experimentRuns(store: ExperimentRegistry, config: ExperimentConfig): NewRun[] {
  const expanded = expandRuns(config, resolveHyper);
  const dependencies = runDependencies(expanded);
  const content = contentChecksumsByName((name) => store.getBenchmark(name));
  return expanded.map((runConfig, i) => {
    const benchmark = store.getBenchmark(runConfig.benchmark);
    const agentName = runConfig.kind === 'search' && runConfig.searcher.kind === 'agent' ? String(runConfig.searcher.params.checkpoint) : null;
    // An agent run is labelled once, when it is created, by the content of the table it will search:
    // against its agent's training tables, or, for an agent not trained yet, the tables its training run will use.
    const contentSha256 = agentName !== null && benchmark ? content(benchmark.name) : null;
    const agent = agentName !== null ? store.getAgent(agentName) : undefined;
    const trainer = dependencies[i] !== null ? (expanded[dependencies[i]!] as TrainRunConfig) : null;
    const trainedOn = agent
      ? agentTrainedOn(store, agent)
      : trainer
        ? configBenchmarks(trainer).map((name) => ({ contentSha256: content(name) ?? '' }))
        : null;
    return {
      config: runConfig,
      configHash: configHash(runConfig),
      appVersion: APP_VERSION,
      benchmarkSha256: benchmark?.source_sha256 ?? null,
      benchmarkContentSha256: contentSha256,
      agentSample: trainedOn && contentSha256 !== null ? sampleLabel(trainedOn, contentSha256) : null,
      dependsOn: dependencies[i],
      benchmarkChecksums: configBenchmarks(runConfig).flatMap((name) => content(name) ?? []),
    };
  });
}

function experimentStatus(counts: Partial<Record<RunStatus, number>>, total: number): ExperimentSummary['status'] {
  if ((counts.running ?? 0) > 0) return 'running';
  if ((counts.paused ?? 0) > 0) return 'paused';
  if ((counts.queued ?? 0) > 0) return 'queued';
  if ((counts.failed ?? 0) + (counts.interrupted ?? 0) > 0 && (counts.succeeded ?? 0) < total) return 'failed';
  return 'finished';
}

export function summariseExperiment(row: ExperimentRow, runs: RunRow[]): ExperimentSummary {
  const config = JSON.parse(row.config_json) as ExperimentConfig;
  const counts: Partial<Record<RunStatus, number>> = {};
  let bestValid: number | null = null;
  let bestTest: number | null = null;
  let bestRun: RunRow | null = null;
  let finishedAt: string | null = null;
  let queries = 0;
  for (const run of runs) {
    counts[run.status] = (counts[run.status] ?? 0) + 1;
    queries += run.queries;
    if (run.best_valid !== null && (bestValid === null || run.best_valid > bestValid)) {
      bestValid = run.best_valid;
      bestTest = run.best_test;
      bestRun = run;
    }
    if (run.finished_at && (!finishedAt || run.finished_at > finishedAt)) finishedAt = run.finished_at;
  }
  const status = experimentStatus(counts, runs.length);
  return {
    id: row.id,
    kind: config.kind ?? 'search',
    name: row.name,
    benchmark: config.benchmark,
    benchmarks: configBenchmarks(config),
    searchers: config.kind === 'search' ? config.searchers.map((s) => s.label) : [`train ${config.agent?.name ?? ''}`],
    budget: config.budget,
    status,
    runCounts: counts,
    totalRuns: runs.length,
    queries,
    totalQueries: config.kind === 'search' ? runs.length * config.budget : 0,
    bestValid,
    bestTest,
    bestSample: bestRun?.agent_sample ?? null,
    bestBenchmark: bestRun?.benchmark ?? null,
    createdAt: row.created_at,
    finishedAt: status === 'finished' || status === 'failed' ? finishedAt : null,
  };
}
