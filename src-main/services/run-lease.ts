/**
 * Run leases and fencing, the store's contract for who may write a run.
 *
 * Each claim of a run starts a new attempt (runs.attempt + 1, a run_attempts row) owned by one
 * scheduler, with a lease it renews while it runs the run. Every write of a run names its
 * attempt and owner (a RunLease); once the attempt is over (finished, requeued, or its lease
 * expired and a sweeper interrupted it) or a newer attempt exists, such a write changes nothing
 * and throws FencedError, so a process that was frozen cannot add to or finish a run that
 * someone else has taken over. The contract is plain SQL: a conditional UPDATE/check on
 * (id, attempt, owner) inside the write's transaction, which a server database keeps the same.
 *
 * Timings (defaults): the lease lasts 30 s and is renewed every second; SQLite's busy timeout
 * is 5 s, so a write that waits for another connection's lock blocks for at most 5 s before the
 * scheduler backs off and retries, far inside the lease.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { RunStatus } from '#shared/api.ts';

export interface RunLease {
  readonly runId: number;
  readonly attempt: number;
  readonly owner: string;
}

/** How long a lease lasts without renewal; ARCHWALK_LEASE_MS overrides it (tests shorten it). */
export const DEFAULT_LEASE_MS = 30_000;
/** SQLite's busy timeout: the longest a single statement blocks waiting for a lock. */
export const BUSY_TIMEOUT_MS = 5_000;

export function leaseMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.ARCHWALK_LEASE_MS);
  return Number.isFinite(value) && value >= 500 ? value : DEFAULT_LEASE_MS;
}

interface Holder {
  attempt: number;
  owner: string | null;
  status: RunStatus;
}

/** A write by an attempt that no longer owns its run; nothing was changed. */
export class FencedError extends Error {
  override name = 'FencedError';
  readonly lease: RunLease;

  constructor(lease: RunLease, holder: Holder | null) {
    const now = holder === null
      ? 'the run no longer exists'
      : `the run is ${holder.status}${holder.attempt !== lease.attempt ? ` in attempt ${holder.attempt}` : ''}${holder.owner ? ` owned by ${holder.owner}` : ''}`;
    super(`run ${lease.runId} attempt ${lease.attempt} was taken over: ${now}`);
    this.lease = lease;
  }
}

/** Throws FencedError unless the lease is the run's current attempt and owner (call inside the write's transaction). */
export function assertLeaseHeld(db: DatabaseSync, lease: RunLease): RunStatus {
  const row = db.prepare('SELECT attempt, owner, status FROM runs WHERE id = ?').get(lease.runId) as Holder | undefined;
  if (!row || row.attempt !== lease.attempt || row.owner !== lease.owner) throw new FencedError(lease, row ?? null);
  return row.status;
}

/** Starts the next attempt of a run for `owner` (the caller has moved it to running). */
export function beginAttempt(db: DatabaseSync, runId: number, owner: string, leaseMs: number, startedAt: string): number {
  const now = Date.now();
  const { attempt } = db
    .prepare('UPDATE runs SET attempt = attempt + 1, owner = ?, heartbeat_at = ?, lease_expires_at = ? WHERE id = ? RETURNING attempt')
    .get(owner, now, now + leaseMs, runId) as { attempt: number };
  db.prepare('INSERT INTO run_attempts (run_id, attempt, owner, started_at) VALUES (?, ?, ?, ?)').run(runId, attempt, owner, startedAt);
  return attempt;
}

/** Closes the run's current attempt with its outcome (the status it left running with). */
export function endAttempt(db: DatabaseSync, runId: number, outcome: string, endedAt: string): void {
  db.prepare(
    `UPDATE run_attempts SET ended_at = ?, outcome = ?
     WHERE run_id = ? AND attempt = (SELECT attempt FROM runs WHERE id = ?) AND ended_at IS NULL`,
  ).run(endedAt, outcome, runId, runId);
}

/** Extends the leases still held; returns those that were not (their attempt is over). */
export function renewLeaseRows(db: DatabaseSync, leases: readonly RunLease[], leaseMs: number): RunLease[] {
  const now = Date.now();
  const renew = db.prepare(
    `UPDATE runs SET heartbeat_at = ?, lease_expires_at = ?
     WHERE id = ? AND attempt = ? AND owner = ? AND status IN ('running', 'paused')`,
  );
  return leases.filter((lease) => Number(renew.run(now, now + leaseMs, lease.runId, lease.attempt, lease.owner).changes) === 0);
}

/**
 * Running or paused runs whose lease has expired (or, with `silentSince`, whose owner has not
 * renewed since then). A sweeper renews its own leases first.
 */
export function expiredLeaseRunIds(db: DatabaseSync, silentSince = -1): number[] {
  const rows = db
    .prepare(
      `SELECT id FROM runs WHERE status IN ('running', 'paused')
         AND (lease_expires_at IS NULL OR lease_expires_at < ? OR heartbeat_at IS NULL OR heartbeat_at < ?)`,
    )
    .all(Date.now(), silentSince) as { id: number }[];
  return rows.map((r) => r.id);
}

/** Whether the run's lease (if it is running or paused) has expired: re-checked inside the sweep's transaction. */
export function leaseExpired(db: DatabaseSync, runId: number, silentSince = -1): boolean {
  const row = db.prepare('SELECT lease_expires_at, heartbeat_at FROM runs WHERE id = ?').get(runId) as { lease_expires_at: number | null; heartbeat_at: number | null } | undefined;
  if (!row) return false;
  return row.lease_expires_at === null || row.lease_expires_at < Date.now() || row.heartbeat_at === null || row.heartbeat_at < silentSince;
}
