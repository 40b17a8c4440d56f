/**
 * Experiments: parse and validate config text against the schema and the registry,
 * expand into runs, and summarise runs for tables.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ExperimentSummary, RunStatus } from '../shared/api.ts';
import { canonicalJson, expandRuns, validateExperimentConfig, type ExperimentConfig } from '../shared/config.ts';
import type { ValidationIssue } from '../shared/schema.ts';
import { APP_VERSION } from '../shared/version.ts';
import { sha256 } from './benchmark-registry.ts';
import type { ExperimentRow, RunRow, Store } from './store.ts';

export type ParsedConfig = { ok: true; config: ExperimentConfig } | { ok: false; issues: ValidationIssue[] };

/** YAML or JSON (JSON is YAML) → validated config, including the registry checks. */
export function parseExperimentConfig(text: string, store: Store): ParsedConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : '';
    return { ok: false, issues: [{ path: '(syntax)', message: `the config is not valid YAML or JSON${where}: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const result = validateExperimentConfig(raw);
  if (!result.ok) return result;
  const benchmark = store.getBenchmark(result.config.benchmark);
  if (!benchmark) {
    const known = store.listBenchmarks().map((b) => b.name);
    return {
      ok: false,
      issues: [{ path: 'benchmark', message: `benchmark "${result.config.benchmark}" is not registered; registered: ${known.length ? known.join(', ') : 'none (import one with archwalk benchmark import)'}` }],
    };
  }
  if (result.config.budget > benchmark.size) {
    return { ok: false, issues: [{ path: 'budget', message: `budget ${result.config.budget} exceeds the ${benchmark.size} architectures of ${benchmark.name}` }] };
  }
  return result;
}

export function configHash(value: unknown): string {
  return sha256(canonicalJson(value));
}

export function createExperiment(store: Store, config: ExperimentConfig): number {
  const benchmark = store.getBenchmark(config.benchmark);
  const runs = expandRuns(config).map((runConfig) => ({
    config: runConfig,
    configHash: configHash(runConfig),
    appVersion: APP_VERSION,
    benchmarkSha256: benchmark?.source_sha256 ?? null,
  }));
  return store.insertExperiment(config, configHash(config), runs);
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
  let finishedAt: string | null = null;
  let queries = 0;
  for (const run of runs) {
    counts[run.status] = (counts[run.status] ?? 0) + 1;
    queries += run.queries;
    if (run.best_valid !== null && (bestValid === null || run.best_valid > bestValid)) {
      bestValid = run.best_valid;
      bestTest = run.best_test;
    }
    if (run.finished_at && (!finishedAt || run.finished_at > finishedAt)) finishedAt = run.finished_at;
  }
  const status = experimentStatus(counts, runs.length);
  return {
    id: row.id,
    name: row.name,
    benchmark: config.benchmark,
    searchers: config.searchers.map((s) => s.label),
    budget: config.budget,
    status,
    runCounts: counts,
    totalRuns: runs.length,
    queries,
    totalQueries: runs.length * config.budget,
    bestValid,
    bestTest,
    createdAt: row.created_at,
    finishedAt: status === 'finished' || status === 'failed' ? finishedAt : null,
  };
}
