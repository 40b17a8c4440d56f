/**
 * Experiment configs: the one schema every experiment is validated against, and its
 * expansion into runs (searchers × seeds). Shared by main and renderer.
 */
import { checkField, checkObject, isPlainObject, type ObjectSpec, type ValidationIssue } from './schema.ts';

export const SEARCHER_KINDS = ['random-search', 'random-walk', 'local-search', 'regularized-evolution'] as const;
export type SearcherKind = (typeof SEARCHER_KINDS)[number];

/** Parameters of each searcher kind, with their defaults. */
export const SEARCHER_PARAMS: Record<SearcherKind, ObjectSpec> = {
  'random-search': {},
  'random-walk': {},
  'local-search': {
    init: { type: 'integer', default: 10, min: 1, max: 100000, doc: 'random architectures queried before the first neighbourhood scan (NASLib num_init)' },
  },
  'regularized-evolution': {
    population: { type: 'integer', default: 30, min: 2, max: 100000, doc: 'population size (oldest member dies each cycle)' },
    sampleSize: { type: 'integer', default: 10, min: 1, max: 100000, doc: 'tournament size; the best of the sample is mutated' },
  },
};

export const MAX_SEEDS = 10000;
export const MAX_BUDGET = 10_000_000;

const EXPERIMENT_SPEC: ObjectSpec = {
  name: { type: 'string', required: true, minLength: 1, maxLength: 200, doc: 'a name for the experiment' },
  description: { type: 'string', default: '', maxLength: 10000, doc: 'free text' },
  benchmark: { type: 'string', required: true, minLength: 1, doc: 'the name of a registered benchmark (archwalk benchmark list)' },
  budget: { type: 'integer', required: true, min: 1, max: MAX_BUDGET, doc: 'distinct architectures each run may query' },
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
  name: string;
  description: string;
  benchmark: string;
  budget: number;
  queryDelayMs: number;
  seeds: number[];
  searchers: SearcherSpec[];
}

/** Everything one run needs; stored with the run so every number traces back. */
export interface RunConfig {
  experiment: string;
  benchmark: string;
  budget: number;
  queryDelayMs: number;
  seed: number;
  searcher: SearcherSpec;
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
  const seeds: number[] = [];
  value.forEach((seed, i) => {
    const checked = checkField(`seeds[${i}]`, { type: 'integer', min: 0, max: 2 ** 32 - 1, doc: 'a seed' }, seed, issues);
    if (typeof checked === 'number') {
      if (seeds.includes(checked)) issues.push({ path: `seeds[${i}]`, message: `seeds[${i}] repeats seed ${checked}` });
      seeds.push(checked);
    }
  });
  return seeds;
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
    const spec = SEARCHER_PARAMS[kind as SearcherKind];
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
  const base = checkObject('', EXPERIMENT_SPEC, raw, issues, ['seeds', 'searchers']);
  if (!isPlainObject(raw)) return { ok: false, issues };
  const seeds = checkSeeds(raw.seeds, issues);
  const searchers = checkSearchers(raw.searchers, issues);
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    config: {
      name: base.name as string,
      description: (base.description as string) ?? '',
      benchmark: base.benchmark as string,
      budget: base.budget as number,
      queryDelayMs: base.queryDelayMs as number,
      seeds,
      searchers,
    },
  };
}

/** One experiment expands to searchers × seeds runs, searcher-major. */
export function expandRuns(config: ExperimentConfig): RunConfig[] {
  return config.searchers.flatMap((searcher) =>
    config.seeds.map((seed) => ({
      experiment: config.name,
      benchmark: config.benchmark,
      budget: config.budget,
      queryDelayMs: config.queryDelayMs,
      seed,
      searcher,
    })),
  );
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
