/**
 * The start-up sweep of the home's benchmarks folder. An import killed half-way leaves its
 * staging file (or an atomic writer's temporary file), a reservation whose process is gone,
 * or a data file that never got its registry row (killed between the two); a removal killed
 * half-way leaves an unregistered data file. Nothing ever reads these; they are removed here.
 *
 * What is never touched: registered data, anything a live import has reserved, entries newer
 * than the grace period unless they are the staging files of an importer known dead (a
 * writer that does not reserve, such as the shipped benchmarks' registration, may be between
 * copying and registering), and any entry whose name archwalk would not write (files the
 * user put there).
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isArchwalkBenchmarkEntry } from './benchmark-files.ts';
import { dropReservation, listReservations, reservationIsLive } from './benchmark-reservations.ts';
import type { HomeLayout } from './home.ts';
import type { Store } from './store.ts';

export const SWEEP_GRACE_MS = 10 * 60_000;

export interface SweepResult {
  /** Entries of the benchmarks folder removed. */
  removed: string[];
  /** Names whose stale reservations were dropped. */
  staleReservations: string[];
}

export function sweepBenchmarkFolder(store: Store, home: HomeLayout, options: { graceMs?: number; now?: number } = {}): SweepResult {
  const now = options.now ?? Date.now();
  const grace = options.graceMs ?? SWEEP_GRACE_MS;
  const result: SweepResult = { removed: [], staleReservations: [] };
  const folder = resolve(home.benchmarks);
  // One write transaction: no import can register or reserve between what is read and what is removed.
  store.transaction(() => {
    const protectedPrefixes: string[] = [];
    /**
     * Data paths of importers known dead: what lies there or beside it (staging, temporary, or
     * the data itself when the importer died between publishing and committing) is unregistered
     * and was theirs, since they held the name; removed at once, whatever its age.
     */
    const abandoned: string[] = [];
    for (const r of listReservations(store)) {
      if (reservationIsLive(r, now)) protectedPrefixes.push(basename(r.data_path));
      else {
        dropReservation(store, r);
        abandoned.push(basename(r.data_path));
        result.staleReservations.push(r.name);
      }
    }
    const registered = new Set(
      store.listBenchmarks().filter((b) => resolve(dirname(b.data_path)) === folder).map((b) => basename(b.data_path)),
    );
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return; // no folder, nothing to sweep
    }
    for (const entry of entries) {
      if (!isArchwalkBenchmarkEntry(entry) || registered.has(entry)) continue;
      if (protectedPrefixes.some((p) => entry === p || entry.startsWith(`${p}.`))) continue;
      const path = join(folder, entry);
      const ofDeadImporter = abandoned.some((p) => entry === p || entry.startsWith(`${p}.`));
      try {
        if (!ofDeadImporter && now - lstatSync(path).mtimeMs < grace) continue;
        rmSync(path, { recursive: true, force: true });
        result.removed.push(entry);
      } catch {
        // Vanished meanwhile or not removable now: the next start tries again.
      }
    }
  });
  return result;
}

/**
 * The sweep as services start: one line on stderr when it removed something (a vanished file
 * is never a mystery), and never a failed start: a store busy for longer than its lock wait
 * only postpones the sweep to the next start.
 */
export function sweepAtStart(store: Store, home: HomeLayout): void {
  let result: SweepResult;
  try {
    result = sweepBenchmarkFolder(store, home);
  } catch (error) {
    console.warn(`archwalk: the benchmarks folder was not swept this time (${(error as Error).message})`);
    return;
  }
  if (result.removed.length === 0 && result.staleReservations.length === 0) return;
  const parts: string[] = [];
  if (result.removed.length > 0) parts.push(`removed ${result.removed.length} leftover${result.removed.length === 1 ? '' : 's'} of unfinished imports or removals from ${home.benchmarks} (${result.removed.join(', ')})`);
  if (result.staleReservations.length > 0) parts.push(`released the names of imports whose process is gone (${result.staleReservations.join(', ')})`);
  console.warn(`archwalk: ${parts.join('; ')}`);
}
