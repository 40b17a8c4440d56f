/** Plain-text tables and numbers for the terminal. */
import { mean, standardError, valueAtQuery } from '../nas/stats.ts';
import type { CurvePoint } from '../shared/api.ts';

export function percent(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(digits)}`;
}

/** Sizes of enumerable tables exactly; spaces too large to enumerate (NB301 ~1e18) approximately. */
export function formatSize(size: number): string {
  return size < 1e12 ? String(size) : `≈${size.toExponential(2)}`;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export { reportBudgets } from '../shared/budgets.ts';

export interface SummaryRow {
  searcher: string;
  /** Per-budget values over seeds. */
  atBudget: Map<number, number[]>;
}

/** Mean ± standard error of the incumbent's test accuracy per searcher at each budget. */
export function summariseCurves(runs: { searcher: string; curve: CurvePoint[] }[], budgets: number[]): SummaryRow[] {
  const bySearcher = new Map<string, SummaryRow>();
  for (const run of runs) {
    let row = bySearcher.get(run.searcher);
    if (!row) {
      row = { searcher: run.searcher, atBudget: new Map(budgets.map((b) => [b, []])) };
      bySearcher.set(run.searcher, row);
    }
    for (const budget of budgets) {
      const value = valueAtQuery(run.curve, budget, 2);
      if (value !== null) row.atBudget.get(budget)!.push(value);
    }
  }
  return [...bySearcher.values()];
}

export function summaryTable(rows: SummaryRow[], budgets: number[]): string {
  return table(
    ['searcher', 'runs', ...budgets.map((b) => `@${b} test % (mean ± s.e.)`)],
    rows.map((row) => [
      row.searcher,
      String(Math.max(...[...row.atBudget.values()].map((v) => v.length))),
      ...budgets.map((b) => {
        const values = row.atBudget.get(b) ?? [];
        return values.length === 0 ? '—' : `${percent(mean(values))} ± ${percent(standardError(values))}`;
      }),
    ]),
  );
}

/**
 * Text the terminal shows as text: control characters (ESC and the rest of C0 but newline and
 * tab, DEL, C1) become `\u001b`-style escapes, so a name holding escape codes cannot recolour,
 * retitle or rewrite the user's terminal. Inside JSON strings the escape means the same
 * character, so JSON output stays valid and lossless.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
