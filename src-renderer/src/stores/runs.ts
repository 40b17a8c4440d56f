/**
 * Runs that some view holds: their summary, their detail and their incumbent curve.
 *
 * Curves can hold one point per query, so they are kept out of Vue's deep reactivity:
 * `curve.points` is a plain array that `run-point` pushes append to in place, and
 * `entry.version` is the reactive signal that it grew. `curve.epoch` changes when the
 * array is replaced (first load, reconnect), so a chart knows to redraw instead of append.
 *
 * Views hold runs with `retain` and let go with `release`; runs nobody holds are dropped,
 * and pushes for them are ignored.
 *
 * `progress` is the latest `run-query-progress` push of a run that trains its queries on a
 * live benchmark: the query under way, until its point arrives or the run stops running.
 */
import { defineStore } from 'pinia';
import { markRaw, shallowReactive } from 'vue';
import type { CurvePoint, QueryProgress, RunDetail, RunStatus, RunSummary } from '#shared/api.ts';
import { useApi } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';
import { coalesceByKey, limiter } from '../lib/coalesce.ts';
import { dropHold } from '../lib/holds.ts';

export type RunInfo = Omit<RunDetail, 'curve' | 'metrics'>;

export interface RunCurve {
  points: CurvePoint[];
  epoch: number;
}

/** Training metrics by name, kept out of Vue's reactivity like curves; `version` signals growth. */
export interface RunMetrics {
  series: Map<string, [number, number][]>;
  epoch: number;
}

export interface RunEntry {
  readonly id: number;
  summary: RunSummary | null;
  info: RunInfo | null;
  /** Not reactive; watch `version`. */
  readonly curve: RunCurve;
  /** Not reactive; watch `version`. */
  readonly metrics: RunMetrics;
  version: number;
  /** The query a live benchmark is training now (pushed, never stored); null when none. */
  progress: QueryProgress | null;
  loaded: boolean;
  error: string | null;
  holders: number;
  /** Holders that show the detail (log tail, best), which is refetched as the run goes. */
  followers: number;
  replaceNext: boolean;
}

/**
 * While a run is followed, its detail (summary, log tail, best) is refetched at most this
 * often. Only the first load (and the one after a reconnect) carries the curve and the
 * metrics; later refreshes leave them out (points and metrics arrive by push).
 */
const FOLLOW_SPACING_MS = 2000;
/** An experiment view loads every run's curve; a few at a time keeps the server responsive. */
const MAX_PARALLEL_LOADS = 4;
/** Runs nobody holds stay this long, so going from an experiment to a run and back is instant. */
const KEEP_RELEASED_MS = 15_000;

function mergeMetrics(target: RunMetrics, fresh: Record<string, [number, number][]>, replace: boolean): void {
  for (const [name, series] of Object.entries(fresh)) {
    const have = target.series.get(name);
    if (!have || replace) {
      // Values pushed while the request was out are newer than what the server read.
      const lastStep = series.length ? series[series.length - 1]![0] : Number.NEGATIVE_INFINITY;
      const tail = have ? have.filter((p) => p[0] > lastStep) : [];
      target.series.set(name, [...series, ...tail]);
    } else {
      const from = have.length ? have[have.length - 1]![0] : Number.NEGATIVE_INFINITY;
      for (const p of series) if (p[0] > from) have.push(p);
    }
  }
  if (replace) target.epoch += 1;
}

/**
 * A light refresh reads the best from the run's summary, which does not say at which query
 * it was found (`query` 0): the best already held keeps its query while it is the same one.
 */
export function mergeLightInfo(previous: RunInfo | null, fresh: RunInfo): RunInfo {
  const before = previous?.best;
  const best = fresh.best;
  if (before && best && before.hash === best.hash && best.query <= 0) return { ...fresh, best: before };
  return fresh;
}

function lastQuery(points: CurvePoint[]): number {
  const last = points[points.length - 1];
  return last ? last[0] : Number.NEGATIVE_INFINITY;
}

export const useRunsStore = defineStore('runs', () => {
  const api = useApi();
  const entries = shallowReactive(new Map<number, RunEntry>());
  const limit = limiter(MAX_PARALLEL_LOADS);

  const fetches = coalesceByKey(async (id: number) => {
    const entry = entries.get(id);
    if (!entry) return;
    // The whole curve and every metric only when nothing is held yet (or pushes were missed).
    const replace = entry.replaceNext || !entry.loaded;
    entry.replaceNext = false;
    let detail: RunDetail;
    try {
      detail = await limit(() => (replace ? api.getRun(id) : api.getRun(id, { curve: false, metrics: false })));
    } catch (error) {
      if (entries.get(id) === entry) {
        entry.error = errorMessage(error);
        if (replace && entry.loaded) entry.replaceNext = true;
      }
      return;
    }
    if (entries.get(id) !== entry) return;
    const { curve, metrics, ...info } = detail;
    entry.info = replace ? info : mergeLightInfo(entry.info, info);
    entry.summary = info.run;
    entry.error = null;
    if (!replace) return;
    // Points pushed while the request was out are newer than what the server read.
    const points = entry.curve.points;
    const tail = points.filter((p) => p[0] > lastQuery(curve));
    points.length = 0;
    for (const p of curve) points.push(p);
    for (const p of tail) points.push(p);
    entry.curve.epoch += 1;
    mergeMetrics(entry.metrics, metrics, true);
    entry.loaded = true;
    entry.version += 1;
  }, FOLLOW_SPACING_MS);

  function get(id: number): RunEntry | undefined {
    return entries.get(id);
  }

  /** Hold runs (loading those not yet held). `follow` also keeps their detail fresh. */
  function retain(ids: readonly number[], follow = false): void {
    for (const id of ids) {
      let entry = entries.get(id);
      if (!entry) {
        entry = shallowReactive<RunEntry>({
          id,
          summary: null,
          info: null,
          curve: markRaw({ points: [], epoch: 0 }),
          metrics: markRaw({ series: new Map(), epoch: 0 }),
          version: 0,
          progress: null,
          loaded: false,
          error: null,
          holders: 0,
          followers: 0,
          replaceNext: false,
        });
        entries.set(id, entry);
        void fetches.request(id);
      } else if (follow && entry.followers === 0) {
        void fetches.request(id);
      }
      entry.holders += 1;
      if (follow) entry.followers += 1;
    }
  }

  function release(ids: readonly number[], follow = false): void {
    for (const id of ids) {
      dropHold(entries, id, KEEP_RELEASED_MS, (entry) => {
        if (follow) entry.followers -= 1;
      });
    }
  }

  function reload(id: number): Promise<void> {
    return entries.has(id) ? fetches.request(id) : Promise.resolve();
  }

  function onRunPoint(runId: number, point: CurvePoint): void {
    const entry = entries.get(runId);
    if (!entry) return;
    if (entry.progress && point[0] >= entry.progress.query) entry.progress = null;
    // Answers and pushes can overlap; a point the curve already has is not added twice.
    if (point[0] <= lastQuery(entry.curve.points)) return;
    entry.curve.points.push(point);
    if (entry.loaded) entry.version += 1;
  }

  function onQueryProgress(runId: number, progress: QueryProgress): void {
    const entry = entries.get(runId);
    // A query whose point the curve holds is done; its progress is late.
    if (!entry || progress.query <= lastQuery(entry.curve.points)) return;
    entry.progress = progress;
  }

  function onRunMetric(runId: number, name: string, step: number, value: number): void {
    const entry = entries.get(runId);
    if (!entry) return;
    let series = entry.metrics.series.get(name);
    if (!series) {
      series = [];
      entry.metrics.series.set(name, series);
    }
    const last = series[series.length - 1];
    if (last && step <= last[0]) return;
    series.push([step, value]);
    if (entry.loaded) entry.version += 1;
  }

  function onRunUpdated(run: RunSummary): void {
    const entry = entries.get(run.id);
    if (!entry) return;
    const before: RunStatus | undefined = entry.summary?.status;
    entry.summary = run;
    if (run.status !== 'running') entry.progress = null;
    if (entry.info) entry.info = { ...entry.info, run };
    // A status change brings a final best, log lines, an error: fetch them once.
    if (before !== run.status || entry.followers > 0) void fetches.request(run.id);
  }

  /** After a reconnect: pushes were missed, so every held curve is reloaded whole. */
  function resync(): void {
    for (const entry of entries.values()) {
      // Pushes were missed: the query shown may be long done.
      entry.progress = null;
      entry.replaceNext = true;
      void fetches.request(entry.id);
    }
  }

  async function cancel(id: number): Promise<void> {
    await api.cancelRun(id);
  }
  async function pause(id: number): Promise<void> {
    await api.pauseRun(id);
  }
  async function resume(id: number): Promise<void> {
    await api.resumeRun(id);
  }

  return { entries, get, retain, release, reload, onRunPoint, onQueryProgress, onRunMetric, onRunUpdated, resync, cancel, pause, resume };
});
