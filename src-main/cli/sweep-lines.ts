/** What `archwalk run` prints for a sweep: per evaluation table, its configurations and baselines at the sweep's budgets. */
import type { SweepResults } from '#shared/sweep-results.ts';
import { describeSample } from '#shared/sample-label.ts';
import type { Summary } from '#shared/curve-stats.ts';
import { percent, table } from './format.ts';

const meanSe = (s: Summary): string => (s.n === 0 ? '—' : `${percent(s.mean)} ± ${percent(s.se)} (n=${s.n})`);

export function sweepLines(results: SweepResults): string[] {
  const lines: string[] = [];
  for (const t of results.tables) {
    lines.push(`${t.benchmark}${t.sample ? ` — agents ${describeSample(t.sample)}` : ''}: incumbent ${results.metric} accuracy %, mean ± s.e. over each configuration's agents × search seeds`);
    const headers = ['configuration', ...results.budgets.map((b) => `@${b}`), 'agents trained', 'training s'];
    const rows = t.rows.map((r) => [
      `${r.configuration === t.best ? '* ' : '  '}${r.label}`,
      ...r.cells.map((c) => meanSe(c.summary)),
      `${r.training.trained}/${r.training.planned}`,
      r.training.seconds === null ? '—' : r.training.seconds.toFixed(0),
    ]);
    const baselines = t.baselines.map((b) => [`  ${b.searcher} (baseline)`, ...b.cells.map((c) => meanSe(c.summary)), '', '']);
    lines.push(table(headers, [...rows, ...baselines]), `* best at ${results.bestAt} queries`, '');
  }
  return lines;
}
