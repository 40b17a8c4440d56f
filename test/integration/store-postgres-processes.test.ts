/**
 * The PostgreSQL queue with real processes (test/helpers/pg-claimer.ts, each with its own
 * connections): four claimers draining one queue never get the same run, and an attempt frozen
 * past its lease (SIGSTOP) whose run was taken over changes nothing when it wakes up.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseStoreUrl } from '../../src-main/services/store-url.ts';
import { connectPostgres, type PostgresUrl } from '../../src-main/services/postgres/connect.ts';
import { migratePostgres } from '../../src-main/services/postgres/migrations.ts';
import { PostgresStore } from '../../src-main/services/postgres/store.ts';
import { REPO_ROOT } from '../helpers/data.ts';
import { postgresSkip, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { sleep, until } from '../helpers/processes.ts';
import { queueSearches } from '../helpers/store-contract.ts';

let cluster: PostgresCluster | undefined;
before(async () => {
  if (!postgresSkip) cluster = await startPostgres();
});
after(() => cluster?.stop());

async function initialisedStore(name: string): Promise<{ url: string; store: PostgresStore }> {
  const url = await cluster!.createDatabase(name);
  const parsed = parseStoreUrl(url) as PostgresUrl;
  const client = await connectPostgres(parsed);
  await migratePostgres(client, parsed.redacted).finally(() => client.end());
  return { url, store: await PostgresStore.open(parsed) };
}

function claimer(args: string[]) {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(REPO_ROOT, 'test', 'helpers', 'pg-claimer.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, lines: () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr: () => stderr };
}

test('four claimer processes drain 60 runs: each run is claimed exactly once and succeeds with a gap-free event log', { skip: postgresSkip }, async () => {
  const { url, store } = await initialisedStore('drain');
  try {
    const ids = await queueSearches(store, 60);
    const claimers = [0, 1, 2, 3].map((i) => claimer(['drain', url, `worker-${i}`]));
    const codes = await Promise.all(claimers.map((c) => c.exited));
    assert.deepEqual(codes, [0, 0, 0, 0], claimers.map((c) => c.stderr()).join('\n'));
    const claimed = claimers.flatMap((c) => c.lines().filter((l) => 'claimed' in l).map((l) => l.claimed as number));
    assert.deepEqual([...claimed].sort((a, b) => a - b), ids, 'every run once, none twice');
    assert.ok(claimers.filter((c) => c.lines().some((l) => 'claimed' in l)).length >= 2, 'the work was shared');
    for (const run of await store.listRuns()) {
      assert.deepEqual([run.status, run.attempt, run.queries], ['succeeded', 1, 3]);
      const events = await store.events(run.id);
      assert.deepEqual(events.map((e) => e.seq), [1, 2, 3, 4, 5], `run ${run.id}: claim, 3 architectures, success`);
      assert.ok(events.slice(1, 4).every((e) => (e.data as { owner: string }).owner === run.owner || run.owner === null));
    }
  } finally {
    await store.close();
  }
});

test('a claimer frozen past its lease is taken over; when it wakes its writes change nothing and it stops', { skip: postgresSkip }, async () => {
  const { url, store } = await initialisedStore('freeze');
  const leaseMs = 1500;
  const a = claimer(['hold', url, 'frozen-a', String(leaseMs)]);
  try {
    const [id] = await queueSearches(store, 1);
    let queries = 0;
    const probe = async () => (queries = (await store.getRun(id!))?.queries ?? 0);
    for (const deadline = Date.now() + 20000; (await probe()) < 5; await sleep(50)) if (Date.now() > deadline) assert.fail(`A never wrote 5 events: ${a.stderr()}`);
    a.child.kill('SIGSTOP');
    await sleep(leaseMs + 500);
    // Any machine's sweeper finds the silent lease expired on the database clock; the run is resumed and B claims it.
    // (Were A frozen inside a transaction, the server would end its session after idle_in_transaction_session_timeout.)
    assert.deepEqual(await store.expireLeases(), [id]);
    assert.ok(await store.transition(id!, ['interrupted'], 'queued', 'resumed'));
    const b = await store.claimNext('b', { leaseMs: 60_000 });
    assert.equal(b?.lease.attempt, 2);
    const takenOverAt = (await store.events(id!, { lastN: 1 }))[0]!.seq;
    const runBefore = await store.getRun(id!);
    a.child.kill('SIGCONT');
    const code = await Promise.race([a.exited, sleep(20000).then(() => 'timeout')]);
    assert.equal(code, 0, a.stderr());
    const stopped = a.lines().find((l) => 'stopped' in l);
    assert.ok(stopped && (stopped.stopped === 'fenced' || stopped.stopped === 'lost-lease'), JSON.stringify(a.lines()));
    if (stopped.stopped === 'fenced') assert.match(String(stopped.message), new RegExp(`run ${id} attempt 1 was taken over: the run is running in attempt 2 owned by b`));
    assert.deepEqual(await store.events(id!, { afterSeq: takenOverAt }), [], 'no event of attempt 1 after the takeover');
    assert.deepEqual(await store.getRun(id!), runBefore, 'the run row is as B left it');
    await store.appendEvents(b!.lease, [{ type: 'architecture', data: { query: queries + 1, attempt: 2 } }], { queries: queries + 1 });
    assert.equal((await store.getRun(id!))?.queries, queries + 1);
  } finally {
    if (a.child.exitCode === null) {
      a.child.kill('SIGCONT');
      a.child.kill('SIGKILL');
    }
    await store.close();
  }
});

test('leases run on the database clock: a writer whose clock is an hour ahead, and a sweeper an hour behind, change nothing about them', { skip: postgresSkip }, async () => {
  const { store } = await initialisedStore('clock');
  const realNow = Date.now;
  try {
    const [first, second] = await queueSearches(store, 2);
    Date.now = () => realNow() + 3_600_000;
    const claimed = await store.claimNext('ahead', { leaseMs: 5000 });
    assert.deepEqual(await store.renewLeases([claimed!.lease], 5000), []);
    const short = await store.claimNext('ahead', { leaseMs: 800 });
    Date.now = realNow;
    const databaseNow = await store.now();
    const run = (await store.getRun(first!))!;
    assert.ok(run.lease_expires_at! - databaseNow > 3000 && run.lease_expires_at! - databaseNow <= 5000, `lease ends ${run.lease_expires_at! - databaseNow} ms after the database's now`);
    assert.ok(Math.abs(run.heartbeat_at! - databaseNow) < 2000);
    await sleep(1200);
    Date.now = () => realNow() - 3_600_000;
    assert.deepEqual(await store.expireLeases(), [short!.run.id], 'only the lease that ended on the database clock');
    assert.equal(short!.run.id, second);
  } finally {
    Date.now = realNow;
    await store.close();
  }
});

test('a fast restart of the PostgreSQL server mid-run loses no committed event; the store reconnects and the sequence stays gap-free', { skip: postgresSkip }, async () => {
  const { store } = await initialisedStore('restart');
  try {
    const [id] = await queueSearches(store, 1);
    const { lease } = (await store.claimNext('writer', { leaseMs: 120_000 }))!;
    const committed: number[] = [];
    let failures = 0;
    let writing = true;
    const writer = (async () => {
      for (let query = 1; writing;) {
        try {
          await store.appendEvents(lease, [{ type: 'architecture', data: { query } }], { queries: query });
          committed.push(query++);
        } catch {
          failures++;
          await sleep(100);
        }
      }
    })();
    try {
      await until('20 committed writes', () => committed.length >= 20, 20000);
      cluster!.restart('fast');
      const before = committed.length;
      await until('20 more committed writes after the restart', () => committed.length >= before + 20, 30000, () => `${failures} failed writes`);
    } finally {
      writing = false;
      await writer;
    }
    const events = await store.events(id!, { type: 'architecture' });
    const recorded = events.map((e) => (e.data as { query: number }).query);
    assert.deepEqual(recorded.filter((q) => committed.includes(q)), committed, 'every committed write, in order, once');
    assert.ok(recorded.length - committed.length <= failures, 'at most the writes whose commit was not acknowledged are extra');
    const all = await store.events(id!);
    assert.deepEqual(all.map((e) => e.seq), all.map((_, i) => i + 1), 'no gap in the sequence');
  } finally {
    await store.close();
  }
});

test("a claimer killed mid-run (SIGKILL) loses its run to the lease: it is queued again and another process finishes it as attempt 2", { skip: postgresSkip }, async () => {
  const { url, store } = await initialisedStore('killed');
  const leaseMs = 1500;
  const a = claimer(['hold', url, 'killed-a', String(leaseMs)]);
  try {
    const [id] = await queueSearches(store, 1);
    for (const deadline = Date.now() + 20000; ((await store.getRun(id!))?.queries ?? 0) < 3; await sleep(50)) if (Date.now() > deadline) assert.fail(`A never wrote 3 events: ${a.stderr()}`);
    a.child.kill('SIGKILL');
    await a.exited;
    assert.deepEqual(await store.expireLeases({ maxAttempts: 3 }), [], 'the lease has not run out yet');
    await sleep(leaseMs + 300);
    assert.deepEqual(await store.expireLeases({ maxAttempts: 3 }), [id]);
    const b = claimer(['drain', url, 'worker-b']);
    assert.equal(await b.exited, 0, b.stderr());
    assert.deepEqual(b.lines().filter((l) => 'claimed' in l), [{ claimed: id, attempt: 2 }]);
    const run = await store.getRun(id!);
    assert.deepEqual([run?.status, run?.attempt], ['succeeded', 2]);
    const all = await store.events(id!);
    assert.deepEqual(all.map((e) => e.seq), all.map((_, i) => i + 1), 'one gap-free log across both attempts');
  } finally {
    a.child.kill('SIGKILL');
    await store.close();
  }
});

test('the doorbell rings across processes: a listener hears every committed batch another process writes (LISTEN/NOTIFY)', { skip: postgresSkip }, async () => {
  const { url, store } = await initialisedStore('doorbell');
  const heard = new Map<number, number>();
  const stop = await store.onEvents(({ runId, seq }) => heard.set(runId, Math.max(heard.get(runId) ?? 0, seq)));
  try {
    const ids = await queueSearches(store, 3);
    const b = claimer(['drain', url, 'writer']);
    assert.equal(await b.exited, 0, b.stderr());
    await until('the last bell of each run', () => ids.every((id) => heard.get(id) === 5), 10000, () => JSON.stringify([...heard]));
    // The bell names the last sequence written: reading after it finds nothing new.
    for (const id of ids) assert.deepEqual(await store.events(id, { afterSeq: heard.get(id)! }), []);
  } finally {
    await stop();
    await store.close();
  }
});
