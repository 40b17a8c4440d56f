import type { RunCurve } from '../stores/runs.ts';

/** What a chart line is drawn from: a run's curve and the reactive signal that it changed. */
export interface CurveSource {
  readonly curve: RunCurve;
  readonly version: number;
}

export interface ChartLine {
  /** Stable series id (e.g. `run-12-test`). */
  id: string;
  /** Legend name; lines that share it share one legend entry (e.g. all seeds of a searcher). */
  name: string;
  color: string;
  source: CurveSource;
  metric: 'valid' | 'test';
  dashed?: boolean;
}
