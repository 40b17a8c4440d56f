/**
 * Limits on how much work one request may queue: runs per experiment (a setting, checked
 * before anything is expanded, so a 3 KB config asking for a million runs is refused at once
 * with the arithmetic shown) and runs executing at once.
 */
import type { ExperimentConfig } from './config.ts';
import type { ValidationIssue } from './schema.ts';
import { sweepSize, type SweepSpec } from './sweep.ts';

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

/** Default of the `sweeps.maxTrainingMinutes` setting: a sweep training longer than this needs `sweep.confirm: true`. */
export const DEFAULT_MAX_SWEEP_MINUTES = 120;

/** A sweep's runs: per configuration and training seed one training run and its evaluations, then the baselines. */
function sweepRunCount(sweep: SweepSpec, seeds: number): { runs: number; factors: string[] } {
  const configurations = sweepSize(sweep);
  const { benchmarks, seeds: searchSeeds, baselines } = sweep.evaluate;
  const runs = configurations * seeds * (1 + benchmarks.length * searchSeeds.length) + benchmarks.length * baselines.length * searchSeeds.length;
  return {
    runs,
    factors: [`${count(configurations)} configurations × ${count(seeds)} training seeds × (1 training + ${count(benchmarks.length)} benchmarks × ${count(searchSeeds.length)} search seeds)`, `${count(baselines.length)} baselines × ${count(benchmarks.length)} benchmarks × ${count(searchSeeds.length)} search seeds`],
  };
}

/** The runs a config would queue, worked out without expanding it, and the issue when they are too many. */
export function runCountIssue(config: Pick<ExperimentConfig, 'kind' | 'seeds' | 'searchers' | 'sweep'> & { benchmarks?: readonly string[] }, maxRuns: number): ValidationIssue | null {
  if (config.kind === 'train-agent' && config.sweep) {
    const { runs, factors } = sweepRunCount(config.sweep, config.seeds.length);
    if (runs <= maxRuns) return null;
    return { path: 'sweep', message: `this sweep would queue ${factors.join(' + ')} = ${count(runs)} runs; the limit is ${count(maxRuns)} runs per experiment (setting experiments.maxRuns: archwalk settings set max-runs N)` };
  }
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

/**
 * A sweep trains many agents, so its training time is checked against a limit (a setting) unless
 * the user confirmed the estimate; a sweep whose agents train without a time limit has no
 * time estimate, so it always needs the confirmation.
 */
export function sweepLimitIssue(config: Pick<ExperimentConfig, 'sweep'>, trainingSeconds: number | null, agents: number, maxMinutes: number): ValidationIssue | null {
  if (!config.sweep || config.sweep.confirm) return null;
  const setting = 'setting sweeps.maxTrainingMinutes: archwalk settings set sweep-minutes N';
  if (trainingSeconds === null) {
    return { path: 'sweep.confirm', message: `this sweep trains ${count(agents)} agents without a time limit (agent.budget has no minutes), so its training time cannot be estimated; give agent.budget.minutes, or set sweep.confirm: true to queue it anyway` };
  }
  const minutes = trainingSeconds / 60;
  if (minutes <= maxMinutes) return null;
  return { path: 'sweep.confirm', message: `this sweep trains ${count(agents)} agents for ${count(Math.round(minutes))} minutes in all, above the limit of ${count(maxMinutes)} minutes (${setting}); set sweep.confirm: true to queue it anyway` };
}
