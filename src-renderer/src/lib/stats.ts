/**
 * The renderer's curve helpers that are about display only: the grid of queries a chart is
 * evaluated at, and the budgets a user types. The statistic itself (what a run contributes at a
 * budget, mean ± s.e.) is shared/curve-stats.ts, the same one the CLI and reports use.
 */
export type { CurveMetric } from '#shared/curve-stats.ts';

/**
 * Queries to evaluate aggregates at: every query up to `maxPoints`, otherwise evenly
 * (or, for a log axis, geometrically) spaced ones; `extra` (the chosen budgets) are always in.
 */
export function queryGrid(budget: number, options: { log?: boolean; maxPoints?: number; extra?: readonly number[] } = {}): number[] {
  const maxPoints = options.maxPoints ?? 1000;
  const end = Math.max(1, Math.floor(budget));
  const set = new Set<number>();
  if (end <= maxPoints) {
    for (let q = 1; q <= end; q++) set.add(q);
  } else if (options.log) {
    const ratio = Math.log(end) / (maxPoints - 1);
    for (let i = 0; i < maxPoints; i++) set.add(Math.min(end, Math.max(1, Math.round(Math.exp(i * ratio)))));
  } else {
    for (let i = 0; i < maxPoints; i++) set.add(Math.max(1, Math.round(1 + (i * (end - 1)) / (maxPoints - 1))));
  }
  for (const q of options.extra ?? []) if (q >= 1 && q <= end) set.add(Math.floor(q));
  set.add(end);
  return [...set].sort((a, b) => a - b);
}

/** Parses "10, 50, 150" into budgets within 1..max; the message says what was wrong. */
export function parseBudgets(text: string, max: number): { budgets: number[]; error: string | null } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const budgets: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1) return { budgets, error: `"${part}" is not a whole number of queries` };
    if (n > max) return { budgets, error: `${n} is beyond the budget of ${max} queries` };
    if (!budgets.includes(n)) budgets.push(n);
  }
  budgets.sort((a, b) => a - b);
  return { budgets, error: budgets.length === 0 ? 'name at least one budget, e.g. 10, 50, 100' : null };
}
