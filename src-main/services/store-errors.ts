/**
 * What a failed store write means for the scheduler: wait and retry (another connection holds
 * the lock), pause the queue until space returns (disk full), or a real error of this write.
 * node:sqlite errors carry SQLite's extended result code in `errcode`.
 */

export type StoreFailureKind = 'busy' | 'disk-full' | 'other';

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;
/** Extended IOERR codes of a write that could not be done: WRITE, FSYNC, TRUNCATE, SHMSIZE. */
const IOERR_OF_WRITING = new Set([(3 << 8) | SQLITE_IOERR, (4 << 8) | SQLITE_IOERR, (6 << 8) | SQLITE_IOERR, (19 << 8) | SQLITE_IOERR]);

function sqliteCode(error: unknown): number | null {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : null;
}

export function classifyStoreError(error: unknown): StoreFailureKind {
  const errno = (error as { code?: unknown } | null)?.code;
  if (errno === 'ENOSPC' || errno === 'EFBIG' || errno === 'EDQUOT') return 'disk-full';
  const code = sqliteCode(error);
  if (code === null) return 'other';
  const primary = code & 0xff;
  if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED) return 'busy';
  // A write that fails for lack of room comes back as SQLITE_FULL (ENOSPC) or as an I/O error
  // of the write itself (EFBIG past a file-size limit, EDQUOT): both wait for space.
  if (primary === SQLITE_FULL || IOERR_OF_WRITING.has(code)) return 'disk-full';
  return 'other';
}

export function describeStoreError(error: unknown): string {
  const e = error as { message?: string; errstr?: string; errcode?: number };
  const detail = e.errcode !== undefined ? ` (SQLite code ${e.errcode}${e.errstr && e.errstr !== e.message ? `: ${e.errstr}` : ''})` : '';
  return `${e.message ?? String(error)}${detail}`;
}
