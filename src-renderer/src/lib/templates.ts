/**
 * Starting points for the New-experiment page. Each fills in a registered benchmark of the
 * space it needs (a new home has the shipped NB201 and NB101 tables, so those templates queue
 * as they are); a template whose needs the home does not meet (an NB301 surrogate, a trained
 * agent) says what is missing through `missing`, and the page offers it disabled.
 */
import type { AgentInfo, BenchmarkInfo } from '#shared/api.ts';
import { count } from './format.ts';

export interface TemplateContext {
  benchmarks: readonly BenchmarkInfo[];
  agents: readonly AgentInfo[];
  /** For the comparison template: the trained agent to compare. */
  agent?: string;
}

export interface Template {
  key: string;
  title: string;
  summary: string;
  build(ctx: TemplateContext): string;
  /** Why the template cannot be queued in this home yet (null: it can, as it is). */
  missing(ctx: TemplateContext): string | null;
  /** Shown after queueing: what to do next (e.g. compare the agent once it is trained). */
  next?: (yamlText: string) => NextStep | null;
}

export interface NextStep {
  text: string;
  template: string;
  agent: string;
}

const IMPORT_HINT: Record<string, string> = {
  nb101: 'archwalk benchmark import nb101 nasbench_only108.tfrecord   (or Benchmarks → Import)',
  nb201: 'archwalk benchmark import nb201 cifar10_avg.csv --name nb201-cifar10   (or Benchmarks → Import)',
  nb301: 'register a NAS-Bench-301 surrogate benchmark first (see Benchmarks)',
};

/** The preferred benchmark when registered, else the largest registered one of the space. */
export function templateBenchmark(ctx: Pick<TemplateContext, 'benchmarks'>, space: string, preferred: string): BenchmarkInfo | null {
  const ofSpace = ctx.benchmarks.filter((b) => b.space === space);
  return ofSpace.find((b) => b.name === preferred) ?? [...ofSpace].sort((a, b) => b.size - a.size)[0] ?? null;
}

function benchmarkLine(ctx: TemplateContext, space: string, preferred: string): string {
  const found = templateBenchmark(ctx, space, preferred);
  if (found) return `benchmark: ${found.name}`;
  return `benchmark: ${preferred}   # not registered yet: ${IMPORT_HINT[space] ?? 'import it first'}`;
}

const SPACE_NAMES: Record<string, string> = { nb101: 'NAS-Bench-101', nb201: 'NAS-Bench-201', nb301: 'NAS-Bench-301 (DARTS)' };

/** For templates that need a benchmark of a space: what is missing when the home has none. */
function needsSpace(space: string): (ctx: TemplateContext) => string | null {
  return (ctx) => (ctx.benchmarks.some((b) => b.space === space) ? null : `needs a ${SPACE_NAMES[space] ?? space} benchmark: ${IMPORT_HINT[space] ?? 'import one under Benchmarks'}`);
}

function needsAgent(ctx: TemplateContext): string | null {
  return ctx.agents.length > 0 ? null : 'needs a trained agent: queue “Train an agent, then compare” or “Transfer study” first';
}

const BASELINES = ['  - kind: random-search', '  - kind: random-walk', '  - kind: local-search', '    init: 10', '  - kind: regularized-evolution', '    population: 30', '    sampleSize: 10'];

function agentNameOf(text: string): string | null {
  const match = /^\s*name:\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*$/m.exec(text.split(/^agent:\s*$/m)[1] ?? '');
  return match?.[1] ?? null;
}

/** Step 2 of a training template: the template that evaluates the agent the config trains, and what it does. */
function thenEvaluate(template: string, what: string): (text: string) => NextStep | null {
  return (text) => {
    const agent = agentNameOf(text);
    return agent ? { text: `When ${agent} is trained, ${what}.`, template, agent } : null;
  };
}
const compareNext = thenEvaluate('compare-agent', 'compare it with the baselines at equal query budgets');
const transferNext = thenEvaluate('transfer-compare', 'evaluate it against the baselines on the held-out tables and on its training table');

/** The transfer study trains on CIFAR-10 of the shipped 12-epoch NB201 tables and holds out the other two. */
const TRANSFER_TRAIN = 'nb201-12ep-cifar10';
const TRANSFER_TARGETS = ['nb201-12ep-cifar10', 'nb201-12ep-cifar100', 'nb201-12ep-imagenet16'];

/** Every registered table of the agent's space, its training tables first (in-sample), the rest held out. */
function transferTargets(ctx: TemplateContext, agent: AgentInfo | null): string[] {
  if (!agent) return TRANSFER_TARGETS;
  const trained = agent.trainedOn.map((t) => t.benchmark);
  const others = ctx.benchmarks.filter((b) => b.space === agent.space && !trained.includes(b.name)).map((b) => b.name);
  return [...trained, ...others];
}

/** What the NB101 template trains on, said plainly (the shipped table is not the paper's). */
function nb101Description(ctx: TemplateContext): string {
  const table = templateBenchmark(ctx, 'nb101', 'nb101');
  if (!table) return 'the official NAS-Bench-101 table';
  return table.size < 423_624 ? `${table.name}, ${count(table.size)} cells (a subset, not the paper's 423,624-cell table)` : `${table.name}, the full table`;
}

function uniqueAgentName(ctx: TemplateContext, base: string): string {
  const taken = new Set(ctx.agents.map((a) => a.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** A base name none of whose sweep agents (`base-c0-seed0`, …) exists yet. */
function uniqueSweepName(ctx: TemplateContext, base: string): string {
  const taken = (name: string): boolean => ctx.agents.some((a) => a.name.startsWith(`${name}-c`));
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

/** For templates that name one shipped table: what is missing when this home lacks it. */
function needsBenchmark(name: string): (ctx: TemplateContext) => string | null {
  return (ctx) => (ctx.benchmarks.some((b) => b.name === name) ? null : `needs ${name}, which ships with archwalk but is not registered in this home (it was removed)`);
}

/**
 * A sweep of cpu-small agents trained on one table and evaluated on it against the baselines,
 * 30 search seeds × 100 queries. Sized so that the training (agents × minutes) stays within the
 * default sweep limit of 120 minutes.
 */
function sweepTemplate(ctx: TemplateContext, fields: { name: string; description: string; benchmark: string; agent: string; grid: string[]; seeds: number; minutes: number }): string {
  return [
    'kind: train-agent',
    `name: ${fields.name}`,
    `description: ${fields.description}`,
    `benchmark: ${fields.benchmark}`,
    `seeds: ${fields.seeds}              # training seeds: each configuration trains this many agents`,
    'agent:',
    `  name: ${uniqueSweepName(ctx, fields.agent)}            # agents are named ${fields.agent}-c<configuration>-seed<seed>`,
    '  preset: cpu-small',
    '  budget:',
    `    minutes: ${fields.minutes}`,
    'sweep:',
    '  grid:                 # or random: { draws: 10, seed: 0, ranges: { rewardAlpha: { min: 1, max: 50, scale: log } } }',
    ...fields.grid.map((line) => `    ${line}`),
    '  evaluate:             # each trained agent searches these tables, next to the baselines',
    `    benchmarks: [${fields.benchmark}]`,
    '    budget: 100',
    '    seeds: 30',
    '    at: [25, 50, 100]',
    '    baselines: [random-search, local-search, regularized-evolution]',
    '',
  ].join('\n');
}

const ALPHA_GRID = ['rewardAlpha: [1, 3, 6, 12, 25, 50]'];
const ALPHA_SUMMARY = (table: string) =>
  `Is the agent sensitive to the reward-shaping α, as the paper says? Trains cpu-small agents on ${table} (shipped) for α = 1, 3, 6, 12, 25, 50 — 3 agents each, 3 minutes apiece (54 minutes of training) — and evaluates every agent as a searcher on the same table (in-sample), 30 seeds × 100 queries, beside random search, local search and regularized evolution, without further clicks.`;

/** A trained agent (the one asked for, else the newest) against the four baselines, 20 seeds. */
function agentAgainstBaselines(
  ctx: TemplateContext,
  fields: (agent: AgentInfo | null, name: string) => { name: string; description: string; benchmarks: string; budget: number },
): string {
  const agent = ctx.agents.find((a) => a.name === ctx.agent) ?? (ctx.agent ? null : ctx.agents[0]) ?? null;
  const name = agent?.name ?? ctx.agent ?? 'AGENT-NAME';
  const f = fields(agent, name);
  return [
    `name: ${f.name}`,
    `description: ${f.description}`,
    f.benchmarks,
    `budget: ${f.budget}`,
    'seeds: 20',
    'searchers:',
    '  - kind: agent',
    `    checkpoint: ${name}${agent ? '' : '   # the name of a trained agent (see Agents)'}`,
    '    epsilon: 0',
    ...BASELINES,
    '',
  ].join('\n');
}

export const TEMPLATES: readonly Template[] = [
  {
    key: 'quick-demo',
    title: 'Quick demo',
    summary:
      'Three searchers × 3 seeds × 50 queries on NAS-Bench-201 (nb201-cifar10, shipped: 200-epoch CIFAR-10 accuracies), each query slowed by 0.1 s so the curves grow visibly: 9 runs of about 5 s each.',
    missing: needsSpace('nb201'),
    build: (ctx) =>
      [
        'name: quick demo',
        'description: three searchers on NAS-Bench-201, slowed down to watch the curves grow',
        benchmarkLine(ctx, 'nb201', 'nb201-cifar10'),
        'budget: 50',
        'seeds: 3',
        'queryDelayMs: 100    # wait after each query, to watch the search live (0 = full speed)',
        'searchers:',
        '  - kind: random-search',
        '  - kind: local-search',
        '    init: 10',
        '  - kind: regularized-evolution',
        '    population: 20',
        '    sampleSize: 5',
        '',
      ].join('\n'),
  },
  {
    key: 'baselines',
    title: 'Baselines study',
    summary:
      'Random search, random walk, local search and regularized evolution on NAS-Bench-201 (nb201-cifar10, shipped), 20 seeds × 150 queries each, at equal query budgets: 80 table-lookup runs, seconds in all.',
    missing: needsSpace('nb201'),
    build: (ctx) =>
      [
        'name: baselines study',
        'description: the four classic searchers at equal query budgets',
        benchmarkLine(ctx, 'nb201', 'nb201-cifar10'),
        'budget: 150          # distinct architectures each run may query',
        'seeds: 20',
        'searchers:',
        ...BASELINES,
        '',
      ].join('\n'),
  },
  {
    key: 'bananas',
    title: 'BANANAS against the baselines',
    summary:
      'BANANAS (White et al. 2021: an ensemble of neural predictors on the path encoding, Thompson sampling, NASLib’s defaults) against random search, local search and regularized evolution on NAS-Bench-201 (nb201-cifar10, shipped), 10 seeds × 100 queries. Its predictors train on the ML backend: about 30 s per BANANAS run on a CPU with the wasm backend, so some 5 minutes in all.',
    missing: needsSpace('nb201'),
    build: (ctx) =>
      [
        'name: bananas against the baselines',
        'description: a predictor-based searcher (BANANAS) against the classic searchers at equal query budgets',
        benchmarkLine(ctx, 'nb201', 'nb201-cifar10'),
        'budget: 100',
        'seeds: 10',
        'searchers:',
        '  - kind: random-search',
        '  - kind: local-search',
        '  - kind: regularized-evolution',
        '  - kind: bananas      # NASLib defaults; each can be set',
        '    k: 10',
        '    acquisition: its',
        '',
      ].join('\n'),
  },
  {
    key: 'paper-nb101',
    title: 'Reproduce the paper on NB101',
    summary:
      'Step 1: train the transformer Q-network agent with the paper’s NAS-Bench-101 hyperparameters (preset paper-nb101: d = 256, N = 25, α = 6) for up to 12 hours (720 minutes). It trains on the largest NB101 table registered: in a new home that is nb101-5v-fmnist, the 2,532 cells with at most 5 vertices trained on Fashion-MNIST — not the paper’s 423,624-cell CIFAR-10 table (import nasbench_only108.tfrecord under Benchmarks for that). Step 2, once trained: compare it with the baselines.',
    missing: needsSpace('nb101'),
    build: (ctx) =>
      [
        'kind: train-agent',
        'name: paper NB101 agent',
        `description: the paper's NAS-Bench-101 agent (Cassimon et al. 2024; d = 256, N = 25, α = 6; Ape-X settings) trained on ${nb101Description(ctx)}; step 1 of 2`,
        benchmarkLine(ctx, 'nb101', 'nb101'),
        'seeds: 1',
        'agent:',
        `  name: ${uniqueAgentName(ctx, 'paper-nb101')}`,
        '  preset: paper-nb101   # every hyperparameter can be overridden under hyper:',
        '  budget:               # training stops at whichever limit comes first',
        '    minutes: 720',
        '  checkpointEverySeconds: 300',
        '',
      ].join('\n'),
    next: compareNext,
  },
  {
    key: 'paper-nb301',
    title: 'Reproduce the paper on NB301',
    summary:
      'Step 1: train the agent with the paper’s NAS-Bench-301 hyperparameters (preset paper-nb301, d = 512, N = 100, α = 32) for up to 12 hours (720 minutes) on an NB301 surrogate, which a new home does not have (import one under Benchmarks). Step 2: compare it with the baselines.',
    missing: needsSpace('nb301'),
    build: (ctx) =>
      [
        'kind: train-agent',
        'name: paper NB301 agent',
        'description: Cassimon et al. 2024 on NAS-Bench-301 (d = 512, N = 100, α = 32; Ape-X settings); step 1 of 2',
        benchmarkLine(ctx, 'nb301', 'nb301'),
        'seeds: 1',
        'agent:',
        `  name: ${uniqueAgentName(ctx, 'paper-nb301')}`,
        '  preset: paper-nb301',
        '  budget:',
        '    minutes: 720',
        '  checkpointEverySeconds: 300',
        '',
      ].join('\n'),
    next: compareNext,
  },
  {
    key: 'train-then-compare',
    title: 'Train an agent, then compare',
    summary:
      'Step 1: train a small agent on NAS-Bench-201 (nb201-cifar10, shipped) on the CPU (preset cpu-small, 10 minutes). Step 2, once trained: compare it with the baselines on the same table (in-sample).',
    missing: needsSpace('nb201'),
    build: (ctx) =>
      [
        'kind: train-agent',
        'name: train a small agent',
        'description: step 1 of 2; step 2 compares the trained agent with the baselines',
        benchmarkLine(ctx, 'nb201', 'nb201-cifar10'),
        'seeds: 1',
        'agent:',
        `  name: ${uniqueAgentName(ctx, 'walker')}`,
        '  preset: cpu-small',
        '  budget:',
        '    minutes: 10',
        '',
      ].join('\n'),
    next: compareNext,
  },
  {
    key: 'transfer-study',
    title: 'Transfer study',
    summary:
      'Does the agent learn to search, or learn the table? Step 1: train a small agent on NB201 CIFAR-10 (nb201-12ep-cifar10, 12 epochs, shipped; preset cpu-small, 10 minutes). Step 2: evaluate it against the baselines on CIFAR-100 and ImageNet16-120 (held out) and on CIFAR-10 (in-sample).',
    missing: (ctx) => (ctx.benchmarks.some((b) => b.name === TRANSFER_TRAIN) ? null : `needs ${TRANSFER_TRAIN}, which ships with archwalk but is not registered in this home (it was removed)`),
    build: (ctx) =>
      [
        'kind: train-agent',
        'name: transfer study — train',
        'description: step 1 of 2; step 2 evaluates the agent on tables it never saw (held out) and on its training table (in-sample)',
        `benchmark: ${ctx.benchmarks.some((b) => b.name === TRANSFER_TRAIN) ? TRANSFER_TRAIN : `${TRANSFER_TRAIN}   # ships with archwalk; registered in every new home`}`,
        '# or train on two tables of one space, each episode drawing one:',
        '# benchmarks: [nb201-12ep-cifar10, nb201-12ep-cifar100]',
        'seeds: 1',
        'agent:',
        `  name: ${uniqueAgentName(ctx, 'transfer-walker')}`,
        '  preset: cpu-small',
        '  budget:',
        '    minutes: 10',
        '',
      ].join('\n'),
    next: transferNext,
  },
  {
    key: 'alpha-ablation-nb201',
    title: 'α ablation (1 to 50) on NB201',
    summary: ALPHA_SUMMARY('nb201-cifar10'),
    missing: needsBenchmark('nb201-cifar10'),
    build: (ctx) =>
      sweepTemplate(ctx, {
        name: 'α ablation on nb201-cifar10',
        description: 'reward-shaping α from 1 to 50 (the paper says α matters most); cpu-small agents, 3 per α, evaluated in-sample against the baselines',
        benchmark: 'nb201-cifar10', agent: 'alpha-nb201', grid: ALPHA_GRID, seeds: 3, minutes: 3,
      }),
  },
  {
    key: 'alpha-ablation-nb101',
    title: 'α ablation (1 to 50) on NB101',
    summary: ALPHA_SUMMARY('nb101-5v-fmnist (the 2,532 NAS-Bench-101 cells with at most 5 vertices, on Fashion-MNIST)'),
    missing: needsBenchmark('nb101-5v-fmnist'),
    build: (ctx) =>
      sweepTemplate(ctx, {
        name: 'α ablation on nb101-5v-fmnist',
        description: 'reward-shaping α from 1 to 50 (the paper says α matters most); cpu-small agents, 3 per α, evaluated in-sample against the baselines',
        benchmark: 'nb101-5v-fmnist', agent: 'alpha-nb101', grid: ALPHA_GRID, seeds: 3, minutes: 3,
      }),
  },
  {
    key: 'gamma-n-grid',
    title: 'γ × N grid on NB201',
    summary:
      'The discount γ (0.8, 0.9, 0.99) crossed with N, the neighbours drawn per step (8, 16, 24): 9 configurations of cpu-small agents on nb201-cifar10 (shipped), 2 agents each, 3 minutes apiece (54 minutes of training), each evaluated in-sample over 30 seeds × 100 queries beside the baselines; the parallel-coordinates chart shows how the two interact.',
    missing: needsBenchmark('nb201-cifar10'),
    build: (ctx) =>
      sweepTemplate(ctx, {
        name: 'γ × N on nb201-cifar10',
        description: 'discount γ crossed with the neighbours drawn per step N; cpu-small agents, 2 per configuration, evaluated in-sample against the baselines',
        benchmark: 'nb201-cifar10', agent: 'gamma-n', grid: ['gamma: [0.8, 0.9, 0.99]', 'maxNeighbours: [8, 16, 24]'], seeds: 2, minutes: 3,
      }),
  },
  {
    key: 'transfer-compare',
    title: 'Evaluate an agent held out',
    summary:
      'A trained agent against the four classic searchers on every table of its space: held out where it was not trained, in-sample where it was. 20 seeds × 100 queries each. Needs a trained agent.',
    missing: needsAgent,
    build: (ctx) =>
      agentAgainstBaselines(ctx, (agent, name) => ({
        name: `${name} held out`,
        description: `${name} against the classic searchers; every result is labelled in-sample (its training table) or held-out`,
        benchmarks: `benchmarks: [${transferTargets(ctx, agent).join(', ')}]`,
        budget: 100,
      })),
  },
  {
    key: 'compare-agent',
    title: 'Compare an agent with the baselines',
    summary: 'A trained agent against the four classic searchers on its training benchmark (in-sample), 20 seeds × 150 queries. Needs a trained agent.',
    missing: needsAgent,
    build: (ctx) =>
      agentAgainstBaselines(ctx, (agent, name) => ({
        name: `${name} vs baselines`,
        description: `the trained agent ${name} against the classic searchers at equal query budgets`,
        benchmarks: agent?.benchmark ? `benchmark: ${agent.benchmark}` : benchmarkLine(ctx, 'nb201', 'nb201-cifar10'),
        budget: 150,
      })),
  },
];

export function templateByKey(key: string | null | undefined): Template | undefined {
  return TEMPLATES.find((t) => t.key === key);
}
