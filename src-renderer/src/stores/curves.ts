/**
 * Incumbent curves of whole experiments, loaded in one getExperimentCurves call each and
 * then grown by `run-point` pushes, so an experiment of 1,000 runs costs one request, not
 * 1,000. Like the runs store, the arrays are kept out of Vue's reactivity; `version` is
 * the signal that something grew, `epoch` that arrays were replaced.
 */
import { defineStore } from 'pinia';
import { markRaw, shallowReactive } from 'vue';
import type { CurvePoint } from '#shared/api.ts';
import { useApi } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';
import { coalesceByKey } from '../lib/coalesce.ts';
import type { RunCurve } from './runs.ts';
import { dropHold } from '../lib/holds.ts';

export interface ExperimentCurves {
  readonly id: number;
  /** Not reactive; watch `version`. */
  readonly runs: Map<number, RunCurve>;
  version: number;
  epoch: number;
  loaded: boolean;
  error: string | null;
  holders: number;
  replaceNext: boolean;
}

const KEEP_RELEASED_MS = 15_000;
/** New runs (a fresh experiment's) are picked up by reloading, at most this often. */
const RELOAD_SPACING_MS = 1000;

function lastQuery(points: readonly CurvePoint[]): number {
  const last = points[points.length - 1];
  return last ? last[0] : Number.NEGATIVE_INFINITY;
}

export const useCurvesStore = defineStore('curves', () => {
  const api = useApi();
  const entries = shallowReactive(new Map<number, ExperimentCurves>());

  const loads = coalesceByKey(async (id: number) => {
    const entry = entries.get(id);
    if (!entry) return;
    let curves: Record<number, CurvePoint[]>;
    try {
      curves = await api.getExperimentCurves(id);
    } catch (error) {
      if (entries.get(id) === entry) entry.error = errorMessage(error);
      return;
    }
    if (entries.get(id) !== entry) return;
    const replace = entry.replaceNext || !entry.loaded;
    entry.replaceNext = false;
    for (const [key, points] of Object.entries(curves)) {
      const runId = Number(key);
      let curve = entry.runs.get(runId);
      if (!curve) {
        curve = { points: [], epoch: 0 };
        entry.runs.set(runId, curve);
      }
      if (replace || curve.points.length === 0) {
        const tail = curve.points.filter((p) => p[0] > lastQuery(points));
        curve.points = [...points, ...tail];
        curve.epoch += 1;
      } else {
        const from = lastQuery(curve.points);
        for (const p of points) if (p[0] > from) curve.points.push(p);
      }
    }
    // Runs that went away (the experiment was deleted and recreated) are dropped.
    for (const runId of [...entry.runs.keys()]) if (!(runId in curves)) entry.runs.delete(runId);
    entry.loaded = true;
    entry.error = null;
    if (replace) entry.epoch += 1;
    entry.version += 1;
  }, RELOAD_SPACING_MS);

  function get(id: number): ExperimentCurves | undefined {
    return entries.get(id);
  }

  function retain(id: number): void {
    let entry = entries.get(id);
    if (!entry) {
      entry = shallowReactive<ExperimentCurves>({
        id,
        runs: markRaw(new Map()),
        version: 0,
        epoch: 0,
        loaded: false,
        error: null,
        holders: 0,
        replaceNext: false,
      });
      entries.set(id, entry);
      void loads.request(id);
    }
    entry.holders += 1;
  }

  function release(id: number): void {
    dropHold(entries, id, KEEP_RELEASED_MS);
  }

  function onRunPoint(runId: number, experimentId: number, point: CurvePoint): void {
    const entry = entries.get(experimentId);
    if (!entry) return;
    let curve = entry.runs.get(runId);
    if (!curve) {
      curve = { points: [], epoch: 0 };
      entry.runs.set(runId, curve);
    }
    if (point[0] <= lastQuery(curve.points)) return;
    curve.points.push(point);
    if (entry.loaded) entry.version += 1;
  }

  /** The experiment's runs changed (e.g. it was created or deleted): reload its curves. */
  function onExperimentUpdated(experimentId: number): void {
    const entry = entries.get(experimentId);
    if (entry && entry.loaded && entry.runs.size === 0) void loads.request(experimentId);
  }

  function resync(): void {
    for (const entry of entries.values()) {
      entry.replaceNext = true;
      void loads.request(entry.id);
    }
  }

  return { entries, get, retain, release, onRunPoint, onExperimentUpdated, resync };
});
