/** Display formats shared by the views. Accuracies travel as fractions in [0, 1]. */

export const DASH = '—';

export function pct(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction) ? DASH : `${(fraction * 100).toFixed(2)}%`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local time as `YYYY-MM-DD HH:mm`: sortable by eye and the same width in every row. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Full local time with seconds, for tooltips. */
export function dateTimeLong(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function duration(fromIso: string | null | undefined, toIso: string | null | undefined, now = Date.now()): string {
  if (!fromIso) return DASH;
  const from = new Date(fromIso).getTime();
  const to = toIso ? new Date(toIso).getTime() : now;
  if (!Number.isFinite(from) || !Number.isFinite(to)) return DASH;
  let s = Math.max(0, Math.round((to - from) / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return h > 0 ? `${h}h ${pad(m)}m` : m > 0 ? `${m}m ${pad(s)}s` : `${s}s`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? DASH : n.toLocaleString('en-US');
}

/** A run's progress, "queries / budget"; a run without a query budget (an agent's training run) shows its count alone, not "1,686 / 0". */
export function queriesOfBudget(queries: number | null | undefined, budget: number | null | undefined): string {
  return budget ? `${count(queries)} / ${count(budget)}` : count(queries);
}

export function shortHash(hash: string | null | undefined, length = 12): string {
  if (!hash) return DASH;
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

/** `MM-DD HH:mm` within the current year, else `YYYY-MM-DD`: for narrow table columns. */
export function shortDateTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (d.getFullYear() !== now.getFullYear()) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A byte count in SI units: `812 B`, `12.3 MB`, `1.20 GB`. */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

/** An amount of some unit, as the import-progress pushes report it (`bytes` get units). */
export function amount(n: number | null | undefined, unit: string): string {
  return unit === 'bytes' ? bytes(n) : `${count(n)} ${unit}`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A count that may be astronomically large (a surrogate's space): `15,625`, or `1.08 × 10¹⁸` from a billion on. */
export function bigCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || Math.abs(n) < 1e9) return count(n);
  const e = Math.floor(Math.log10(Math.abs(n)));
  const mantissa = n / 10 ** e;
  return `${mantissa.toFixed(2)} × 10${String(e)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('')}`;
}
