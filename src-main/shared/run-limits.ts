/**
 * Limits on how much work one request may queue: runs per experiment (a setting, checked
 * before anything is expanded, so a 3 KB config asking for a million runs is refused at once
 * with the arithmetic shown) and runs executing at once.
 */
import type { ExperimentConfig } from './config.ts';
import type { ValidationIssue } from './schema.ts';

/** Default of the `experiments.maxRuns` setting. */
export const DEFAULT_MAX_RUNS = 10_000;
/** The setting's own ceiling: beyond it the store and the pages listing runs stop being usable. */
export const MAX_RUNS_CEILING = 1_000_000;

/** Runs at once: up to twice the cores (queries are often waits), at least 4, never above 32. */
export function concurrencyLimit(cores: number): number {
  return Math.min(32, Math.max(4, 2 * cores));
}

export function concurrencyProblem(n: unknown, cores: number): string | null {
  const max = concurrencyLimit(cores);
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max ? null : `the concurrency limit must be an integer from 1 to ${max} (twice this machine's ${cores} cores, at least 4, at most 32), got ${String(n)}`;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The runs a config would queue, worked out without expanding it, and the issue when they are too many. */
export function runCountIssue(config: Pick<ExperimentConfig, 'kind' | 'seeds' | 'searchers'> & { benchmarks?: readonly string[] }, maxRuns: number): ValidationIssue | null {
  const seeds = config.seeds.length;
  const benchmarks = config.kind === 'search' ? Math.max(1, config.benchmarks?.length ?? 1) : 1;
  const searchers = config.kind === 'search' ? config.searchers.length : 1;
  const runs = benchmarks * searchers * seeds;
  if (runs <= maxRuns) return null;
  const factors = config.kind === 'search'
    ? [`${count(searchers)} searchers`, `${count(seeds)} seeds`, ...(benchmarks > 1 ? [`${count(benchmarks)} benchmarks`] : [])]
    : [`${count(seeds)} seeds (one training run each)`];
  return {
    path: 'seeds',
    message: `this experiment would queue ${factors.join(' × ')} = ${count(runs)} runs; the limit is ${count(maxRuns)} runs per experiment (setting experiments.maxRuns: archwalk settings set max-runs N)`,
  };
}
