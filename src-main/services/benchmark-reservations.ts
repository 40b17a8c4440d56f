/**
 * Benchmark names are reserved before an import writes anything. The reservation row says
 * who imports (host, pid, a token unique to the attempt) and where it writes: its staging
 * path, a name no other import uses. Registration renames the staging path to the data path
 * and inserts the benchmark row in the same transaction that drops the reservation, and
 * only while the reservation is still this attempt's. So two imports of one name never
 * touch each other's files: the second is refused before it writes, and a stale importer
 * (taken over after it died or froze) can no longer register or overwrite anything.
 *
 * A reservation is stale when its importer is gone: on this host its pid no longer runs;
 * on any host its heartbeat (refreshed while a long import reports progress) is older than
 * RESERVATION_STALE_MS. Stale reservations are taken over by the next import of the name
 * and dropped by the start-up sweep.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { nowIso, type BenchmarkRow, type Store } from './store.ts';
import { UserError } from './user-error.ts';

export interface Reservation {
  name: string;
  token: string;
  kind: string;
  data_path: string;
  staging_path: string;
  host: string;
  pid: number;
  started_at: string;
  heartbeat_at: number;
}

/** A heartbeat older than this marks an importer as gone even where its pid cannot be checked. */
export const RESERVATION_STALE_MS = 10 * 60_000;

/** How often a long import refreshes its heartbeat (from its progress reports). */
const HEARTBEAT_EVERY_MS = 15_000;

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function reservationIsLive(r: Reservation, now = Date.now()): boolean {
  if (now - r.heartbeat_at > RESERVATION_STALE_MS) return false;
  return r.host !== hostname() || processRuns(r.pid);
}

function describe(r: Reservation): string {
  return `process ${r.pid} on ${r.host}, since ${r.started_at}`;
}

/**
 * Reserves `name` for one import writing `dataPath` (through a staging path derived from
 * it), or refuses: the name is registered, or another live import holds it. Names that
 * differ only in case are one name here: on case-insensitive file systems they would share
 * a data file.
 */
export function reserveBenchmarkName(store: Store, name: string, kind: string, dataPath: string): Reservation {
  const token = randomBytes(8).toString('hex');
  return store.transaction(() => {
    const registered = store.db.prepare('SELECT name FROM benchmarks WHERE name = ? COLLATE NOCASE').get(name) as { name: string } | undefined;
    if (registered) {
      throw new UserError(`a benchmark named "${registered.name}" already exists; choose another name or remove it first (archwalk benchmark remove ${registered.name})`);
    }
    const held = store.db.prepare('SELECT * FROM benchmark_reservations WHERE name = ? COLLATE NOCASE').get(name) as Reservation | undefined;
    if (held && reservationIsLive(held)) {
      throw new UserError(`a benchmark named "${held.name}" is being imported (${describe(held)}); wait for it to finish or choose another name`);
    }
    if (held) dropReservation(store, held);
    const reservation: Reservation = {
      name,
      token,
      kind,
      data_path: dataPath,
      staging_path: `${dataPath}.import-${token}`,
      host: hostname(),
      pid: process.pid,
      started_at: nowIso(),
      heartbeat_at: Date.now(),
    };
    store.db
      .prepare('INSERT INTO benchmark_reservations (name, token, kind, data_path, staging_path, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(name, token, kind, dataPath, reservation.staging_path, reservation.host, reservation.pid, reservation.started_at, reservation.heartbeat_at);
    return reservation;
  });
}

/** Refreshes the heartbeat at most every HEARTBEAT_EVERY_MS (call it as often as convenient). */
export function reservationHeartbeat(store: Store, r: Reservation): () => void {
  let last = r.heartbeat_at;
  return () => {
    const now = Date.now();
    if (now - last < HEARTBEAT_EVERY_MS) return;
    last = now;
    store.db.prepare('UPDATE benchmark_reservations SET heartbeat_at = ? WHERE name = ? AND token = ?').run(now, r.name, r.token);
  };
}

/** Gives the name back and removes what this attempt wrote (its staging path only). */
export function abandonReservation(store: Store, r: Reservation): void {
  rmSync(r.staging_path, { recursive: true, force: true });
  dropReservation(store, r);
}

/**
 * Publishes the staged data and registers it, atomically with respect to other imports:
 * refused (and nothing of anyone else's touched) when the reservation was taken over.
 */
export function registerReserved(store: Store, r: Reservation, row: Omit<BenchmarkRow, 'id' | 'created_at' | 'name' | 'kind' | 'data_path'>): BenchmarkRow {
  return store.transaction(() => {
    const held = store.db.prepare('SELECT token FROM benchmark_reservations WHERE name = ?').get(r.name) as { token: string } | undefined;
    if (held?.token !== r.token) {
      throw new UserError(`the import of "${r.name}" lost its reservation (it was taken for stale, e.g. after this process was suspended for more than ${RESERVATION_STALE_MS / 60_000} minutes); nothing was registered`);
    }
    // Whatever lies at the data path is unregistered (the name was ours): a killed import's file.
    rmSync(r.data_path, { recursive: true, force: true });
    renameSync(r.staging_path, r.data_path);
    try {
      dropReservation(store, r);
      return store.insertBenchmark({ ...row, name: r.name, kind: r.kind, data_path: r.data_path });
    } catch (error) {
      // The transaction rolls back; put the data back where abandoning the reservation removes it.
      renameSync(r.data_path, r.staging_path);
      // A writer that does not reserve (the shipped benchmarks' registration) took the name meanwhile.
      if (/UNIQUE constraint failed: benchmarks\.name/.test(String((error as Error)?.message))) {
        throw new UserError(`a benchmark named "${r.name}" was registered while this import ran; nothing was imported`);
      }
      throw error;
    }
  });
}

export function listReservations(store: Store): Reservation[] {
  return store.db.prepare('SELECT * FROM benchmark_reservations ORDER BY name').all() as unknown as Reservation[];
}

/** Deletes this attempt's reservation row (only while it is still this attempt's: name and token). */
export function dropReservation(store: Store, r: Pick<Reservation, 'name' | 'token'>): void {
  store.db.prepare('DELETE FROM benchmark_reservations WHERE name = ? AND token = ?').run(r.name, r.token);
}
