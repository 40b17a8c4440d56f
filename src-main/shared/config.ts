/**
 * Experiment configs: the one schema every experiment is validated against, and its
 * expansion into runs (searchers × seeds). Shared by main and renderer.
 */
import { checkAgentBlock, type AgentHyperparameters, type AgentTrainingSpec } from './agent-config.ts';
import { checkBenchmarks, checkRequires, checkSearchers, checkSeeds, MAX_SEEDS, type SearcherSpec } from './config-fields.ts';
import { checkObject, isPlainObject, type ObjectSpec, type ValidationIssue } from './schema.ts';
import { applyConfiguration, checkSweepBlock, sweepAgentName, sweepConfigurations, type SweepPoint, type SweepSpec } from './sweep.ts';
import { SEARCHER_KINDS, SEARCHER_PARAMS, type SearcherKind } from './searcher-specs.ts';

export { MAX_SEEDS, SEARCHER_KINDS, SEARCHER_PARAMS, type SearcherKind, type SearcherSpec };

export const EXPERIMENT_KINDS = ['search', 'train-agent'] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];

export const MAX_BUDGET = 10_000_000;

/** Top-level fields of an experiment config (besides seeds, searchers and agent); the form reads it too. */
export const EXPERIMENT_SPEC: ObjectSpec = {
  kind: { type: 'enum', values: EXPERIMENT_KINDS, default: 'search', doc: 'search: compare searchers at equal query budgets; train-agent: train an RL agent' },
  name: { type: 'string', required: true, minLength: 1, maxLength: 200, doc: 'a name for the experiment' },
  description: { type: 'string', default: '', maxLength: 10000, doc: 'free text' },
  benchmark: { type: 'string', minLength: 1, doc: 'the name of a registered benchmark (archwalk benchmark list); or `benchmarks: [a, b]` for several of one space' },
  budget: { type: 'integer', min: 1, max: MAX_BUDGET, doc: 'distinct architectures each run may query (search experiments)' },
  queryDelayMs: {
    type: 'integer', default: 0, min: 0, max: 600000,
    doc: 'wait this long after each new query, to watch a tabular search unfold in real time (0 = as fast as possible)',
  },
};

export interface ExperimentConfig {
  kind: ExperimentKind;
  name: string;
  description: string;
  /** The first of `benchmarks` (what single-benchmark code reads). */
  benchmark: string;
  /** Every benchmark the experiment runs on (all of one space): searches run on each, training draws one per episode. */
  benchmarks?: string[];
  budget: number;
  queryDelayMs: number;
  seeds: number[];
  /** Search experiments: the searchers compared. Empty for train-agent. */
  searchers: SearcherSpec[];
  /** Train-agent experiments: what to train. Null for search. */
  agent: AgentTrainingSpec | null;
  /** Train-agent experiments that sweep the agent's hyperparameters (absent otherwise). */
  sweep?: SweepSpec | null;
  /** Worker tags a lab worker must have to take the runs (absent: any worker). */
  requires?: string[];
}

/** Everything one search run needs; stored with the run so every number traces back. */
export interface SearchRunConfig {
  kind: 'search';
  experiment: string;
  benchmark: string;
  budget: number;
  queryDelayMs: number;
  seed: number;
  searcher: SearcherSpec;
  /** A sweep's evaluation of one trained agent: which configuration and training seed. */
  sweep?: SweepPoint;
  /** Worker tags a lab worker must have to take this run (absent: any worker). */
  requires?: string[];
}

/** One agent training run: the preset resolved into every hyperparameter. */
export interface TrainRunConfig {
  kind: 'train-agent';
  experiment: string;
  /** The first training benchmark. */
  benchmark: string;
  /** Several training benchmarks of one space (each episode draws one, seeded); absent when there is one. */
  benchmarks?: string[];
  seed: number;
  /** The registered name of the agent this run produces. */
  agentName: string;
  preset: AgentTrainingSpec['preset'];
  hyper: AgentHyperparameters;
  budget: AgentTrainingSpec['budget'];
  checkpointEverySeconds: number;
  /** A sweep's training run: which configuration (the seed is `seed`). */
  sweep?: SweepPoint;
  /** Worker tags a lab worker must have to take this run (absent: any worker). */
  requires?: string[];
}

export type RunConfig = SearchRunConfig | TrainRunConfig;

/** The name of the agent a training run registers (one per seed when there are several). */
export function agentNameFor(spec: AgentTrainingSpec, seed: number, seedCount: number): string {
  return seedCount > 1 ? `${spec.name}-seed${seed}` : spec.name;
}

/** How a run is labelled in tables: the searcher's label, or `train <agent>`. */
export function runLabel(config: RunConfig): string {
  return config.kind === 'search' ? config.searcher.label : `train ${config.agentName}`;
}

export type ConfigResult = { ok: true; config: ExperimentConfig } | { ok: false; issues: ValidationIssue[] };

/** Validate a parsed (YAML or JSON) config; every problem is reported, not just the first. */
export function validateExperimentConfig(raw: unknown): ConfigResult {
  const issues: ValidationIssue[] = [];
  const base = checkObject('', EXPERIMENT_SPEC, raw, issues, ['seeds', 'searchers', 'agent', 'benchmarks', 'sweep', 'requires']);
  if (!isPlainObject(raw)) return { ok: false, issues };
  const kind = (base.kind as ExperimentKind | undefined) ?? 'search';
  const seeds = checkSeeds(raw.seeds, issues);
  const benchmarks = checkBenchmarks(base.benchmark, raw.benchmarks, issues);
  const requires = checkRequires(raw.requires, issues);
  let searchers: SearcherSpec[] = [];
  let agent: AgentTrainingSpec | null = null;
  let sweep: SweepSpec | null = null;
  if (kind === 'search') {
    if (raw.sweep !== undefined) issues.push({ path: 'sweep', message: 'sweep belongs to kind: train-agent experiments (it sweeps the agent\'s hyperparameters)' });
    if (base.budget === undefined && !issues.some((i) => i.path === 'budget')) {
      issues.push({ path: 'budget', message: 'budget is required (distinct architectures each run may query)' });
    }
    if (raw.agent !== undefined) issues.push({ path: 'agent', message: 'agent belongs to kind: train-agent experiments; a search experiment names trained agents as searchers (kind: agent)' });
    searchers = checkSearchers(raw.searchers, issues);
  } else {
    if (raw.searchers !== undefined) issues.push({ path: 'searchers', message: 'a train-agent experiment has no searchers; compare the trained agent in a search experiment (searcher kind: agent)' });
    agent = checkAgentBlock(raw.agent, issues);
    if (raw.sweep !== undefined) sweep = checkSweepBlock(raw.sweep, agent, benchmarks, seeds, issues);
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    config: {
      kind,
      name: base.name as string,
      description: (base.description as string) ?? '',
      benchmark: benchmarks[0]!,
      benchmarks,
      budget: (base.budget as number | undefined) ?? 0,
      queryDelayMs: base.queryDelayMs as number,
      seeds,
      searchers,
      agent,
      ...(sweep ? { sweep } : {}),
      ...(requires.length > 0 ? { requires } : {}),
    },
  };
}

/** Every benchmark of a config (configs stored before `benchmarks` existed name one). */
export function configBenchmarks(config: Pick<ExperimentConfig, 'benchmark'> & { benchmarks?: string[] }): string[] {
  return config.benchmarks && config.benchmarks.length > 0 ? config.benchmarks : [config.benchmark];
}

/** A search experiment expands to benchmarks × searchers × seeds runs: benchmark-major, then searcher-major. */
export function expandSearchRuns(config: ExperimentConfig): SearchRunConfig[] {
  return configBenchmarks(config).flatMap((benchmark) =>
    config.searchers.flatMap((searcher) =>
      config.seeds.map((seed) => ({
        kind: 'search' as const,
        experiment: config.name,
        benchmark,
        budget: config.budget,
        queryDelayMs: config.queryDelayMs,
        seed,
        searcher,
      })),
    ),
  );
}

export type HyperResolver = (preset: AgentTrainingSpec['preset'], overrides: Partial<AgentHyperparameters>) => AgentHyperparameters;

/**
 * All runs of an experiment: searchers × seeds, one training run per seed, or a sweep's runs;
 * each carries the worker tags the experiment requires (the claim of a lab worker reads them).
 */
export function expandRuns(config: ExperimentConfig, resolveHyper: HyperResolver): RunConfig[] {
  const runs = expandUntagged(config, resolveHyper);
  return config.requires && config.requires.length > 0 ? runs.map((run) => ({ ...run, requires: config.requires })) : runs;
}

function expandUntagged(config: ExperimentConfig, resolveHyper: HyperResolver): RunConfig[] {
  if (config.kind === 'search' || !config.agent) return expandSearchRuns(config);
  if (config.sweep) return expandSweepRuns(config, config.agent, config.sweep, resolveHyper);
  const agent = config.agent;
  return config.seeds.map((seed) => trainRun(config, agent, { overrides: agent.overrides, budget: agent.budget }, seed, agentNameFor(agent, seed, config.seeds.length), resolveHyper));
}

function trainRun(
  config: ExperimentConfig,
  agent: AgentTrainingSpec,
  applied: Pick<AgentTrainingSpec, 'overrides' | 'budget'>,
  seed: number,
  agentName: string,
  resolveHyper: HyperResolver,
): TrainRunConfig {
  const benchmarks = configBenchmarks(config);
  return {
    kind: 'train-agent' as const,
    experiment: config.name,
    benchmark: benchmarks[0]!,
    ...(benchmarks.length > 1 ? { benchmarks } : {}),
    seed,
    agentName,
    preset: agent.preset,
    hyper: resolveHyper(agent.preset, applied.overrides),
    budget: applied.budget,
    checkpointEverySeconds: agent.checkpointEverySeconds,
  };
}

/**
 * A sweep: per configuration and training seed, one training run followed by its agent's
 * evaluation on every evaluation benchmark and seed (these name the agent the training run
 * registers, which is what makes them wait for it); then the baselines on the same tables.
 */
function expandSweepRuns(config: ExperimentConfig, agent: AgentTrainingSpec, sweep: SweepSpec, resolveHyper: HyperResolver): RunConfig[] {
  const { evaluate } = sweep;
  const searchRun = (benchmark: string, seed: number, searcher: SearcherSpec, point?: SweepPoint): SearchRunConfig => ({
    kind: 'search', experiment: config.name, benchmark, budget: evaluate.budget, queryDelayMs: config.queryDelayMs, seed, searcher, ...(point ? { sweep: point } : {}),
  });
  const runs: RunConfig[] = [];
  for (const configuration of sweepConfigurations(sweep)) {
    for (const trainingSeed of config.seeds) {
      const point: SweepPoint = { configuration: configuration.index, trainingSeed };
      const name = sweepAgentName(agent.name, configuration.index, trainingSeed, config.seeds.length);
      runs.push({ ...trainRun(config, agent, applyConfiguration(agent, configuration), trainingSeed, name, resolveHyper), sweep: point });
      const searcher: SearcherSpec = { kind: 'agent', label: `agent ${configuration.label}`, params: { checkpoint: name, epsilon: 0 } };
      for (const benchmark of evaluate.benchmarks) for (const seed of evaluate.seeds) runs.push(searchRun(benchmark, seed, searcher, point));
    }
  }
  for (const benchmark of evaluate.benchmarks) for (const baseline of evaluate.baselines) for (const seed of evaluate.seeds) runs.push(searchRun(benchmark, seed, baseline));
  return runs;
}

/** JSON with sorted keys, so equal configs hash equally whatever order they were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function formatIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `  - ${i.message}`).join('\n');
}
