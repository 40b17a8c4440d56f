import assert from 'node:assert/strict';
import fs, { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { writeFileAtomic } from '../../src-main/nas/io/atomic-file.ts';
import { tempDir } from '../helpers/data.ts';

test('the atomic writer replaces the file whole and fsyncs the file before the rename and its folder after it', () => {
  const dir = tempDir();
  const synced: string[] = [];
  const realFsync = fs.fsyncSync;
  const realRename = fs.renameSync;
  const fsync = mock.method(fs, 'fsyncSync', (fd: number) => {
    synced.push(fs.fstatSync(fd).isDirectory() ? 'folder' : `file of ${fs.fstatSync(fd).size} bytes`);
    realFsync(fd);
  });
  const rename = mock.method(fs, 'renameSync', (from: string, to: string) => {
    synced.push('rename');
    realRename(from, to);
  });
  syncBuiltinESMExports();
  try {
    const path = join(dir.path, 'table.bin');
    writeFileAtomic(path, 'old');
    synced.length = 0;
    const data = new Uint8Array(100_000).map((_, i) => i % 251);
    writeFileAtomic(path, data);
    assert.deepEqual(new Uint8Array(readFileSync(path)), data);
    assert.deepEqual(synced, ['file of 100000 bytes', 'rename', 'folder']);
    assert.deepEqual(readdirSync(dir.path), ['table.bin'], 'no temporary file is left');
  } finally {
    fsync.mock.restore();
    rename.mock.restore();
    syncBuiltinESMExports();
    dir.cleanup();
  }
});

test('a failed write leaves the old file and no temporary file', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'kept.json');
    writeFileAtomic(path, '{"v":1}');
    mkdirSync(join(dir.path, 'in-the-way'));
    // Renaming a file over a folder fails: the write must not leave anything behind.
    assert.throws(() => writeFileAtomic(join(dir.path, 'in-the-way'), 'x'));
    assert.equal(readFileSync(path, 'utf8'), '{"v":1}');
    assert.deepEqual(readdirSync(dir.path).sort(), ['in-the-way', 'kept.json']);
    assert.ok(existsSync(path));
  } finally {
    dir.cleanup();
  }
});
