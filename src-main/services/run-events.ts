/** What a run's event log says: its incumbent curve, its best architecture, its metric series. */
import type { CurvePoint, EvaluatedArchitecture, MetricSeries } from '#shared/api.ts';
import type { ArchitectureEvent } from '#shared/worker-protocol.ts';
import type { RunRow } from './store.ts';

/** Collects the incumbent curve and the best evaluated architecture from a run's log. */
export function curveFromEvents(events: readonly { data: unknown }[]): { curve: CurvePoint[]; best: EvaluatedArchitecture | null } {
  const curve: CurvePoint[] = [];
  let best: EvaluatedArchitecture | null = null;
  for (const { data } of events) {
    const e = data as Omit<ArchitectureEvent, 'type'>;
    curve.push([e.query, e.incumbentValid, e.incumbentTest]);
    if (best === null || e.valid > best.valid) best = { query: e.query, hash: e.hash, arch: e.arch, valid: e.valid, test: e.test };
  }
  return { curve, best };
}

/** The best architecture from the run's summary columns, when the caller skipped the event log. */
export function bestFromRow(row: RunRow): EvaluatedArchitecture | null {
  if (row.best_hash === null || row.best_valid === null || row.best_test === null) return null;
  return { query: row.best_query ?? 0, hash: row.best_hash, arch: row.best_arch === null ? null : (JSON.parse(row.best_arch) as unknown), valid: row.best_valid, test: row.best_test };
}

/** Groups a run's metric events into one [step, value] series per name. */
export function metricsFromEvents(events: readonly { data: unknown }[]): Record<string, MetricSeries> {
  const out: Record<string, MetricSeries> = {};
  for (const { data } of events) {
    const { name, step, value } = data as { name: string; step: number; value: number };
    (out[name] ??= []).push([step, value]);
  }
  return out;
}
