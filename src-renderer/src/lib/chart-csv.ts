/**
 * A chart's data as CSV (RFC 4180): one row per data row of every series, in long form, so a
 * spreadsheet or pandas can pivot it. The rows are the series' full data as the chart was given
 * it, before downsampling; the columns are the x axis' name and the union of the series' own
 * column names, blank where a series has no such column.
 */
import type { SeriesSpec } from '../components/chart-types.ts';

/** Column names after x for a series: its own, or the defaults for its kind. */
export function columnsOf(spec: Pick<SeriesSpec, 'kind' | 'columns'>, yName: string): readonly string[] {
  if (spec.columns) return spec.columns;
  return spec.kind === 'band' ? ['lower', 'upper'] : [yName || 'y'];
}

function field(value: string | number): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function chartCsv(series: readonly SeriesSpec[], xName: string, yName: string): string {
  const columns: string[] = [];
  for (const spec of series) for (const c of columnsOf(spec, yName)) if (!columns.includes(c)) columns.push(c);
  const lines = [['series', xName || 'x', ...columns].map(field).join(',')];
  for (const spec of series) {
    const own = columnsOf(spec, yName);
    const at = columns.map((c) => own.indexOf(c));
    const name = spec.label ?? spec.name;
    for (const row of spec.data()) {
      lines.push([field(name), field(row[0]!), ...at.map((i) => (i < 0 || row[i + 1] === undefined ? '' : field(row[i + 1]!)))].join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
