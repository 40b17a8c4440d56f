/**
 * The store's lease and fencing contract: each claim is a new attempt; a write that names an
 * attempt which no longer owns the run changes nothing and throws FencedError; expired leases
 * are swept into 'interrupted'; the real error of a failed transaction is the one reported.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUSY_TIMEOUT_MS, DEFAULT_LEASE_MS, FencedError, type RunLease } from '../../src-main/services/run-lease.ts';
import { Store } from '../../src-main/services/store.ts';
import { expandSearchRuns, validateExperimentConfig } from '#shared/config.ts';
import { tempDir } from '../helpers/data.ts';

function withStore(fn: (store: Store) => void): void {
  const dir = tempDir();
  const store = new Store(join(dir.path, 'leases.db'));
  try {
    const result = validateExperimentConfig({ name: 'l', benchmark: 'b', budget: 5, seeds: 1, searchers: ['random-search'] });
    assert.ok(result.ok);
    store.insertExperiment(result.config, 'hash', expandSearchRuns(result.config).map((r) => ({ config: r, configHash: 'h', appVersion: 'test', benchmarkSha256: null })));
    fn(store);
  } finally {
    store.close();
    dir.cleanup();
  }
}

function claim(store: Store, owner: string, leaseMs?: number): RunLease {
  const row = store.claimNextQueued(owner, undefined, leaseMs)!;
  assert.ok(row, `${owner} claims the run`);
  return { runId: row.id, attempt: row.attempt, owner };
}

/** Ages the run's lease as if its owner had been silent for `ms`. */
function expire(store: Store, runId: number, ms = 1): void {
  store.db.prepare('UPDATE runs SET lease_expires_at = ?, heartbeat_at = ? WHERE id = ?').run(Date.now() - ms, Date.now() - ms, runId);
}

function architectureQueries(store: Store, runId: number): number[] {
  return store.events(runId, { type: 'architecture' }).map((e) => (e.data as { query: number }).query);
}

test('every claim is a new attempt with its owner and lease, recorded in run_attempts', () => {
  withStore((store) => {
    const first = claim(store, 'a', 60_000);
    assert.equal(first.attempt, 1);
    const row = store.getRun(first.runId)!;
    assert.equal(row.owner, 'a');
    assert.ok(row.lease_expires_at! > Date.now() + 50_000 && row.lease_expires_at! <= Date.now() + 60_000);
    expire(store, first.runId);
    assert.deepEqual(store.expireLeases(), [first.runId]);
    assert.equal(store.transition(first.runId, ['interrupted'], 'queued', 'resumed'), true);
    const second = claim(store, 'b');
    assert.equal(second.attempt, 2);
    const attempts = store.db.prepare('SELECT attempt, owner, outcome, ended_at IS NOT NULL AS ended FROM run_attempts ORDER BY attempt').all();
    assert.deepEqual(attempts.map((a) => ({ ...a })), [
      { attempt: 1, owner: 'a', outcome: 'interrupted', ended: 1 },
      { attempt: 2, owner: 'b', outcome: null, ended: 0 },
    ]);
  });
});

test('a stale attempt changes nothing: events, summary, status, renewal and writes made as the attempt are fenced', () => {
  withStore((store) => {
    const stale = claim(store, 'frozen');
    store.appendEvents(stale, [{ type: 'architecture', data: { query: 1 } }], { queries: 1 });
    expire(store, stale.runId);
    store.expireLeases();
    store.transition(stale.runId, ['interrupted'], 'queued', 'resumed by the user');
    const current = claim(store, 'new');
    store.appendEvents(current, [{ type: 'architecture', data: { query: 2 } }], { queries: 2 });
    const before = store.getRun(stale.runId)!;
    const eventsBefore = store.events(stale.runId).length;

    assert.throws(() => store.appendEvents(stale, [{ type: 'architecture', data: { query: 2 } }], { queries: 40, best: { valid: 1, test: 1, hash: 'x', arch: null } }), FencedError);
    assert.throws(() => store.transition(stale.runId, ['running', 'paused'], 'failed', 'stale', { error: 'x' }, { lease: stale }), /run \d+ attempt 1 was taken over: the run is running in attempt 2 owned by new/);
    assert.throws(() => store.writeAsAttempt(stale, () => store.setSetting('written-by-stale', 'yes')), FencedError);
    assert.deepEqual(store.renewLeases([stale, current]), [stale], 'only the current lease is renewed');

    const after = store.getRun(stale.runId)!;
    assert.equal(after.status, 'running');
    assert.equal(after.queries, before.queries);
    assert.equal(after.best_hash, null);
    assert.equal(store.events(stale.runId).length, eventsBefore);
    assert.equal(store.getSetting('written-by-stale'), undefined, 'the fenced write was rolled back');
    assert.deepEqual(architectureQueries(store, stale.runId), [1, 2]);

    assert.equal(store.transition(current.runId, ['running'], 'succeeded', 'done', {}, { lease: current }), true);
    assert.throws(() => store.appendEvents(current, [{ type: 'log', data: {} }]), FencedError, 'a finished attempt writes no more');
  });
});

test('only expired leases are swept; renewal keeps a run its owner is running; an override counts silence', () => {
  withStore((store) => {
    const lease = claim(store, 'alive', 1_000);
    assert.deepEqual(store.expireLeases(), [], 'a fresh lease is not swept');
    expire(store, lease.runId);
    assert.deepEqual(store.renewLeases([lease], 1_000), [], 'a lease not yet swept can still be renewed');
    assert.deepEqual(store.expireLeases(), [], 'renewed');
    assert.deepEqual(store.expireLeases({ silentSinceMs: 60_000 }), []);
    store.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(Date.now() - 5_000, lease.runId);
    assert.deepEqual(store.expireLeases({ silentSinceMs: 1_000 }), [lease.runId], 'silent for longer than the override');
    assert.equal(store.getRun(lease.runId)!.status, 'interrupted');
    assert.equal(store.getRun(lease.runId)!.owner, null);
    assert.throws(() => store.appendEvents(lease, [{ type: 'log', data: {} }]), FencedError, 'the swept owner is fenced');
  });
});

test('a transaction that SQLite already rolled back reports its own error, not a failed ROLLBACK', () => {
  withStore((store) => {
    assert.throws(
      () =>
        store.transaction(() => {
          // What SQLite does by itself on a full disk or a busy commit.
          store.db.exec('ROLLBACK');
          throw new Error('the real failure');
        }),
      /the real failure/,
    );
    assert.equal(store.db.isTransaction, false);
    store.setSetting('still', 'usable');
    assert.equal(store.getSetting('still'), 'usable');
  });
});

test('commits are durable (synchronous=FULL) and a lock wait is far shorter than a lease', () => {
  withStore((store) => {
    assert.equal((store.db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous, 2, 'FULL');
    assert.equal((store.db.prepare('PRAGMA busy_timeout').get() as { timeout: number }).timeout, BUSY_TIMEOUT_MS);
    assert.ok(BUSY_TIMEOUT_MS * 4 <= DEFAULT_LEASE_MS);
  });
});
