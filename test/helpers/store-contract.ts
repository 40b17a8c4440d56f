/**
 * One test suite for the asynchronous store interface (src-main/services/store-api.ts), run
 * against every backend: claims are attempts, writes are fenced by attempt, leases expire on
 * the store's clock, events are read after a sequence number and ring the doorbell.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOverrides } from '#shared/agent-presets.ts';
import { expandRuns, expandSearchRuns, validateExperimentConfig } from '#shared/config.ts';
import { runDependencies } from '../../src-main/services/experiments.ts';
import { FencedError, type RunLease } from '../../src-main/services/run-lease.ts';
import type { AsyncStore, EventBell } from '../../src-main/services/store-api.ts';
import { sleep } from './processes.ts';

export interface OpenedStore {
  store: AsyncStore;
  cleanup(): Promise<void>;
}

/** Queues one search experiment of `seeds` random-search runs; returns their ids in queue order. */
export async function queueSearches(store: AsyncStore, seeds: number, name = 'contract'): Promise<number[]> {
  const result = validateExperimentConfig({ name, benchmark: 'b', budget: 5, seeds, searchers: ['random-search'] });
  assert.ok(result.ok);
  const id = await store.insertExperiment(result.config, 'hash', expandSearchRuns(result.config).map((r) => ({ config: r, configHash: 'h', appVersion: 'test', benchmarkSha256: null })));
  return (await store.listRuns({ experimentId: id })).map((r) => r.id);
}

async function claim(store: AsyncStore, owner: string, leaseMs = 60_000): Promise<RunLease> {
  const claimed = await store.claimNext(owner, { leaseMs });
  assert.ok(claimed, `${owner} claims a run`);
  return claimed.lease;
}

const architecture = (query: number) => ({ type: 'architecture', data: { query, hash: `h${query}`, valid: query / 10, test: query / 20 } });

export function storeContract(backend: string, open: () => Promise<OpenedStore>, skip: string | false = false): void {
  const each = (name: string, fn: (store: AsyncStore) => Promise<void>): void => {
    test(`${backend}: ${name}`, { skip }, async () => {
      const { store, cleanup } = await open();
      try {
        await fn(store);
      } finally {
        await cleanup();
      }
    });
  };

  each('claims take queued runs in queue order, each a new attempt recorded with its owner; none left: null', async (store) => {
    const ids = await queueSearches(store, 2);
    const a = await store.claimNext('a', { leaseMs: 60_000 });
    assert.equal(a?.run.id, ids[0]);
    assert.deepEqual(a?.lease, { runId: ids[0], attempt: 1, owner: 'a' });
    assert.equal(a?.run.status, 'running');
    assert.equal(a?.run.benchmark, 'b');
    const now = await store.now();
    assert.ok(a!.run.lease_expires_at! > now + 50_000 && a!.run.lease_expires_at! <= now + 60_000, 'the lease runs on the store clock');
    assert.equal((await store.claimNext('b'))?.run.id, ids[1]);
    assert.equal(await store.claimNext('c'), null);
    const [status] = await store.events(ids[0]!);
    assert.deepEqual(status?.data, { from: 'queued', to: 'running', reason: 'claimed by a (attempt 1)' });
  });

  each('concurrent claimers never get the same run', async (store) => {
    const ids = await queueSearches(store, 12);
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claimNext(`w${i}`)));
    const got = claims.filter((c) => c !== null).map((c) => c!.run.id).sort((x, y) => x - y);
    assert.deepEqual(got, ids);
  });

  each('appendEvents moves the summary forward; events are read after a sequence, by type, or the last N', async (store) => {
    const [id] = await queueSearches(store, 1);
    const lease = await claim(store, 'a');
    await store.appendEvents(lease, [architecture(1), architecture(2)], { queries: 2, best: { valid: 0.2, test: 0.1, hash: 'h2', arch: [1, 2], query: 2 } });
    await store.appendEvents(lease, [{ type: 'log', data: 'hello', t: 1234 }], { queries: 1 });
    const run = await store.getRun(id!);
    assert.equal(run?.queries, 2, 'queries only move forward');
    assert.deepEqual([run?.best_valid, run?.best_hash, run?.best_arch, run?.best_query], [0.2, 'h2', '[1,2]', 2]);
    assert.deepEqual((await store.events(id!)).map((e) => e.seq), [1, 2, 3, 4]);
    assert.deepEqual((await store.events(id!, { afterSeq: 2 })).map((e) => e.type), ['architecture', 'log']);
    assert.deepEqual((await store.events(id!, { type: 'architecture' })).map((e) => (e.data as { query: number }).query), [1, 2]);
    const [last] = await store.events(id!, { lastN: 1 });
    assert.deepEqual([last?.seq, last?.t, last?.data], [4, 1234, 'hello']);
  });

  each("an expired lease is swept into interrupted; the stale attempt's writes change nothing once another attempt exists", async (store) => {
    const [id] = await queueSearches(store, 1);
    const stale = await claim(store, 'a', 1);
    await store.appendEvents(stale, [architecture(1)], { queries: 1 });
    await sleep(30);
    assert.deepEqual(await store.expireLeases(), [id]);
    assert.equal((await store.getRun(id!))?.status, 'interrupted');
    assert.ok(await store.transition(id!, ['interrupted'], 'queued', 'resumed'));
    const fresh = await claim(store, 'b');
    assert.equal(fresh.attempt, 2);
    const before = await store.events(id!);
    await assert.rejects(store.appendEvents(stale, [architecture(2)], { queries: 2, best: { valid: 1, test: 1, hash: 'x', arch: [] } }), FencedError);
    await assert.rejects(store.transition(id!, ['running'], 'succeeded', 'done', {}, { lease: stale }), (e: Error) => e instanceof FencedError && /attempt 1 was taken over: the run is running in attempt 2 owned by b/.test(e.message));
    assert.deepEqual(await store.events(id!), before, 'no event of the stale attempt');
    const run = await store.getRun(id!);
    assert.deepEqual([run?.status, run?.queries, run?.best_hash, run?.attempt, run?.owner], ['running', 1, null, 2, 'b']);
    assert.deepEqual(await store.renewLeases([stale, fresh]), [stale], 'the stale lease cannot be renewed');
    assert.ok(await store.transition(id!, ['running'], 'succeeded', 'done', {}, { lease: fresh }));
    await assert.rejects(store.appendEvents(fresh, [architecture(9)]), FencedError, 'a finished attempt writes no more');
  });

  each('an expired lease re-queues its run while attempts remain (the next claim resumes it as a new attempt), then interrupts it', async (store) => {
    const [id] = await queueSearches(store, 1);
    const first = await claim(store, 'a', 1);
    await sleep(30);
    assert.deepEqual(await store.expireLeases({ maxAttempts: 2 }), [id]);
    const requeued = await store.getRun(id!);
    assert.deepEqual([requeued?.status, requeued?.owner], ['queued', null]);
    const second = await claim(store, 'b', 1);
    assert.deepEqual([second.runId, second.attempt], [id, 2]);
    await assert.rejects(store.appendEvents(first, [architecture(1)]), FencedError);
    await sleep(30);
    assert.deepEqual(await store.expireLeases({ maxAttempts: 2 }), [id]);
    assert.equal((await store.getRun(id!))?.status, 'interrupted', 'no attempts left');
    const reasons = (await store.events(id!, { type: 'status' })).map((e) => (e.data as { to: string; reason: string }));
    assert.match(reasons[1]!.reason, /attempt 1 of at most 2, queued again/);
    assert.equal(reasons[3]!.to, 'interrupted');
  });

  each('a live lease is not swept; renewing extends it on the store clock', async (store) => {
    const [id] = await queueSearches(store, 1);
    const lease = await claim(store, 'a', 1);
    await sleep(30);
    assert.deepEqual(await store.renewLeases([lease], 60_000), []);
    assert.deepEqual(await store.expireLeases(), []);
    const run = await store.getRun(id!);
    assert.equal(run?.status, 'running');
    assert.ok(run!.lease_expires_at! > (await store.now()) + 50_000);
  });

  each('a run waiting for another is claimed only after it succeeded, and fails when it fails', async (store) => {
    const result = validateExperimentConfig({
      kind: 'train-agent', name: 'sweep', benchmark: 'b', seeds: [0],
      agent: { name: 'a', budget: { minutes: 1 } },
      sweep: { grid: { rewardAlpha: [1, 50] }, evaluate: { budget: 5, seeds: 1, baselines: [] } },
    });
    assert.ok(result.ok);
    const runs = expandRuns(result.config, (p, o) => applyOverrides(p, o));
    const deps = runDependencies(runs);
    const id = await store.insertExperiment(result.config, 'h', runs.map((config, i) => ({ config, configHash: 'h', appVersion: 'test', benchmarkSha256: null, dependsOn: deps[i] })));
    const ids = (await store.listRuns({ experimentId: id })).map((r) => r.id);
    // Queue order: train c0, its evaluation, train c1, its evaluation.
    assert.deepEqual((await store.listRuns({ experimentId: id })).map((r) => r.depends_on), [null, ids[0], null, ids[2]]);
    const train0 = await claim(store, 'a');
    const train1 = await claim(store, 'a');
    assert.deepEqual([train0.runId, train1.runId], [ids[0], ids[2]]);
    assert.equal(await store.claimNext('a'), null, 'the evaluations wait');
    assert.ok(await store.transition(ids[0]!, ['running'], 'succeeded', 'done', {}, { lease: train0 }));
    assert.ok(await store.transition(ids[2]!, ['running'], 'failed', 'diverged', { error: 'diverged' }, { lease: train1 }));
    assert.equal((await claim(store, 'a')).runId, ids[1]);
    const orphan = await store.getRun(ids[3]!);
    assert.equal(orphan?.status, 'failed');
    assert.match(orphan?.error ?? '', new RegExp(`waits for run ${ids[2]} .*which failed: diverged`));
  });

  each('the doorbell rings with the last sequence of each committed batch', async (store) => {
    const [id] = await queueSearches(store, 1);
    const bells: EventBell[] = [];
    const stop = await store.onEvents((bell) => bells.push(bell));
    try {
      const lease = await claim(store, 'a');
      await store.appendEvents(lease, [architecture(1), architecture(2)]);
      const deadline = Date.now() + 5000;
      while (!bells.some((b) => b.seq === 3) && Date.now() < deadline) await sleep(20);
      assert.deepEqual(bells.filter((b) => b.runId === id), [{ runId: id, seq: 1 }, { runId: id, seq: 3 }]);
    } finally {
      await stop();
    }
  });

  each('benchmarks and agents are registered and listed', async (store) => {
    const benchmark = await store.insertBenchmark({ name: 'nb', kind: 'nb201', space: 'nb201', size: 15625, source_path: '/s', source_sha256: 'abc', data_path: '/d', best_valid: 0.9, best_test: 0.8, dataset: 'cifar10', epochs: 200 });
    assert.deepEqual([benchmark.name, benchmark.size, benchmark.epochs], ['nb', 15625, 200]);
    assert.match(benchmark.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const agent = await store.insertAgent({ name: 'ag', run_id: null, experiment_id: null, benchmark: 'nb', space: 'nb201', preset: 'p', checkpoint_path: '/c', hyper_json: '{}', env_steps: 10, learner_steps: 5, ml_backend: null },
      [{ benchmark: 'nb', content_sha256: 'abc', cells_queried: 7 }]);
    assert.deepEqual((await store.listAgents()).map((a) => [a.id, a.name, a.env_steps]), [[agent.id, 'ag', 10]]);
    assert.deepEqual((await store.listBenchmarks()).map((b) => b.name), ['nb']);
  });
}
