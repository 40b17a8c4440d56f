import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStoreUrl, redactSecrets, redactUrl, resolveStoreUrl } from '../../src-main/services/store-url.ts';
import { UserError } from '../../src-main/services/user-error.ts';
import { storeDatabase } from '../../src-main/services/home.ts';
import { takeStoreOption } from '../../src-main/cli/main.ts';

test('sqlite: URLs resolve their path against the working folder', () => {
  assert.deepEqual(parseStoreUrl('sqlite:lab/a.db', '/work'), { kind: 'sqlite', path: '/work/lab/a.db', redacted: 'sqlite:/work/lab/a.db' });
  assert.equal((parseStoreUrl('sqlite:///abs/a.db') as { path: string }).path, '/abs/a.db');
  assert.throws(() => parseStoreUrl('sqlite:'), /names no file/);
});

test('postgres:// URLs give host, port (default 5432), database and user; the password stays out of the redacted form', () => {
  const url = parseStoreUrl('postgres://lab:s%40cret@db.example:6543/archwalk');
  assert.equal(url.kind, 'postgres');
  if (url.kind !== 'postgres') return;
  assert.deepEqual([url.host, url.port, url.database, url.user, url.password], ['db.example', 6543, 'archwalk', 'lab', 's@cret']);
  assert.equal(url.redacted, 'postgres://lab:***@db.example:6543/archwalk');
  const other = parseStoreUrl('postgresql://lab@db/archwalk?sslmode=require');
  assert.equal(other.kind === 'postgres' && other.port, 5432);
  assert.equal(other.redacted, 'postgresql://lab@db/archwalk?sslmode=require');
});

test('bad URLs are one UserError each, naming what is wrong and never the password', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['mysql://u:topsecret@h/db', /scheme mysql; archwalk knows sqlite:PATH and postgres:\/\//],
    ['postgres://u:topsecret@h', /names no database/],
    ['postgres://u:topsecret@h:99999/db', /is not a URL/],
    ['postgres:///db', /names no host/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseStoreUrl(text), (e: Error) => {
      assert.ok(e instanceof UserError, text);
      assert.match(e.message, message);
      assert.doesNotMatch(e.message, /topsecret/);
      return true;
    });
  }
});

test('redaction scrubs the password, raw and URL-encoded, from any message', () => {
  assert.equal(redactUrl('postgres://u:p%2Fw@h/db'), 'postgres://u:***@h/db');
  assert.equal(redactUrl('not a url'), 'not a url');
  const url = parseStoreUrl('postgres://u:p%2Fw@h/db');
  assert.equal(redactSecrets('failed for postgres://u:p%2Fw@h/db: password "p/w" rejected', url), 'failed for postgres://u:***@h/db: password "***" rejected');
});

test('the store of a command: --store, else ARCHWALK_STORE, else the home\'s SQLite file', () => {
  assert.equal(resolveStoreUrl(undefined, '/h', {}).redacted, 'sqlite:/h/archwalk.db');
  assert.equal(resolveStoreUrl(undefined, '/h', { ARCHWALK_STORE: 'postgres://u@x/db' }).redacted, 'postgres://u@x/db');
  assert.equal(resolveStoreUrl('sqlite:/o.db', '/h', { ARCHWALK_STORE: 'postgres://u@x/db' }).redacted, 'sqlite:/o.db');
  assert.equal(resolveStoreUrl(undefined, '/h', { ARCHWALK_STORE: ' ' }).redacted, 'sqlite:/h/archwalk.db');
});

test('--store anywhere before -- becomes ARCHWALK_STORE and leaves the arguments', () => {
  const env: NodeJS.ProcessEnv = {};
  assert.deepEqual(takeStoreOption(['runs', '--store', 'sqlite:/x.db', 'list', '--', '--store', 'y'], env), ['runs', 'list', '--', '--store', 'y']);
  assert.equal(env.ARCHWALK_STORE, 'sqlite:/x.db');
  assert.deepEqual(takeStoreOption(['--store=postgres://u@h/db', 'worker'], env), ['worker']);
  assert.equal(env.ARCHWALK_STORE, 'postgres://u@h/db');
  assert.throws(() => takeStoreOption(['worker', '--store'], {}), /--store needs a URL/);
});

test("a home's database is the sqlite store's file; a PostgreSQL store is refused where the command does not run on one", () => {
  assert.equal(storeDatabase('/h', {}), '/h/archwalk.db');
  assert.equal(storeDatabase('/h', { ARCHWALK_STORE: 'sqlite:/elsewhere/s.db' }), '/elsewhere/s.db');
  assert.throws(() => storeDatabase('/h', { ARCHWALK_STORE: 'postgres://u:topsecret@h/db' }), (e: Error) =>
    e instanceof UserError && /postgres:\/\/u:\*\*\*@h\/db is a lab's PostgreSQL store: this command does not run on one yet/.test(e.message) && !e.message.includes('topsecret'));
});
