/**
 * Event writes and run claims per second on both store backends, through the same
 * asynchronous Store interface (SQLite through its adapter, PostgreSQL in a temporary local
 * cluster from Debian's package with durable commits: fsync on, like SQLite's synchronous=FULL).
 * Run: node test/bench/store-backends.ts [--runs=5] [--flushes=600] [--batch=3] [--claims=300]
 *
 * Per repetition and backend, a fresh store:
 * - flushes: one attempt appends `flushes` batches of `batch` NB201-sized architecture events
 *   with the summary columns (the scheduler's 100 ms flush), one transaction each;
 * - claims: `claims` queued runs claimed one after another by one claimer (each claim is a new
 *   attempt, a run_attempts row and a status event); for PostgreSQL also by 4 concurrent
 *   claimers on 4 connections (SKIP LOCKED lets them pass each other).
 * Printed: the median over the repetitions. PostgreSQL runs on the same machine over loopback
 * TCP; a lab's server over a network adds its round trip to each statement.
 */
import { join } from 'node:path';
import { parseStoreUrl } from '../../src-main/services/store-url.ts';
import { SqliteAsyncStore } from '../../src-main/services/sqlite-async-store.ts';
import { connectPostgres, type PostgresUrl } from '../../src-main/services/postgres/connect.ts';
import { migratePostgres } from '../../src-main/services/postgres/migrations.ts';
import { PostgresStore } from '../../src-main/services/postgres/store.ts';
import type { AsyncStore } from '../../src-main/services/store-api.ts';
import { tempDir } from '../helpers/data.ts';
import { postgresSkip, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { queueSearches } from '../helpers/store-contract.ts';
import { argInt, fmt, median } from './nb101-util.ts';
import { architectureEvent } from './store-events.ts';

const runs = argInt('runs', 5);
const flushes = argInt('flushes', 600);
const batch = argInt('batch', 3);
const claims = argInt('claims', 300);

async function flushesPerSecond(store: AsyncStore): Promise<number> {
  await queueSearches(store, 1, 'bench-flush');
  const claimed = (await store.claimNext('bench'))!;
  let query = 0;
  const started = performance.now();
  for (let i = 0; i < flushes; i++) {
    const events = Array.from({ length: batch }, () => architectureEvent(++query));
    await store.appendEvents(claimed.lease, events, { queries: query, best: { valid: 0.91, test: 0.9, hash: `h${query}`, arch: [1, 2, 3], query } });
  }
  return flushes / ((performance.now() - started) / 1000);
}

async function claimsPerSecond(store: AsyncStore, claimers: number): Promise<number> {
  await queueSearches(store, claims, 'bench-claims');
  const started = performance.now();
  let taken = 0;
  await Promise.all(Array.from({ length: claimers }, async (_, i) => {
    while (await store.claimNext(`claimer-${i}`)) taken++;
  }));
  if (taken !== claims) throw new Error(`claimed ${taken} of ${claims} runs`);
  return claims / ((performance.now() - started) / 1000);
}

type Measure = (store: AsyncStore) => Promise<number>;

async function onSqlite(measure: Measure): Promise<number> {
  const dir = tempDir('archwalk-bench-');
  const store = SqliteAsyncStore.open(join(dir.path, 'bench.db'));
  try {
    return await measure(store);
  } finally {
    await store.close();
    dir.cleanup();
  }
}

let databases = 0;
async function onPostgres(cluster: PostgresCluster, measure: Measure): Promise<number> {
  const url = parseStoreUrl(await cluster.createDatabase(`bench_${++databases}`)) as PostgresUrl;
  const client = await connectPostgres(url);
  await migratePostgres(client, url.redacted).finally(() => client.end());
  const store = await PostgresStore.open(url, { maxConnections: 4 });
  try {
    return await measure(store);
  } finally {
    await store.close();
  }
}

if (postgresSkip) {
  console.error(postgresSkip);
  process.exit(2);
}
const cluster = await startPostgres({ durable: true });
try {
  const results: Record<string, number[]> = {};
  const record = (name: string, value: number) => (results[name] ??= []).push(value);
  for (let r = 0; r < runs; r++) {
    // Alternating backends within each repetition, so that load from other processes hits both alike.
    record('sqlite flushes/s', await onSqlite(flushesPerSecond));
    record('postgres flushes/s', await onPostgres(cluster, flushesPerSecond));
    record('sqlite claims/s (1 claimer)', await onSqlite((s) => claimsPerSecond(s, 1)));
    record('postgres claims/s (1 claimer)', await onPostgres(cluster, (s) => claimsPerSecond(s, 1)));
    record('postgres claims/s (4 claimers, 4 connections)', await onPostgres(cluster, (s) => claimsPerSecond(s, 4)));
  }
  console.log(`store backends: ${runs} repetitions, ${flushes} flushes of ${batch} events, ${claims} claims; median`);
  for (const [name, values] of Object.entries(results)) {
    const m = median(values);
    const events = name.includes('flushes') ? `  (${fmt(m * batch)} events/s)` : '';
    console.log(`  ${name.padEnd(48)} ${fmt(m)}${events}   [${values.map(fmt).join(', ')}]`);
  }
} finally {
  cluster.stop();
}
