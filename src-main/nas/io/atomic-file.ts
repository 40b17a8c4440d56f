import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes all of `data` to an open file and flushes it to the disk. */
function writeAndSync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let offset = 0;
  while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
  fsyncSync(fd);
}

/** Flushes a folder's entries (a rename into it) to the disk; platforms that cannot open a folder skip it. */
function syncFolder(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    // Windows refuses fsync on a directory handle; its renames are durable by other means.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Write to a temporary sibling, then rename: readers see the old file or the new one, never half
 * of one. The file is fsynced before the rename and its folder after it, so that after a power
 * loss the name points at the complete new content (or still at the old file), never at an
 * empty or partial one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeAndSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}
