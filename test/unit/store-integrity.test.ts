/**
 * Opening the store: a damaged file is refused with a message naming it and what to do, and
 * an existing database is copied before a migration changes it.
 */
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { MIGRATIONS } from '../../src-main/services/migrations.ts';
import { Store } from '../../src-main/services/store.ts';
import { migrationBackupPath } from '../../src-main/services/store-integrity.ts';
import { tempDir } from '../helpers/data.ts';

const NEWEST = MIGRATIONS.at(-1)!.version;

/** A database at schema version `version`, with one setting written into it. */
function databaseAt(path: string, version: number): void {
  const db = new DatabaseSync(path);
  for (const migration of MIGRATIONS.filter((m) => m.version <= version)) db.exec(migration.sql);
  db.exec(`PRAGMA user_version = ${version}`);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('kept', 'yes');
  db.close();
}

test('a damaged database is refused with a message that names the file and what to do', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'damaged.db');
    const store = new Store(path);
    store.db.exec('CREATE TABLE filler (x TEXT)');
    const insert = store.db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 400; i++) insert.run('x'.repeat(200));
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const pages = (store.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    store.close();
    // Scribble over the b-tree pages of the last third of the file.
    const fd = openSync(path, 'r+');
    for (let page = Math.floor((pages * 2) / 3); page < pages; page++) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, page * 4096);
    closeSync(fd);
    assert.throws(() => new Store(path), (error: Error) => {
      assert.match(error.message, new RegExp(`the archwalk database ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged`));
      assert.match(error.message, /move the file aside/);
      assert.match(error.message, /restore a backup/);
      return true;
    });
  } finally {
    dir.cleanup();
  }
});

test('a file that is not a database is refused the same way', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'archwalk.db');
    writeFileSync(path, 'these are not the bytes of a SQLite database, but they are long enough to look like a header'.repeat(50));
    assert.throws(() => new Store(path), /archwalk\.db is damaged: file is not a database/);
  } finally {
    dir.cleanup();
  }
});

test('an existing database is backed up before it is migrated; a new one is not', () => {
  const dir = tempDir();
  try {
    const fresh = join(dir.path, 'fresh.db');
    new Store(fresh).close();
    assert.deepEqual(readdirSync(dir.path).filter((f) => f.includes('.bak')), [], 'nothing to back up in a new database');

    const old = join(dir.path, 'old.db');
    databaseAt(old, 5);
    const store = new Store(old);
    assert.equal(store.schemaVersion, NEWEST);
    assert.equal(store.getSetting('kept'), 'yes');
    store.close();
    const backup = migrationBackupPath(old, NEWEST);
    assert.ok(existsSync(backup), `${backup} exists`);
    const copy = new DatabaseSync(backup, { readOnly: true });
    assert.equal((copy.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, 5, 'the copy is the database before the migration');
    assert.deepEqual({ ...(copy.prepare("SELECT value FROM settings WHERE key = 'kept'").get() as object) }, { value: 'yes' });
    copy.close();
    assert.deepEqual(readdirSync(dir.path).filter((f) => f.includes('.tmp-')), [], 'no temporary copy is left');
  } finally {
    dir.cleanup();
  }
});
