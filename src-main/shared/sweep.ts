/**
 * Sweeps over an agent's hyperparameters: the `sweep:` block of a train-agent experiment.
 * What may be swept, and each parameter's domain, is the agent's own hyperparameter spec
 * (AGENT_HYPER_SPEC) and the training-budget spec — no second list. A sweep is a `grid` (every
 * combination of the listed values) or `random` (seeded draws from ranges, log or linear);
 * each configuration is trained once per experiment seed, and each trained agent is then
 * evaluated as a searcher (`evaluate`) next to baseline searchers.
 */
import { AGENT_HYPER_SPEC, AGENT_NAME_PATTERN, TRAINING_BUDGET_SPEC, type AgentHyperparameters, type AgentTrainingSpec, type TrainBudget } from './agent-config.ts';
import { checkBenchmarks, checkSearchers, checkSeeds, type SearcherSpec } from './config-fields.ts';
import { checkField, checkObject, isPlainObject, type FieldSpec, type ObjectSpec, type ValidationIssue } from './schema.ts';

/** Every parameter a sweep may vary, with its domain: the agent's hyperparameters and the training budget. */
export const SWEEP_PARAMS = { ...AGENT_HYPER_SPEC, ...TRAINING_BUDGET_SPEC } as const satisfies ObjectSpec;
export type SweepParam = keyof typeof SWEEP_PARAMS;
export const SWEEP_PARAM_NAMES = Object.keys(SWEEP_PARAMS) as SweepParam[];
const BUDGET_PARAMS: readonly string[] = Object.keys(TRAINING_BUDGET_SPEC);

export type SweepValue = number | string;
export const SWEEP_SCALES = ['log', 'linear'] as const;
export type SweepScale = (typeof SWEEP_SCALES)[number];

export interface SweepRange {
  min: number;
  max: number;
  scale: SweepScale;
}

export interface SweepEvaluation {
  /** The tables each trained agent searches (the training tables unless the config names others). */
  benchmarks: string[];
  /** Queries per evaluation run. */
  budget: number;
  seeds: number[];
  /** Searchers run beside the agents on the same tables and seeds (not waiting for anything). */
  baselines: SearcherSpec[];
  /** The query budgets the results report. */
  at: number[];
}

export interface SweepSpec {
  grid: Record<string, SweepValue[]> | null;
  random: { draws: number; seed: number; ranges: Record<string, SweepRange> } | null;
  evaluate: SweepEvaluation;
  /** The user saw the work estimate and queues a sweep above the limit anyway. */
  confirm: boolean;
}

/** One point of the sweep: the values it sets (the rest come from the agent block). */
export interface SweepConfiguration {
  index: number;
  /** `rewardAlpha=12, gamma=0.9`: how tables and run labels name it. */
  label: string;
  values: Record<string, SweepValue>;
}

/** Which configuration and training seed a run belongs to (stored in its config). */
export interface SweepPoint {
  configuration: number;
  trainingSeed: number;
}

/** A sweep of more configurations than this is refused before anything is expanded. */
export const MAX_SWEEP_CONFIGURATIONS = 1000;
const MAX_DRAWS = MAX_SWEEP_CONFIGURATIONS;
export const DEFAULT_BASELINES = ['random-search', 'local-search'] as const;

const EVALUATE_SPEC: ObjectSpec = {
  budget: { type: 'integer', required: true, min: 1, max: 10_000_000, doc: 'distinct architectures each evaluation run may query' },
};

/** `sweep.random`'s own fields (the form's Draws and Seed fields use the same spec). */
export const RANDOM_SPEC = {
  draws: { type: 'integer', required: true, min: 1, max: MAX_DRAWS, doc: 'how many configurations to draw' },
  seed: { type: 'integer', default: 0, min: 0, max: 2 ** 32 - 1, doc: 'seed of the draws (the same seed draws the same configurations)' },
} as const satisfies ObjectSpec;

function paramSpec(name: string): FieldSpec | undefined {
  return (SWEEP_PARAMS as ObjectSpec)[name];
}

function unknownParam(path: string, name: string): ValidationIssue {
  return { path: `${path}.${name}`, message: `${path}.${name}: ${name} is not a sweepable parameter; sweepable: ${SWEEP_PARAM_NAMES.join(', ')}` };
}

function checkGrid(value: unknown, issues: ValidationIssue[]): Record<string, SweepValue[]> | null {
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    issues.push({ path: 'sweep.grid', message: 'sweep.grid must name at least one parameter with a non-empty list of values, e.g. { rewardAlpha: [1, 6, 50] }' });
    return null;
  }
  const grid: Record<string, SweepValue[]> = {};
  for (const [name, values] of Object.entries(value)) {
    const spec = paramSpec(name);
    if (!spec) {
      issues.push(unknownParam('sweep.grid', name));
      continue;
    }
    const path = `sweep.grid.${name}`;
    if (!Array.isArray(values) || values.length === 0) {
      issues.push({ path, message: `${path} must be a non-empty list of values (${spec.doc})` });
      continue;
    }
    const kept: SweepValue[] = [];
    values.forEach((v, i) => {
      const checked = checkField(`${path}[${i}]`, spec, v, issues);
      if (checked === undefined) return;
      if (kept.includes(checked as SweepValue)) issues.push({ path: `${path}[${i}]`, message: `${path}[${i}] repeats ${String(checked)}` });
      kept.push(checked as SweepValue);
    });
    grid[name] = kept;
  }
  return grid;
}

function checkRange(path: string, spec: FieldSpec, value: unknown, issues: ValidationIssue[]): SweepRange | null {
  if (spec.type !== 'integer' && spec.type !== 'number') {
    issues.push({ path, message: `${path}: ${path.split('.').pop()} is a choice, not a number; sweep it with grid` });
    return null;
  }
  const rangeSpec: ObjectSpec = {
    min: { ...spec, required: true },
    max: { ...spec, required: true },
    scale: { type: 'enum', values: SWEEP_SCALES, default: 'linear', doc: 'log: draw uniformly in the logarithm; linear: uniformly in the value' },
  };
  const before = issues.length;
  const range = checkObject(path, rangeSpec, value, issues);
  if (issues.length > before) return null;
  const { min, max, scale } = range as unknown as SweepRange;
  if (min > max) {
    issues.push({ path: `${path}.min`, message: `${path}.min ${min} is above ${path}.max ${max}` });
    return null;
  }
  if (scale === 'log' && min <= 0) {
    issues.push({ path: `${path}.min`, message: `${path}.min must be above 0 for scale: log, got ${min}` });
    return null;
  }
  return { min, max, scale };
}

function checkRandom(value: unknown, issues: ValidationIssue[]): SweepSpec['random'] {
  const base = checkObject('sweep.random', RANDOM_SPEC, value, issues, ['ranges']);
  if (!isPlainObject(value)) return null;
  const rawRanges = value.ranges;
  if (!isPlainObject(rawRanges) || Object.keys(rawRanges).length === 0) {
    issues.push({ path: 'sweep.random.ranges', message: 'sweep.random.ranges must name at least one parameter with { min, max, scale }, e.g. { rewardAlpha: { min: 1, max: 50, scale: log } }' });
    return null;
  }
  const ranges: Record<string, SweepRange> = {};
  for (const [name, raw] of Object.entries(rawRanges)) {
    const spec = paramSpec(name);
    if (!spec) {
      issues.push(unknownParam('sweep.random.ranges', name));
      continue;
    }
    const range = checkRange(`sweep.random.ranges.${name}`, spec, raw, issues);
    if (range) ranges[name] = range;
  }
  return { draws: base.draws as number, seed: (base.seed as number | undefined) ?? 0, ranges };
}

/** The reporting budgets: as given (each within the evaluation budget), else a quarter, a half and all of it. */
function checkAt(value: unknown, budget: number | undefined, issues: ValidationIssue[]): number[] {
  if (budget === undefined) return [];
  if (value === undefined) return [...new Set([Math.max(1, Math.round(budget / 4)), Math.max(1, Math.round(budget / 2)), budget])];
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path: 'sweep.evaluate.at', message: 'sweep.evaluate.at must be a non-empty list of query budgets, e.g. [25, 50, 100]' });
    return [];
  }
  const at: number[] = [];
  value.forEach((v, i) => {
    const checked = checkField(`sweep.evaluate.at[${i}]`, { type: 'integer', min: 1, max: budget, doc: 'a query budget within sweep.evaluate.budget' }, v, issues);
    if (typeof checked === 'number' && !at.includes(checked)) at.push(checked);
  });
  return at.sort((a, b) => a - b);
}

function checkEvaluation(value: unknown, trainingBenchmarks: string[], issues: ValidationIssue[]): SweepEvaluation | null {
  const base = checkObject('sweep.evaluate', EVALUATE_SPEC, value, issues, ['benchmarks', 'seeds', 'baselines', 'at']);
  if (!isPlainObject(value)) return null;
  const before = issues.length;
  const named = value.benchmarks === undefined ? trainingBenchmarks : checkBenchmarks(undefined, value.benchmarks, issues, 'sweep.evaluate.benchmarks');
  const seeds = checkSeeds(value.seeds, issues, 'sweep.evaluate.seeds');
  const baselines = value.baselines === undefined ? DEFAULT_BASELINES.map((kind) => ({ kind, label: kind, params: defaultParams(kind) })) : value.baselines === null || (Array.isArray(value.baselines) && value.baselines.length === 0) ? [] : checkSearchers(value.baselines, issues, 'sweep.evaluate.baselines');
  baselines.forEach((b, i) => {
    if (b.kind === 'agent') issues.push({ path: `sweep.evaluate.baselines[${i}].kind`, message: `sweep.evaluate.baselines[${i}] is an agent; the sweep's own agents are evaluated anyway, and trained agents are compared in a search experiment` });
  });
  const budget = base.budget as number | undefined;
  const at = checkAt(value.at, budget, issues);
  if (issues.length > before || budget === undefined) return null;
  return { benchmarks: named, budget, seeds, baselines, at };
}

/** A baseline written as a bare kind gets its declared defaults, as a `searchers:` entry would. */
function defaultParams(kind: (typeof DEFAULT_BASELINES)[number]): SearcherSpec['params'] {
  return checkSearchers([kind], [])[0]!.params;
}

/** How many configurations a sweep has, worked out without expanding it. */
export function sweepSize(spec: Pick<SweepSpec, 'grid' | 'random'>): number {
  if (spec.random) return spec.random.draws;
  return Object.values(spec.grid ?? {}).reduce((n, values) => n * values.length, 1);
}

/** The `sweep` block, checked against the agent block it varies (names of the agents it trains must stay valid). */
export function checkSweepBlock(value: unknown, agent: AgentTrainingSpec | null, trainingBenchmarks: string[], seeds: number[], issues: ValidationIssue[]): SweepSpec | null {
  const base = checkObject('sweep', { confirm: { type: 'boolean', default: false, doc: 'queue the sweep even when its work estimate is above the limit' } }, value, issues, ['grid', 'random', 'evaluate']);
  if (!isPlainObject(value)) return null;
  const before = issues.length;
  if ((value.grid === undefined) === (value.random === undefined)) {
    issues.push({ path: 'sweep', message: 'sweep needs exactly one of grid (lists of values) or random (ranges and a number of draws)' });
  }
  const grid = value.grid === undefined ? null : checkGrid(value.grid, issues);
  const random = value.random === undefined ? null : checkRandom(value.random, issues);
  if (value.evaluate === undefined) issues.push({ path: 'sweep.evaluate', message: 'sweep.evaluate is required: { budget: queries per search, seeds: search seeds } (benchmarks, baselines and at are optional)' });
  const evaluate = value.evaluate === undefined ? null : checkEvaluation(value.evaluate, trainingBenchmarks, issues);
  if (issues.length > before || !evaluate) return null;
  const size = sweepSize({ grid, random });
  if (size > MAX_SWEEP_CONFIGURATIONS) {
    const factors = Object.entries(grid ?? {}).map(([k, v]) => `${v.length} ${k}`).join(' × ');
    issues.push({ path: 'sweep.grid', message: `sweep.grid crosses ${factors} = ${size} configurations; at most ${MAX_SWEEP_CONFIGURATIONS} are allowed` });
    return null;
  }
  if (agent) {
    const longest = sweepAgentName(agent.name, size - 1, Math.max(0, ...seeds), seeds.length);
    if (!AGENT_NAME_PATTERN.test(longest)) {
      issues.push({ path: 'agent.name', message: `agent.name "${agent.name}" is too long for a sweep: its agents are named like ${longest} (at most 64 characters)` });
    }
  }
  return { grid, random, evaluate, confirm: base.confirm as boolean };
}

// ── expansion ──────────────────────────────────────────────────────────────

/** mulberry32: a small seeded generator, so the same `random.seed` always draws the same configurations. */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One draw from a range: integers rounded, reals to 4 significant digits (readable labels), both kept inside the range. */
function draw(range: SweepRange, integer: boolean, u: number): number {
  const raw = range.scale === 'log' ? Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min))) : range.min + u * (range.max - range.min);
  const rounded = integer ? Math.round(raw) : Number(raw.toPrecision(4));
  return Math.min(range.max, Math.max(range.min, rounded));
}

function formatValue(value: SweepValue): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : value;
}

function labelOf(values: Record<string, SweepValue>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
}

/** The sweep's configurations in a fixed order: a grid with its first parameter outermost; random draws in draw order (parameters by name). */
export function sweepConfigurations(spec: Pick<SweepSpec, 'grid' | 'random'>): SweepConfiguration[] {
  let points: Record<string, SweepValue>[] = [{}];
  if (spec.random) {
    const next = seededUniform(spec.random.seed);
    const names = Object.keys(spec.random.ranges).sort();
    points = Array.from({ length: spec.random.draws }, () =>
      Object.fromEntries(names.map((name) => [name, draw(spec.random!.ranges[name]!, paramSpec(name)!.type === 'integer', next())])),
    );
  } else {
    for (const [name, values] of Object.entries(spec.grid ?? {})) {
      points = points.flatMap((point) => values.map((value) => ({ ...point, [name]: value })));
    }
  }
  return points.map((values, index) => ({ index, label: labelOf(values), values }));
}

/** The parameters a sweep varies and how to draw their axis: log where drawn in the log or where grid values span a factor of 10 or more. */
export function sweepAxes(spec: Pick<SweepSpec, 'grid' | 'random'>): { param: string; scale: SweepScale }[] {
  if (spec.random) return Object.entries(spec.random.ranges).sort(([a], [b]) => a.localeCompare(b)).map(([param, r]) => ({ param, scale: r.scale }));
  return Object.entries(spec.grid ?? {}).map(([param, values]) => ({ param, scale: gridScale(values) }));
}

/** How a grid's values are spaced: log where they are all positive numbers spanning a factor of 10 or more. */
export function gridScale(values: readonly unknown[]): SweepScale {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const logarithmic = numbers.length === values.length && numbers.length > 1 && Math.min(...numbers) > 0 && Math.max(...numbers) / Math.min(...numbers) >= 10;
  return logarithmic ? 'log' : 'linear';
}

/** The agent block with one configuration applied: its hyperparameter overrides and its training budget. */
export function applyConfiguration(agent: AgentTrainingSpec, configuration: SweepConfiguration): { overrides: Partial<AgentHyperparameters>; budget: TrainBudget } {
  const overrides: Record<string, SweepValue> = { ...agent.overrides };
  const budget: TrainBudget = { ...agent.budget };
  for (const [name, value] of Object.entries(configuration.values)) {
    if (!BUDGET_PARAMS.includes(name)) overrides[name] = value;
    else if (name === 'minutes') budget.seconds = (value as number) * 60;
    else budget[name as 'envSteps' | 'learnerSteps'] = value as number;
  }
  return { overrides: overrides as Partial<AgentHyperparameters>, budget };
}

/** The agent one training run of a sweep registers: configuration and seed in its name. */
export function sweepAgentName(base: string, configuration: number, seed: number, seedCount: number): string {
  return seedCount > 1 ? `${base}-c${configuration}-seed${seed}` : `${base}-c${configuration}`;
}

/** How much longer "train this one longer" trains by default. */
export const TRAIN_LONGER_FACTOR = 4;

/**
 * "Train this one longer": a plain train-agent experiment (no sweep) of one configuration, its
 * values written as the agent's hyperparameters and its training budget `factor` times longer,
 * on the sweep's training tables, one seed; the agent name says where it came from.
 */
export function trainLongerSource(
  config: { name: string; benchmark: string; benchmarks?: string[]; agent: AgentTrainingSpec; sweep: SweepSpec },
  configurationIndex: number,
  factor = TRAIN_LONGER_FACTOR,
): Record<string, unknown> {
  const configuration = sweepConfigurations(config.sweep)[configurationIndex];
  if (!configuration) throw new Error(`the sweep has no configuration ${configurationIndex}`);
  const { overrides, budget } = applyConfiguration(config.agent, configuration);
  const longer: Record<string, number> = {};
  if (budget.seconds !== undefined) longer.minutes = Math.round(((budget.seconds * factor) / 60) * 1e6) / 1e6;
  if (budget.envSteps !== undefined) longer.envSteps = budget.envSteps * factor;
  if (budget.learnerSteps !== undefined) longer.learnerSteps = budget.learnerSteps * factor;
  const benchmarks = config.benchmarks && config.benchmarks.length > 1 ? { benchmarks: config.benchmarks } : { benchmark: config.benchmark };
  return {
    kind: 'train-agent',
    name: `${config.name}: ${configuration.label}, ${factor}× longer`.slice(0, 200),
    ...benchmarks,
    seeds: [0],
    agent: {
      name: `${config.agent.name}-c${configuration.index}-long`.slice(0, 64),
      preset: config.agent.preset,
      ...(Object.keys(overrides).length > 0 ? { hyper: overrides } : {}),
      budget: longer,
    },
  };
}
