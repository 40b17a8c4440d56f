/**
 * The architectures a run evaluated (every one, for the run view's scatter) and its best few
 * (with their `arch`, to draw). Like curves, the big columns are kept out of Vue's
 * reactivity: `log` is grown in place and `version` is the reactive signal that it grew.
 *
 * Loading pages through getRunArchitectures from the last query held, one page in flight,
 * until a short page says the log has caught up. Pushes that arrive meanwhile wait in
 * `pending` and follow once it has (the server pushes a point only after storing it, so a
 * page read after a push contains it, and the log skips what it already holds). After a
 * reconnect the same catch-up fills the gap left by the pushes that were missed.
 */
import { defineStore } from 'pinia';
import { markRaw, shallowReactive } from 'vue';
import type { EvaluatedArchitecture } from '#shared/api.ts';
import { useApi } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';
import { coalesceByKey } from '../lib/coalesce.ts';
import { EvaluatedLog, mayEnterTop, type Evaluated } from '../lib/evaluated-log.ts';
import { dropHold } from '../lib/holds.ts';

export interface RunArchitectures {
  readonly id: number;
  /** Not reactive; watch `version`. */
  readonly log: EvaluatedLog;
  /** Not reactive: pushes held back while a catch-up is out. */
  readonly pending: Evaluated[];
  version: number;
  /** Caught up with the server at least once. */
  loaded: boolean;
  /** A catch-up is out (or must be made): pushes wait in `pending`. */
  syncing: boolean;
  /** Counts catch-ups asked for; only the latest one's end lets pushes through again. */
  generation: number;
  error: string | null;
  /** The best TOP_K by validation accuracy, with their architectures; null until loaded. */
  top: EvaluatedArchitecture[] | null;
  topError: string | null;
  holders: number;
}

/** Architectures per request while catching up: a page carries each one's `arch` too. */
export const PAGE_SIZE = 5000;
export const TOP_K = 5;
/** A run that keeps finding better architectures refetches its best few at most this often. */
const TOP_SPACING_MS = 1500;
const KEEP_RELEASED_MS = 15_000;

export const useArchitecturesStore = defineStore('architectures', () => {
  const api = useApi();
  const entries = shallowReactive(new Map<number, RunArchitectures>());

  const catchUps = coalesceByKey(async (id: number) => {
    const entry = entries.get(id);
    if (!entry) return;
    entry.syncing = true;
    const generation = entry.generation;
    try {
      for (;;) {
        const page = await api.getRunArchitectures(id, { fromQuery: entry.log.lastQuery + 1, limit: PAGE_SIZE });
        if (entries.get(id) !== entry) return;
        if (entry.log.append(page) > 0) entry.version += 1;
        if (page.length < PAGE_SIZE) break;
      }
    } catch (error) {
      if (entries.get(id) === entry) entry.error = errorMessage(error);
      return;
    }
    // Another catch-up was asked for meanwhile (a reconnect): it fills the gap, then lets pushes through.
    if (entry.generation !== generation) return;
    entry.syncing = false;
    entry.log.append(entry.pending);
    entry.pending.length = 0;
    entry.loaded = true;
    entry.error = null;
    entry.version += 1;
  });

  const tops = coalesceByKey(async (id: number) => {
    const entry = entries.get(id);
    if (!entry) return;
    try {
      const top = await api.getRunArchitectures(id, { top: TOP_K });
      if (entries.get(id) !== entry) return;
      entry.top = top;
      entry.topError = null;
    } catch (error) {
      if (entries.get(id) === entry) entry.topError = errorMessage(error);
    }
  }, TOP_SPACING_MS);

  function get(id: number): RunArchitectures | undefined {
    return entries.get(id);
  }

  function retain(id: number): void {
    let entry = entries.get(id);
    if (!entry) {
      entry = shallowReactive<RunArchitectures>({
        id,
        log: markRaw(new EvaluatedLog()),
        pending: markRaw([]),
        version: 0,
        loaded: false,
        syncing: true,
        generation: 0,
        error: null,
        top: null,
        topError: null,
        holders: 0,
      });
      entries.set(id, entry);
      void catchUps.request(id);
      void tops.request(id);
    }
    entry.holders += 1;
  }

  function release(id: number): void {
    dropHold(entries, id, KEEP_RELEASED_MS);
  }

  /** Loads again what failed to load (the log from where it stopped, the best few). */
  function retry(id: number): void {
    const entry = entries.get(id);
    if (!entry) return;
    if (entry.error !== null) {
      entry.syncing = true;
      entry.generation += 1;
      void catchUps.request(id);
    }
    if (entry.topError !== null || entry.top === null) void tops.request(id);
  }

  function onRunPoint(runId: number, query: number, evaluated: { hash: string; valid: number; test: number } | undefined): void {
    const entry = entries.get(runId);
    if (!entry || !evaluated) return;
    const item: Evaluated = { query, hash: evaluated.hash, valid: evaluated.valid, test: evaluated.test };
    if (entry.syncing) entry.pending.push(item);
    else if (entry.log.append([item]) > 0) entry.version += 1;
    if (mayEnterTop(entry.top, TOP_K, item.valid)) void tops.request(runId);
  }

  /** After a reconnect: pushes were missed, so each log catches up from its last query. */
  function resync(): void {
    for (const entry of entries.values()) {
      // Pushes from now on wait until the gap before them is filled.
      entry.syncing = true;
      entry.generation += 1;
      void catchUps.request(entry.id);
      void tops.request(entry.id);
    }
  }

  return { entries, get, retain, release, retry, onRunPoint, resync };
});
