/**
 * Sorting and filtering for every table of the app (runs, experiments, agents, benchmarks): one
 * pure helper, so every table sorts and filters the same way.
 *
 * A table declares its columns: a key (also the filter's field name and the URL's sort key), a
 * label, and the value each row has in it. Sorting compares numbers as numbers and text in
 * natural order (run-2 before run-10); rows without a value go last in both directions, and ties
 * keep their incoming order. The filter is text: words match any column's text (every word must
 * match somewhere), `key:word` matches one column (`status:failed seed:3`), `key>x` / `key<x`
 * compare a numeric column (`test>90`).
 */

export type CellValue = string | number | null | undefined;

export interface TableColumn<T> {
  key: string;
  label: string;
  value: (row: T) => CellValue;
  /** What the filter matches (defaults to the value as text). */
  text?: (row: T) => string;
}

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: string;
  dir: SortDirection;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

const missing = (v: CellValue): boolean => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** A new array sorted by one column; rows without a value last, ties in their incoming order. */
export function sortRows<T>(rows: readonly T[], columns: readonly TableColumn<T>[], sort: SortState | null): T[] {
  const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
  if (!sort || !column) return [...rows];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: column.value(row) }))
    .sort((a, b) => {
      const am = missing(a.value);
      const bm = missing(b.value);
      if (am || bm) return am === bm ? a.index - b.index : am ? 1 : -1;
      return sign * compareValues(a.value, b.value) || a.index - b.index;
    })
    .map((e) => e.row);
}

/** A header click: a new column sorts in its natural direction (numbers high first), the same column flips, a third click clears. */
export function nextSort(current: SortState | null, key: string, firstDir: SortDirection): SortState | null {
  if (!current || current.key !== key) return { key, dir: firstDir };
  return current.dir === firstDir ? { key, dir: firstDir === 'asc' ? 'desc' : 'asc' } : null;
}

/** `aria-sort` for a header cell. */
export function ariaSort(sort: SortState | null, key: string): 'ascending' | 'descending' | 'none' {
  return sort?.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
}

type Term = { kind: 'any'; word: string } | { kind: 'field'; key: string; word: string } | { kind: 'compare'; key: string; op: '<' | '>'; bound: number };

/** The filter text as terms; `key:` and `key>`/`key<` apply only to keys of the table's columns. */
export function parseFilter(text: string, keys: readonly string[]): Term[] {
  const terms: Term[] = [];
  for (const token of text.trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    const field = /^([a-z][\w-]*):(.+)$/.exec(token);
    if (field && keys.includes(field[1]!)) {
      terms.push({ kind: 'field', key: field[1]!, word: field[2]! });
      continue;
    }
    const cmp = /^([a-z][\w-]*)([<>])(-?\d+(?:\.\d+)?)$/.exec(token);
    if (cmp && keys.includes(cmp[1]!)) {
      terms.push({ kind: 'compare', key: cmp[1]!, op: cmp[2] as '<' | '>', bound: Number(cmp[3]) });
      continue;
    }
    terms.push({ kind: 'any', word: token });
  }
  return terms;
}

function cellText<T>(column: TableColumn<T>, row: T): string {
  if (column.text) return column.text(row).toLowerCase();
  const v = column.value(row);
  return missing(v) ? '' : String(v).toLowerCase();
}

/** The rows every term of the filter matches. */
export function filterRows<T>(rows: readonly T[], columns: readonly TableColumn<T>[], text: string): T[] {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const terms = parseFilter(text, [...byKey.keys()]);
  if (terms.length === 0) return [...rows];
  return rows.filter((row) =>
    terms.every((term) => {
      if (term.kind === 'any') return columns.some((c) => cellText(c, row).includes(term.word));
      const column = byKey.get(term.key)!;
      if (term.kind === 'field') return cellText(column, row).includes(term.word);
      const v = column.value(row);
      return typeof v === 'number' && (term.op === '>' ? v > term.bound : v < term.bound);
    }),
  );
}

/** Filter, then sort: what a table shows. */
export function tableRows<T>(rows: readonly T[], columns: readonly TableColumn<T>[], query: { filter: string; sort: SortState | null }): T[] {
  return sortRows(filterRows(rows, columns, query.filter), columns, query.sort);
}

/** The sort as the URL keeps it: `test` (ascending) or `-test` (descending). */
export function formatSort(sort: SortState | null): string {
  return sort ? `${sort.dir === 'desc' ? '-' : ''}${sort.key}` : '';
}
export function parseSort(text: string | null | undefined, keys: readonly string[]): SortState | null {
  if (!text) return null;
  const desc = text.startsWith('-');
  const key = desc ? text.slice(1) : text;
  return keys.includes(key) ? { key, dir: desc ? 'desc' : 'asc' } : null;
}
