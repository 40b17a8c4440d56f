import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { MIGRATIONS } from '../../src-main/services/migrations.ts';
import { Store } from '../../src-main/services/store.ts';
import { expandSearchRuns, validateExperimentConfig } from '#shared/config.ts';
import { REPO_ROOT, tempDir } from '../helpers/data.ts';

function config() {
  const result = validateExperimentConfig({ name: 's', benchmark: 'b', budget: 5, seeds: 2, searchers: ['random-search', 'random-walk'] });
  assert.ok(result.ok);
  return result.config;
}

function insert(store: Store): number {
  const c = config();
  return store.insertExperiment(c, 'hash', expandSearchRuns(c).map((r) => ({ config: r, configHash: 'h', appVersion: 'test', benchmarkSha256: null })));
}

test('a new store is migrated to the newest schema, in WAL mode, and reopening changes nothing', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'a.db');
    const store = new Store(path);
    assert.equal(store.schemaVersion, MIGRATIONS.at(-1)!.version);
    assert.equal((store.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
    const id = insert(store);
    store.close();
    const again = new Store(path);
    assert.equal(again.getExperiment(id)?.name, 's');
    assert.equal(again.listRuns({ experimentId: id }).length, 4);
    again.close();
  } finally {
    dir.cleanup();
  }
});

test('a database from a newer archwalk is refused with a clear message', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'future.db');
    const db = new DatabaseSync(path);
    db.exec('PRAGMA user_version = 999');
    db.close();
    assert.throws(() => new Store(path), /schema version 999, newer than this archwalk understands/);
  } finally {
    dir.cleanup();
  }
});

test('queue order, atomic claims and guarded transitions', () => {
  const dir = tempDir();
  try {
    const store = new Store(join(dir.path, 'q.db'));
    const id = insert(store);
    const runs = store.listRuns({ experimentId: id });
    assert.deepEqual(runs.map((r) => r.status), ['queued', 'queued', 'queued', 'queued']);
    const first = store.claimNextQueued('me')!;
    assert.equal(first.id, runs[0]!.id);
    assert.equal(first.status, 'running');
    assert.equal(store.claimNextQueued('other')!.id, runs[1]!.id, 'a claimed run is not claimed again');
    assert.equal(store.transition(first.id, ['queued'], 'cancelled', 'x'), false, 'a transition from the wrong state changes nothing');
    assert.equal(store.transition(first.id, ['running'], 'succeeded', 'done'), true);
    assert.equal(store.getRun(first.id)!.queue_position, null);
    assert.ok(store.getRun(first.id)!.finished_at);
    const statuses = store.events(first.id, { type: 'status' }).map((e) => (e.data as { to: string }).to);
    assert.deepEqual(statuses, ['running', 'succeeded']);
    store.close();
  } finally {
    dir.cleanup();
  }
});

test('events append in order and move the summary columns in one transaction', () => {
  const dir = tempDir();
  try {
    const store = new Store(join(dir.path, 'e.db'));
    const id = insert(store);
    const run = store.claimNextQueued('me')!;
    const lease = { runId: run.id, attempt: run.attempt, owner: 'me' };
    store.appendEvents(lease, [{ type: 'architecture', data: { query: 1 } }, { type: 'log', data: { level: 'info', message: 'x' } }], { queries: 1, best: { valid: 0.9, test: 0.8, hash: 'h1', arch: [1] } });
    assert.throws(() => store.appendEvents(lease, [{ type: 'architecture', data: { query: 2 } }, { type: 'bad', data: undefined }], { queries: 2 }));
    assert.equal(store.getRun(run.id)!.queries, 1, 'a failed batch leaves nothing behind');
    assert.deepEqual(store.events(run.id).map((e) => e.seq), [1, 2, 3], 'the claim, then the batch');
    assert.equal(store.getRun(run.id)!.best_test, 0.8);
    assert.deepEqual(store.events(run.id, { lastN: 1 }).map((e) => e.type), ['log']);
    store.close();
  } finally {
    dir.cleanup();
  }
});

test('a process killed in the middle of writing an experiment leaves no half-written experiment', () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'k.db');
    new Store(path).close();
    // The child starts the same transaction insertExperiment uses, writes part of it, and dies.
    const script = `
      import { Store } from ${JSON.stringify(join(REPO_ROOT, 'src-main/services/store.ts'))};
      const store = new Store(${JSON.stringify(path)});
      store.db.exec('BEGIN IMMEDIATE');
      store.db.prepare("INSERT INTO experiments (name, config_json, config_hash, created_at) VALUES ('half', '{}', 'h', 'now')").run();
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const store = new Store(path);
    assert.deepEqual(store.listExperiments(), []);
    store.close();
  } finally {
    dir.cleanup();
  }
});

test('queued runs can be moved to the top, the bottom, up and down', () => {
  const dir = tempDir();
  try {
    const store = new Store(join(dir.path, 'm.db'));
    const id = insert(store);
    const ids = store.listRuns({ experimentId: id }).map((r) => r.id);
    const order = (): number[] => store.listRuns({ statuses: ['queued'] }).map((r) => r.id);
    assert.equal(store.moveQueued(ids[3]!, 'top'), true);
    assert.deepEqual(order(), [ids[3], ids[0], ids[1], ids[2]]);
    store.moveQueued(ids[3]!, 'down');
    assert.deepEqual(order(), [ids[0], ids[3], ids[1], ids[2]]);
    store.moveQueued(ids[0]!, 'bottom');
    assert.deepEqual(order(), [ids[3], ids[1], ids[2], ids[0]]);
    store.moveQueued(ids[2]!, 'up');
    assert.deepEqual(order(), [ids[3], ids[2], ids[1], ids[0]]);
    assert.equal(store.claimNextQueued('me')!.id, ids[3], 'the queue is taken in the new order');
    assert.equal(store.moveQueued(ids[3]!, 'top'), false, 'a running run does not move');
    store.close();
  } finally {
    dir.cleanup();
  }
});
