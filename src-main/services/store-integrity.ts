/**
 * Guards around opening the store: a quick integrity check with a message that names the
 * file and what to do, and a copy of the database before a migration changes its schema.
 */
import { renameSync, rmSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';

/** The database file is damaged or is not an archwalk database. */
export class DamagedStoreError extends Error {
  override name = 'DamagedStoreError';
}

export function damagedStoreError(path: string, problem: string): DamagedStoreError {
  return new DamagedStoreError(
    `the archwalk database ${path} is damaged: ${problem}\n` +
      `Stop every archwalk process using it, move the file aside (keep it: it may be recoverable with sqlite3's .recover), ` +
      `then restore a backup (${path}.pre-v*.bak beside it, if there is one) or point ARCHWALK_HOME at a fresh folder.`,
  );
}

/** PRAGMA quick_check (O(size), no index cross-checks): throws DamagedStoreError on any problem. */
export function assertStoreIntact(db: DatabaseSync, path: string): void {
  const rows = db.prepare('PRAGMA quick_check(5)').all() as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw damagedStoreError(path, problems.join('; '));
}

/** Where the copy taken before migrating to `version` goes. */
export function migrationBackupPath(path: string, version: number): string {
  return `${path}.pre-v${version}.bak`;
}

/**
 * Copies the database (a consistent snapshot, compacted) before it is migrated to `version`.
 * Written under a temporary name and renamed, so a backup on disk is always complete.
 */
export function backupBeforeMigration(db: DatabaseSync, path: string, version: number): string {
  const target = migrationBackupPath(path, version);
  const temp = `${target}.tmp-${process.pid}`;
  rmSync(temp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new Error(`could not back up ${path} before migrating it to schema version ${version}: ${(error as Error).message}; nothing was changed`);
  }
  return target;
}
