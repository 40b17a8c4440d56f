/**
 * What a SeriesChart draws. Data is handed over as a function plus a version, so that big
 * arrays stay out of Vue's reactivity and the chart only re-reads the series whose version
 * changed (incremental updates while runs stream points in).
 */
import type { LineDash } from '../lib/colors.ts';

export type Row = readonly number[];

export interface SeriesSpec {
  /** Stable id; a series keeps it across updates. */
  id: string;
  /** Legend name; series that share it share one legend entry (all seeds of a searcher, a mean and its band). */
  name: string;
  color: string;
  /** line and scatter rows are [x, y, …extra]; band rows are [x, lower, upper]. */
  kind: 'line' | 'band' | 'scatter';
  /** Changes whenever `data()` would return something else. */
  version: string | number;
  data: () => readonly Row[];
  /** Draw as a step function (the incumbent holds until the next improvement). */
  step?: boolean;
  /** Line style (default solid). */
  dash?: LineDash;
  width?: number;
  /** minmax (default): keep each bucket's extremes; steps: lossless for step functions; none. */
  downsample?: 'minmax' | 'steps' | 'none';
  /** Add this series' points to the count the chart reports. */
  countPoints?: boolean;
  /** Tooltip line for the drawn row nearest the pointer (default: "name: y"). */
  describe?: (row: Row) => string;
  symbolSize?: number;
  opacity?: number;
  /** Names of the row entries after x, for the CSV download (default: the y axis' name; bands: lower, upper). */
  columns?: readonly string[];
  /** This one series' own name where `name` is shared (a run among a searcher's seeds): hover card and CSV. */
  label?: string;
  /** A click on the series opens this run's page (a route of router.ts, kept DOM-free here for the node-side tests). */
  target?: { readonly name: 'run'; readonly id: number };
  /** A click on one of the series' points passes its row (a scatter of architectures opens the one clicked). */
  onPoint?: (row: Row) => void;
}
