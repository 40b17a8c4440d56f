/**
 * What the sweep views draw, from a sweep's results (pure, so the component tests check it):
 * the table's cells in percent, one sensitivity chart's series per swept number, and the
 * parallel-coordinates rows (one line per configuration, its metric last).
 */
import type { Summary } from '#shared/curve-stats.ts';
import { sensitivity, type SweepResults, type SweepTable } from '#shared/sweep-results.ts';
import type { SeriesSpec } from '../components/chart-types.ts';

/** "90.48 ± 0.08" from a summary of fractions; "—" when no run reached the budget. */
export function percentSummary(s: Summary | undefined): string {
  if (!s || s.n === 0) return '—';
  return s.n === 1 ? (s.mean * 100).toFixed(2) : `${(s.mean * 100).toFixed(2)} ± ${(s.se * 100).toFixed(2)}`;
}

/** The swept parameters whose values are numbers (a choice such as rewardRepeat has no axis to draw). */
export function numericAxes(results: SweepResults): SweepResults['axes'] {
  return results.axes.filter((axis) => results.configurations.every((c) => typeof c.values[axis.param] === 'number'));
}

/** One parameter's sensitivity at a budget: the mean over agents, the band of the lowest and highest agent, every agent as a dot. */
export function sensitivitySeries(table: SweepTable, param: string, budget: number, color: string): SeriesSpec[] {
  const points = sensitivity(table, param, budget).filter((p) => typeof p.value === 'number');
  const agents = table.rows.flatMap((row) => {
    const value = row.values[param];
    const cell = row.cells.find((c) => c.budget === budget);
    return typeof value === 'number' && cell ? cell.agentMeans.map((a) => [value, a.mean * 100, a.trainingSeed]) : [];
  });
  const version = `${table.benchmark}|${param}|${budget}|${points.map((p) => `${p.value}:${p.mean}:${p.n}`).join(',')}`;
  return [
    { id: `band-${param}`, name: 'agents (lowest to highest)', color, kind: 'band', version, data: () => points.map((p) => [p.value as number, p.low * 100, p.high * 100]), downsample: 'none' },
    {
      id: `mean-${param}`, name: 'mean over agents', color, kind: 'line', version, downsample: 'none', width: 2, symbolSize: 6,
      data: () => points.map((p) => [p.value as number, p.mean * 100, p.se * 100, p.n]),
      describe: (row) => `${param} = ${row[0]}: ${row[1]!.toFixed(2)} ± ${row[2]!.toFixed(2)} (${row[3]} agents)`,
    },
    {
      id: `agents-${param}`, name: 'each agent', color, kind: 'scatter', version, downsample: 'none', symbolSize: 5, opacity: 0.6,
      data: () => agents, describe: (row) => `${param} = ${row[0]}, training seed ${row[2]}: ${row[1]!.toFixed(2)}`,
    },
  ];
}

/** Parallel coordinates: per configuration with a number at the budget, its swept values then its mean (percent). */
export function parallelRows(results: SweepResults, table: SweepTable, budget: number): { configuration: number; label: string; values: (number | string)[]; metric: number }[] {
  return table.rows.flatMap((row) => {
    const cell = row.cells.find((c) => c.budget === budget);
    if (!cell || cell.summary.n === 0) return [];
    const metric = cell.summary.mean * 100;
    return [{ configuration: row.configuration, label: row.label, values: [...results.axes.map((a) => row.values[a.param]!), metric], metric }];
  });
}
