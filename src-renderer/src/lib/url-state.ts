/**
 * View settings kept in the address (`#/experiments/3?metric=valid&band=std&sort=-test`), so a
 * view can be linked, bookmarked and reloaded as it was. Each setting is a ref: it starts from
 * the address (or its default, when the address lacks it or holds something it cannot read) and
 * writes itself back when it changes, without adding history entries; a default is left out of
 * the address. The router's replaceRoute keeps these settings when a view changes its own
 * route options (Compare's experiments and runs).
 */
import { ref, watch, type Ref } from 'vue';
import { hashQuery, replaceViewSettings } from '../router.ts';
import { formatSort, parseSort, type SortState } from './table-query.ts';

export interface Codec<T> {
  /** The value a parameter's text stands for, or undefined when it is not one. */
  parse(text: string): T | undefined;
  format(value: T): string;
  equal?(a: T, b: T): boolean;
}

/** Reads and writes one setting; `fallback` is its default (a function where the default depends on loaded data). */
export function useUrlState<T>(key: string, fallback: Exclude<T, (...args: never[]) => unknown> | (() => T), codec: Codec<T>): Ref<T> {
  const fallbackValue = (): T => (typeof fallback === 'function' ? (fallback as () => T)() : fallback);
  const text = hashQuery().get(key);
  const parsed = text === null ? undefined : codec.parse(text);
  const state = ref(parsed === undefined ? fallbackValue() : parsed) as Ref<T>;
  const equal = codec.equal ?? ((a: T, b: T) => a === b);
  watch(
    state,
    (value) => replaceViewSettings({ [key]: equal(value, fallbackValue()) ? null : codec.format(value) }),
    { deep: true, flush: 'post' },
  );
  return state;
}

export const textCodec: Codec<string> = { parse: (t) => t, format: (v) => v };
/** A number from 0 to 1 (a smoothing weight). */
export const fractionCodec: Codec<number> = { parse: (t) => (/^(0(\.\d+)?|1)$/.test(t) ? Number(t) : undefined), format: (v) => String(v) };
/** A whole number (a count, a seed). */
export const wholeCodec: Codec<number> = { parse: (t) => (/^\d{1,15}$/.test(t) ? Number(t) : undefined), format: (v) => String(v) };
export const flagCodec: Codec<boolean> = { parse: (t) => (t === '1' ? true : t === '0' ? false : undefined), format: (v) => (v ? '1' : '0') };
export function choiceCodec<T extends string>(values: readonly T[]): Codec<T> {
  return { parse: (t) => (values as readonly string[]).includes(t) ? (t as T) : undefined, format: (v) => v };
}
export function sortCodec(keys: readonly string[]): Codec<SortState | null> {
  return {
    parse: (t) => parseSort(t, keys) ?? undefined,
    format: (v) => formatSort(v),
    equal: (a, b) => formatSort(a) === formatSort(b),
  };
}

/** A table's filter text and sort, kept in the address under `prefix` (`filter`, `sort`; `runsFilter`, … with a prefix). */
export function useTableState(keys: readonly string[], defaults: { sort?: SortState | null; prefix?: string } = {}): { filter: Ref<string>; sort: Ref<SortState | null> } {
  const name = (k: string): string => (defaults.prefix ? `${defaults.prefix}${k[0]!.toUpperCase()}${k.slice(1)}` : k);
  return {
    filter: useUrlState(name('filter'), '', textCodec),
    sort: useUrlState(name('sort'), defaults.sort ?? null, sortCodec(keys)),
  };
}
