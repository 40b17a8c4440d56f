/**
 * Validators of the config fields that both an experiment and its sweep's evaluation block
 * have (seeds, benchmarks, searchers); each reports problems under the path it is given.
 */
import { checkField, checkObject, isPlainObject, type ObjectSpec, type ValidationIssue } from './schema.ts';
import { SEARCHER_KINDS, SEARCHER_PARAMS, type SearcherKind } from './searcher-specs.ts';

export const MAX_SEEDS = 10000;

export interface SearcherSpec {
  kind: SearcherKind;
  /** Shown in tables and charts; defaults to the kind. Unique within an experiment. */
  label: string;
  params: Record<string, number | string | boolean>;
}

/** A count (0..n−1) or a list of distinct seeds; a missing value is [0]. */
export function checkSeeds(value: unknown, issues: ValidationIssue[], path = 'seeds'): number[] {
  if (value === undefined) return [0];
  if (typeof value === 'number') {
    const count = checkField(path, { type: 'integer', min: 1, max: MAX_SEEDS, doc: 'number of seeds' }, value, issues);
    return typeof count === 'number' && count >= 1 && count <= MAX_SEEDS ? Array.from({ length: count }, (_, i) => i) : [];
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path, message: `${path} must be a positive count (e.g. 20) or a non-empty list of integers (e.g. [0, 1, 2])` });
    return [];
  }
  // A list as long as the count allows; checked in linear time (a 1 MB list must not stall the server).
  if (value.length > MAX_SEEDS) {
    issues.push({ path, message: `${path} lists ${value.length} seeds; at most ${MAX_SEEDS} are allowed` });
    return [];
  }
  const seeds: number[] = [];
  const seen = new Set<number>();
  value.forEach((seed, i) => {
    const checked = checkField(`${path}[${i}]`, { type: 'integer', min: 0, max: 2 ** 32 - 1, doc: 'a seed' }, seed, issues);
    if (typeof checked === 'number') {
      if (seen.has(checked)) issues.push({ path: `${path}[${i}]`, message: `${path}[${i}] repeats seed ${checked}` });
      seen.add(checked);
      seeds.push(checked);
    }
  });
  return seeds;
}

/** `benchmark: x` or `benchmarks: [x, y]` (one of them), each name once. */
export function checkBenchmarks(single: unknown, list: unknown, issues: ValidationIssue[], listPath = 'benchmarks'): string[] {
  if (list === undefined) {
    if (single === undefined) issues.push({ path: 'benchmark', message: 'benchmark is required (the name of a registered benchmark), or benchmarks: [a, b] for several of one space' });
    return typeof single === 'string' ? [single] : [];
  }
  if (single !== undefined) {
    issues.push({ path: 'benchmarks', message: 'give either benchmark (one) or benchmarks (a list), not both' });
    return [];
  }
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({ path: listPath, message: `${listPath} must be a non-empty list of registered benchmark names, e.g. [nb201-12ep-cifar10, nb201-12ep-cifar100]` });
    return [];
  }
  const names: string[] = [];
  list.forEach((name, i) => {
    const checked = checkField(`${listPath}[${i}]`, { type: 'string', minLength: 1, doc: 'a registered benchmark' }, name, issues);
    if (typeof checked !== 'string') return;
    if (names.includes(checked)) issues.push({ path: `${listPath}[${i}]`, message: `${listPath}[${i}] repeats ${checked}` });
    names.push(checked);
  });
  return names;
}

/** A non-empty list of searchers (a bare kind is a searcher with default parameters), labels unique. */
export function checkSearchers(value: unknown, issues: ValidationIssue[], listPath = 'searchers'): SearcherSpec[] {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path: listPath, message: `${listPath} must be a non-empty list; each item has a kind (${SEARCHER_KINDS.join(', ')})` });
    return [];
  }
  const out: SearcherSpec[] = [];
  value.forEach((raw, i) => {
    const path = `${listPath}[${i}]`;
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
      issues.push({ path: `${listPath}[${i}].label`, message: `${listPath}[${i}] and ${listPath}[${prev}] share the label "${s.label}"; give one of them a distinct label` });
    }
    seen.set(s.label, i);
  });
  return out;
}


/** Worker tags: lowercase words a lab worker is started with (`archwalk worker --tags gpu,a100`). */
export const TAG_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/;
export const MAX_TAGS = 16;

/** `requires: [gpu]`: the tags a worker must have to take the experiment's runs; a missing value is []. */
export function checkRequires(value: unknown, issues: ValidationIssue[], path = 'requires'): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_TAGS) {
    issues.push({ path, message: `${path} must be a list of at most ${MAX_TAGS} worker tags (e.g. [gpu]): a run is taken only by workers started with all of them` });
    return [];
  }
  const tags: string[] = [];
  value.forEach((tag, i) => {
    if (typeof tag !== 'string' || !TAG_PATTERN.test(tag)) {
      issues.push({ path: `${path}[${i}]`, message: `${path}[${i}] must be a tag: lowercase letters, digits, '.', '_' or '-', at most 40 characters (got ${JSON.stringify(tag)?.slice(0, 60)})` });
    } else if (!tags.includes(tag)) {
      tags.push(tag);
    }
  });
  return tags.sort();
}
