/**
 * Experiment configs: the one schema every experiment is validated against, and its
 * expansion into runs (searchers × seeds). Shared by main and renderer.
 */
import { checkAgentBlock, type AgentHyperparameters, type AgentTrainingSpec } from './agent-config.ts';
import { checkField, checkObject, isPlainObject, type ObjectSpec, type ValidationIssue } from './schema.ts';
import { SEARCHER_KINDS, SEARCHER_PARAMS, type SearcherKind } from './searcher-specs.ts';

export { SEARCHER_KINDS, SEARCHER_PARAMS, type SearcherKind };

export const EXPERIMENT_KINDS = ['search', 'train-agent'] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];

export const MAX_SEEDS = 10000;
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

export interface SearcherSpec {
  kind: SearcherKind;
  /** Shown in tables and charts; defaults to the kind. Unique within an experiment. */
  label: string;
  params: Record<string, number | string | boolean>;
}

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

function checkSeeds(value: unknown, issues: ValidationIssue[]): number[] {
  if (value === undefined) return [0];
  if (typeof value === 'number') {
    const count = checkField('seeds', { type: 'integer', min: 1, max: MAX_SEEDS, doc: 'number of seeds' }, value, issues);
    return typeof count === 'number' && count >= 1 && count <= MAX_SEEDS ? Array.from({ length: count }, (_, i) => i) : [];
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path: 'seeds', message: 'seeds must be a positive count (e.g. 20) or a non-empty list of integers (e.g. [0, 1, 2])' });
    return [];
  }
  // A list as long as the count allows; checked in linear time (a 1 MB list must not stall the server).
  if (value.length > MAX_SEEDS) {
    issues.push({ path: 'seeds', message: `seeds lists ${value.length} seeds; at most ${MAX_SEEDS} are allowed` });
    return [];
  }
  const seeds: number[] = [];
  const seen = new Set<number>();
  value.forEach((seed, i) => {
    const checked = checkField(`seeds[${i}]`, { type: 'integer', min: 0, max: 2 ** 32 - 1, doc: 'a seed' }, seed, issues);
    if (typeof checked === 'number') {
      if (seen.has(checked)) issues.push({ path: `seeds[${i}]`, message: `seeds[${i}] repeats seed ${checked}` });
      seen.add(checked);
      seeds.push(checked);
    }
  });
  return seeds;
}

/** `benchmark: x` or `benchmarks: [x, y]` (one of them), each name once. */
function checkBenchmarks(single: unknown, list: unknown, issues: ValidationIssue[]): string[] {
  if (list === undefined) {
    if (single === undefined) issues.push({ path: 'benchmark', message: 'benchmark is required (the name of a registered benchmark), or benchmarks: [a, b] for several of one space' });
    return typeof single === 'string' ? [single] : [];
  }
  if (single !== undefined) {
    issues.push({ path: 'benchmarks', message: 'give either benchmark (one) or benchmarks (a list), not both' });
    return [];
  }
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({ path: 'benchmarks', message: 'benchmarks must be a non-empty list of registered benchmark names, e.g. [nb201-12ep-cifar10, nb201-12ep-cifar100]' });
    return [];
  }
  const names: string[] = [];
  list.forEach((name, i) => {
    const checked = checkField(`benchmarks[${i}]`, { type: 'string', minLength: 1, doc: 'a registered benchmark' }, name, issues);
    if (typeof checked !== 'string') return;
    if (names.includes(checked)) issues.push({ path: `benchmarks[${i}]`, message: `benchmarks[${i}] repeats ${checked}` });
    names.push(checked);
  });
  return names;
}

function checkSearchers(value: unknown, issues: ValidationIssue[]): SearcherSpec[] {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path: 'searchers', message: `searchers must be a non-empty list; each item has a kind (${SEARCHER_KINDS.join(', ')})` });
    return [];
  }
  const out: SearcherSpec[] = [];
  value.forEach((raw, i) => {
    const path = `searchers[${i}]`;
    const item = typeof raw === 'string' ? { kind: raw } : raw;
    if (!isPlainObject(item)) {
      issues.push({ path, message: `${path} must be an object with a kind, got ${JSON.stringify(raw)}` });
      return;
    }
    const kind = checkField(`${path}.kind`, { type: 'enum', required: true, values: SEARCHER_KINDS, doc: 'searcher kind' }, item.kind, issues);
    if (typeof kind !== 'string') return;
    const spec: ObjectSpec = SEARCHER_PARAMS[kind as SearcherKind];
    const label = checkField(`${path}.label`, { type: 'string', minLength: 1, maxLength: 80, doc: 'label' }, item.label, issues);
    const { kind: _k, label: _l, ...rest } = item;
    const params = checkObject(path, spec, rest, issues, ['kind', 'label']) as SearcherSpec['params'];
    out.push({ kind: kind as SearcherKind, label: typeof label === 'string' ? label : kind, params });
  });
  const seen = new Map<string, number>();
  out.forEach((s, i) => {
    const prev = seen.get(s.label);
    if (prev !== undefined) {
      issues.push({ path: `searchers[${i}].label`, message: `searchers[${i}] and searchers[${prev}] share the label "${s.label}"; give one of them a distinct label` });
    }
    seen.set(s.label, i);
  });
  return out;
}

/** Validate a parsed (YAML or JSON) config; every problem is reported, not just the first. */
export function validateExperimentConfig(raw: unknown): ConfigResult {
  const issues: ValidationIssue[] = [];
  const base = checkObject('', EXPERIMENT_SPEC, raw, issues, ['seeds', 'searchers', 'agent', 'benchmarks']);
  if (!isPlainObject(raw)) return { ok: false, issues };
  const kind = (base.kind as ExperimentKind | undefined) ?? 'search';
  const seeds = checkSeeds(raw.seeds, issues);
  const benchmarks = checkBenchmarks(base.benchmark, raw.benchmarks, issues);
  let searchers: SearcherSpec[] = [];
  let agent: AgentTrainingSpec | null = null;
  if (kind === 'search') {
    if (base.budget === undefined && !issues.some((i) => i.path === 'budget')) {
      issues.push({ path: 'budget', message: 'budget is required (distinct architectures each run may query)' });
    }
    if (raw.agent !== undefined) issues.push({ path: 'agent', message: 'agent belongs to kind: train-agent experiments; a search experiment names trained agents as searchers (kind: agent)' });
    searchers = checkSearchers(raw.searchers, issues);
  } else {
    if (raw.searchers !== undefined) issues.push({ path: 'searchers', message: 'a train-agent experiment has no searchers; compare the trained agent in a search experiment (searcher kind: agent)' });
    agent = checkAgentBlock(raw.agent, issues);
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

/** All runs of an experiment: searchers × seeds, or one training run per seed. */
export function expandRuns(config: ExperimentConfig, resolveHyper: HyperResolver): RunConfig[] {
  if (config.kind === 'search' || !config.agent) return expandSearchRuns(config);
  const agent = config.agent;
  const hyper = resolveHyper(agent.preset, agent.overrides);
  const benchmarks = configBenchmarks(config);
  return config.seeds.map((seed) => ({
    kind: 'train-agent' as const,
    experiment: config.name,
    benchmark: benchmarks[0]!,
    ...(benchmarks.length > 1 ? { benchmarks } : {}),
    seed,
    agentName: agentNameFor(agent, seed, config.seeds.length),
    preset: agent.preset,
    hyper,
    budget: agent.budget,
    checkpointEverySeconds: agent.checkpointEverySeconds,
  }));
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
