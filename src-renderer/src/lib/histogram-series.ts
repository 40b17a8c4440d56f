/**
 * A histogram (edges and counts) as SeriesChart series: a filled step outline, each bin's
 * count held from its left edge to its right edge. `scale` multiplies x (fractions → percent).
 */
import type { Histogram } from '#shared/landscape.ts';
import type { Row, SeriesSpec } from '../components/chart-types.ts';

export function histogramRows(h: Histogram, scale = 1): Row[] {
  if (h.counts.length === 0) return [];
  const rows: Row[] = h.counts.map((count, i) => [h.edges[i]! * scale, count]);
  rows.push([h.edges[h.edges.length - 1]! * scale, h.counts[h.counts.length - 1]!]);
  return rows;
}

export function histogramSeries(id: string, name: string, color: string, h: Histogram, options: { scale?: number; describe?: (row: Row) => string } = {}): SeriesSpec[] {
  const rows = histogramRows(h, options.scale ?? 1);
  const version = `${h.edges.length}:${h.edges[0]}:${h.counts.join(',')}`;
  return [
    { id: `${id}-fill`, name, color, kind: 'band', step: true, version, data: () => rows.map((r) => [r[0]!, 0, r[1]!]), downsample: 'none', opacity: 0.3 },
    { id, name, color, kind: 'line', step: true, version, data: () => rows, downsample: 'none', countPoints: true, ...(options.describe ? { describe: options.describe } : {}) },
  ];
}

/** Axis bounds on a round step around a histogram's range (×`scale`), so the end labels read as round numbers. */
export function niceRange(h: Histogram, scale = 1): { min: number; max: number } | null {
  if (h.edges.length < 2) return null;
  const lo = h.edges[0]! * scale;
  const hi = h.edges[h.edges.length - 1]! * scale;
  const step = 10 ** Math.floor(Math.log10(Math.max(hi - lo, Number.MIN_VALUE))) / 2;
  // Rounded to the step's own precision, so 0.1 + 0.2-style residue never reaches a label.
  const round = (x: number): number => Number(x.toPrecision(12));
  return { min: round(Math.floor(lo / step) * step), max: round(Math.ceil(hi / step) * step) };
}
