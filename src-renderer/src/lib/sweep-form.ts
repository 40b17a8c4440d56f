/**
 * The sweep part of the New-experiment form, as pure functions of the `sweep:` block as
 * written (raw YAML values, which may be invalid while the user types): which kind of sweep it
 * is, its rows, and the conversions when the user switches between a grid and random draws.
 * Conversions keep every parameter and never "fix" a value: what is wrong stays in the document
 * for the shared validator (shared/sweep.ts) to name at its path.
 */
import type { FieldSpec } from '#shared/schema.ts';
import { gridScale, RANDOM_SPEC, SWEEP_PARAMS, sweepSize, type SweepParam, type SweepScale } from '#shared/sweep.ts';

export type SweepMode = 'grid' | 'random';
/** A block, list or range as parsed from the YAML: anything may be missing or of the wrong type. */
export type Raw = Record<string, unknown>;
/** The value a parameter has now (agent.hyper, agent.budget or the preset): where a new sweep row starts. */
export type ValueNow = (param: SweepParam) => unknown;

/** How many values a range becomes in a grid: a few, since a grid crosses its lists. */
export const GRID_POINTS_FROM_RANGE = 4;

export const asRaw = (value: unknown): Raw => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {});

/** Random draws only when the block has `random` and no `grid` (with both, the validator complains and the grid is shown). */
export function sweepMode(block: Raw | null): SweepMode | null {
  if (!block) return null;
  return block.random !== undefined && block.grid === undefined ? 'random' : 'grid';
}

export function paramSpec(name: string): FieldSpec | undefined {
  return (SWEEP_PARAMS as Record<string, FieldSpec>)[name];
}

/** A parameter that can be drawn from a range: a number (a choice such as rewardRepeat can only be listed). */
export function isRangeable(name: string): boolean {
  const type = paramSpec(name)?.type;
  return type === 'integer' || type === 'number';
}

const numbersIn = (values: readonly unknown[]): number[] => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

/** Keeps a value inside the parameter's domain and, for an integer parameter, an integer. */
function fit(name: string, value: number): number {
  const spec = paramSpec(name);
  const min = spec && 'min' in spec && spec.min !== undefined ? spec.min : -Infinity;
  const max = spec && 'max' in spec && spec.max !== undefined ? spec.max : Infinity;
  const inside = Math.min(max, Math.max(min, value));
  return spec?.type === 'integer' ? Math.round(inside) : inside;
}

/** A first range for a parameter just added: half to twice its value now, drawn in the log; a flat range at 0 or below. */
export function rangeAround(name: string, value: unknown): { min: number; max: number; scale: SweepScale } {
  const spec = paramSpec(name);
  const v = typeof value === 'number' ? value : spec && 'min' in spec && spec.min !== undefined ? spec.min : 0;
  if (v <= 0) return { min: v, max: v, scale: 'linear' };
  const min = fit(name, v / 2);
  const max = fit(name, v * 2);
  return { min, max, scale: min > 0 && min < max ? 'log' : 'linear' };
}

/** A grid's list as a range: its smallest to its largest number, log where the values span a factor of 10 (as the results' axes are drawn). */
export function valuesToRange(name: string, values: unknown, now: unknown): Raw {
  const list = Array.isArray(values) ? values : [];
  const numbers = numbersIn(list);
  if (numbers.length === 0) return rangeAround(name, now);
  return { min: Math.min(...numbers), max: Math.max(...numbers), scale: gridScale(numbers) };
}

/** Two significant digits: the interior points of a list read like values a person would pick. */
const readable = (x: number): number => Number(x.toPrecision(2));

/** A range as a grid's list: its ends and evenly spaced points between (in the log for a log range), integers for an integer parameter. */
export function rangeToValues(name: string, range: unknown, now: unknown): unknown[] {
  const r = asRaw(range);
  const ends = numbersIn([r.min, r.max]);
  if (ends.length === 0) return [now];
  const [lo, hi] = [Math.min(...ends), Math.max(...ends)];
  if (lo === hi) return [lo];
  const log = r.scale === 'log' && lo > 0;
  const integer = paramSpec(name)?.type === 'integer';
  const values: number[] = [];
  for (let i = 0; i < GRID_POINTS_FROM_RANGE; i++) {
    const t = i / (GRID_POINTS_FROM_RANGE - 1);
    const x = i === 0 ? lo : i === GRID_POINTS_FROM_RANGE - 1 ? hi : log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
    const v = i === 0 || i === GRID_POINTS_FROM_RANGE - 1 ? x : integer ? Math.round(x) : readable(x);
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

/** The grid's parameters that cannot become ranges (choices): switching to random draws would lose them. */
export function unrangeable(grid: unknown): string[] {
  return Object.keys(asRaw(grid)).filter((name) => paramSpec(name) !== undefined && !isRangeable(name));
}

/** Random draws from a grid: a range per list, as many draws as the grid had configurations (so the work stays alike), seed 0. */
export function gridToRandom(grid: unknown, now: ValueNow): Raw {
  const lists = Object.entries(asRaw(grid)).map(([name, values]) => [name, Array.isArray(values) && values.length > 0 ? values : [now(name as SweepParam)]] as const);
  const size = sweepSize({ grid: Object.fromEntries(lists), random: null });
  const draws = Math.min(RANDOM_SPEC.draws.max, Math.max(RANDOM_SPEC.draws.min, size));
  return { draws, seed: 0, ranges: Object.fromEntries(lists.map(([name, values]) => [name, valuesToRange(name, values, now(name as SweepParam))])) };
}

/** A grid from random draws: a short list per range. */
export function randomToGrid(random: unknown, now: ValueNow): Raw {
  return Object.fromEntries(Object.entries(asRaw(asRaw(random).ranges)).map(([name, range]) => [name, rangeToValues(name, range, now(name as SweepParam))]));
}

/** "1, 3, 6" → [1, 3, 6]; words stay words (a choice such as rewardRepeat), so the validator names what is wrong. */
export function parseValuesText(text: string): Array<number | string> {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((t) => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : t));
}
export const valuesText = (values: unknown): string => (Array.isArray(values) ? values.join(', ') : '');

/** The issue paths the sweep form shows beside a field; the view lists the others under the form. */
export const SWEEP_FORM_PATHS = /^sweep(\.(grid(\.[A-Za-z]+(\[\d+\])?)?|random(\.(draws|seed|ranges(\.[A-Za-z]+(\.(min|max|scale))?)?))?|evaluate\.(budget|seeds)|confirm))?$/;
