import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyOverrides } from '#shared/agent-presets.ts';
import { expandRuns, validateExperimentConfig } from '#shared/config.ts';
import { runDependencies } from '../../src-main/services/experiments.ts';
import { Store, toRunSummary } from '../../src-main/services/store.ts';
import { tempDir } from '../helpers/data.ts';

/** A sweep of 2 configurations × 1 training seed, each agent evaluated over 2 seeds, one baseline over 2 seeds: 8 runs. */
function sweepStore(): { store: Store; ids: number[]; cleanup(): void } {
  const dir = tempDir();
  const result = validateExperimentConfig({
    kind: 'train-agent', name: 'sweep', benchmark: 'b', seeds: [0],
    agent: { name: 'a', budget: { minutes: 1 } },
    sweep: { grid: { rewardAlpha: [1, 50] }, evaluate: { budget: 5, seeds: 2, baselines: ['random-search'] } },
  });
  assert.ok(result.ok);
  const runs = expandRuns(result.config, (p, o) => applyOverrides(p, o));
  const deps = runDependencies(runs);
  const store = new Store(join(dir.path, 'd.db'));
  const id = store.insertExperiment(result.config, 'h', runs.map((config, i) => ({ config, configHash: 'h', appVersion: 'test', benchmarkSha256: null, dependsOn: deps[i] })));
  const ids = store.listRuns({ experimentId: id }).map((r) => r.id);
  return { store, ids, cleanup: () => { store.close(); dir.cleanup(); } };
}

test('a run waiting for a training run is not claimed until that run succeeded', () => {
  const { store, ids, cleanup } = sweepStore();
  try {
    // Queue order: train c0, eval, eval, train c1, eval, eval, baseline, baseline.
    assert.deepEqual(store.listRuns().map((r) => r.depends_on), [null, ids[0], ids[0], null, ids[3], ids[3], null, null]);
    // What the queue panel and the runs table show: "waits for #N".
    assert.deepEqual(store.listRuns().map((r) => toRunSummary(r).waitsFor ?? null), [null, ids[0], ids[0], null, ids[3], ids[3], null, null]);
    const order: string[] = [];
    const claim = () => {
      const run = store.claimNextQueued('me');
      if (run) order.push(run.searcher);
      return run;
    };
    assert.equal(claim()?.id, ids[0]);
    assert.equal(claim()?.id, ids[3], 'the evaluations of c0 wait; the next training run starts');
    assert.equal(claim()?.id, ids[6]);
    assert.equal(claim()?.id, ids[7]);
    assert.equal(claim(), null, 'only waiting runs are left');
    assert.equal(store.hasClaimableQueued(), false);
    assert.ok(store.transition(ids[0]!, ['running'], 'succeeded', 'trained'));
    assert.equal(store.hasClaimableQueued(), true);
    assert.equal(claim()?.id, ids[1]);
    assert.equal(claim()?.id, ids[2]);
    assert.equal(claim(), null);
    assert.deepEqual(order, ['train a-c0', 'train a-c1', 'random-search', 'random-search', 'agent rewardAlpha=1', 'agent rewardAlpha=1']);
  } finally {
    cleanup();
  }
});

test('a failed or cancelled training run fails the runs waiting for it, saying why', () => {
  const { store, ids, cleanup } = sweepStore();
  try {
    store.claimNextQueued('me');
    assert.ok(store.transition(ids[0]!, ['running'], 'failed', 'run process exited', { error: 'out of memory\nstack…' }));
    for (const id of [ids[1]!, ids[2]!]) {
      const run = store.getRun(id)!;
      assert.equal(run.status, 'failed');
      assert.equal(run.error, `this run waits for run ${ids[0]} (train a-c0), which failed: out of memory`);
      assert.equal(run.queue_position, null);
      assert.deepEqual((store.events(id, { type: 'status' }).at(-1)?.data as { to: string }).to, 'failed');
    }
    assert.ok(store.transition(ids[3]!, ['queued'], 'cancelled', 'cancelled by the user'));
    assert.match(store.getRun(ids[4]!)!.error!, /waits for run \d+ \(train a-c1\), which was cancelled: cancelled by the user/);
    // The baselines never waited for anything.
    assert.deepEqual([ids[6]!, ids[7]!].map((id) => store.getRun(id)!.status), ['queued', 'queued']);
  } finally {
    cleanup();
  }
});

test('resuming a failed training run queues again the runs that failed waiting for it, and only those', () => {
  const { store, ids, cleanup } = sweepStore();
  try {
    store.claimNextQueued('me');
    assert.ok(store.transition(ids[0]!, ['running'], 'failed', 'run process exited', { error: 'out of memory' }));
    // An evaluation that failed for its own reason is not revived with the others.
    store.db.prepare(`UPDATE runs SET error = 'table unreadable' WHERE id = ?`).run(ids[2]!);
    assert.deepEqual(store.reviveDependents(ids[0]!), [], 'the training run is not queued again yet: nothing to wait for');
    assert.ok(store.transition(ids[0]!, ['failed'], 'queued', 'resumed by the user'));
    assert.deepEqual(store.reviveDependents(ids[0]!), [ids[1]]);
    const revived = store.getRun(ids[1]!)!;
    assert.equal(revived.status, 'queued');
    assert.equal(revived.error, null);
    assert.ok(revived.queue_position !== null);
    assert.match(JSON.stringify(store.events(ids[1]!, { type: 'status' }).at(-1)?.data), /"from":"failed","to":"queued".*was queued again/);
    assert.equal(store.getRun(ids[2]!)!.status, 'failed');
    // It waits for the training run again: not claimable before it succeeds.
    const claimed: number[] = [];
    for (let run = store.claimNextQueued('me'); run; run = store.claimNextQueued('me')) claimed.push(run.id);
    assert.ok(claimed.includes(ids[0]!) && !claimed.includes(ids[1]!), JSON.stringify(claimed));
  } finally {
    cleanup();
  }
});

test('a dependency must point at an earlier run of the same insert', () => {
  const { store, cleanup } = sweepStore();
  try {
    const result = validateExperimentConfig({ name: 's', benchmark: 'b', budget: 5, seeds: 1, searchers: ['random-search'] });
    assert.ok(result.ok);
    const [run] = expandRuns(result.config, (p, o) => applyOverrides(p, o));
    assert.throws(() => store.insertExperiment(result.config, 'h', [{ config: run!, configHash: 'h', appVersion: 't', benchmarkSha256: null, dependsOn: 0 }]), /waits for run 0, which does not come before it/);
  } finally {
    cleanup();
  }
});
