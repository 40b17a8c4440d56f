/** Plain-text tables and numbers for the terminal. */
import type { CurvePoint } from '#shared/api.ts';
import { EARLY_STOP_RULE, summarize, toStepCurve, valueAt, type RunEnd } from '#shared/curve-stats.ts';

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

export { reportBudgets } from '#shared/budgets.ts';

export interface SummaryRow {
  searcher: string;
  /** Its runs, counted or not. */
  runs: number;
  /** Per-budget values over seeds. */
  atBudget: Map<number, number[]>;
}

/** Mean ± standard error of the incumbent's test accuracy per searcher at each budget (which runs count: shared/curve-stats.ts). */
export function summariseCurves(runs: (RunEnd & { searcher: string; curve: CurvePoint[] })[], budgets: number[]): SummaryRow[] {
  const bySearcher = new Map<string, SummaryRow>();
  for (const run of runs) {
    let row = bySearcher.get(run.searcher);
    if (!row) {
      row = { searcher: run.searcher, runs: 0, atBudget: new Map(budgets.map((b) => [b, []])) };
      bySearcher.set(run.searcher, row);
    }
    row.runs += 1;
    const curve = toStepCurve(run.curve, 'test', run);
    for (const budget of budgets) {
      const value = valueAt(curve, budget);
      if (value !== null) row.atBudget.get(budget)!.push(value);
    }
  }
  return [...bySearcher.values()];
}

/** The table, and under it what a run that stopped early contributes at a later budget. */
export function summaryTable(rows: SummaryRow[], budgets: number[]): string {
  const numbers = table(
    ['searcher', 'runs', ...budgets.map((b) => `@${b} test % (mean ± s.e.)`)],
    rows.map((row) => [
      row.searcher,
      String(row.runs),
      ...budgets.map((b) => {
        const s = summarize(row.atBudget.get(b) ?? []);
        return s.n === 0 ? '—' : `${percent(s.mean)} ± ${percent(s.se)}${s.n < row.runs ? ` (n=${s.n})` : ''}`;
      }),
    ]),
  );
  return `${numbers}\n${EARLY_STOP_RULE}`;
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
