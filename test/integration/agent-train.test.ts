/**
 * Trains a tiny agent on the real NAS-Bench-201 table: training runs and streams metrics,
 * checkpoints, resumes with its counters continuing, stops on request, runs its actors in
 * a worker thread, and the trained agent as a searcher spends exactly its budget.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { agentSearcher, loadAgentPolicy, readCheckpoint, trainAgent } from '../../src-main/nas/agent/index.ts';
import { presetHyperparameters } from '#shared/agent-presets.ts';
import type { SearchRunConfig } from '#shared/config.ts';
import { resolveSearcherParams } from '#shared/searcher-specs.ts';
import type { AgentHyperparameters, TrainCounters } from '../../src-main/nas/agent/contract.ts';
import { runSearch } from '../../src-main/nas/search/run-search.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';

const skip = skipWithout(NB201_CSV);

const tiny: AgentHyperparameters = {
  ...presetHyperparameters('cpu-small'),
  latentDim: 16,
  layers: 1,
  heads: 2,
  ffnDim: 32,
  maxNeighbours: 8,
  episodeLength: 6,
  batchSize: 16,
  replayCapacity: 4000,
  replayWarmup: 64,
  targetUpdateInterval: 10,
  actors: 4,
  weightSyncInterval: 5,
  replayRatio: 2,
};

test('a tiny agent trains on NB201, checkpoints, resumes with counters continuing, and searches within its budget', { skip }, async () => {
  const bench = realNb201();
  const dir = tempDir('archwalk-agent-');
  try {
    const checkpointPath = join(dir.path, 'agent.ckpt');
    const metrics = new Map<string, number[]>();
    const checkpoints: TrainCounters[] = [];
    const base = {
      space: bench.space,
      benchmark: bench,
      hyper: tiny,
      seed: 3,
      checkpointPath,
      checkpointEverySeconds: 3600,
      metricsEverySeconds: 0.2,
      onMetric: (name: string, _step: number, value: number) => metrics.set(name, [...(metrics.get(name) ?? []), value]),
      onLog: () => undefined,
      onCheckpoint: (_path: string, counters: TrainCounters) => checkpoints.push(counters),
    };
    const first = await trainAgent({ ...base, budget: { learnerSteps: 25 }, resume: false });
    assert.equal(first.stopped, false);
    assert.match(first.backend, /^(wasm|cpu|tensorflow)/);
    assert.equal(first.counters.learnerSteps, 25);
    assert.ok(first.counters.envSteps >= tiny.replayWarmup);
    assert.ok(first.counters.episodes > 0);
    assert.ok(first.counters.queries > 0 && first.counters.queries <= first.counters.envSteps + first.counters.episodes * 2);
    assert.ok(first.counters.bestValid > 0.5);
    for (const name of ['episode_return', 'loss', 'mean_q', 'td_error', 'epsilon', 'replay_size', 'env_steps_per_s', 'learner_updates_per_s', 'queries', 'best_valid', 'best_test', 'time_learner', 'time_actors', 'time_transport', 'time_waiting']) {
      assert.ok((metrics.get(name) ?? []).length > 0, `metric ${name} streamed`);
    }
    // The learner thread's time shares: in-thread actors never wait; the parts cover at most the whole interval.
    const shares = ['time_learner', 'time_actors', 'time_transport', 'time_waiting'].map((name) => metrics.get(name)!.at(-1)!);
    assert.ok(shares[0]! > 0 && shares[1]! > 0, `learner and actors both took time: ${shares.join(', ')}`);
    assert.equal(shares[3], 0);
    assert.ok(shares.reduce((a, b) => a + b, 0) <= 1.05, `shares sum to ${shares.reduce((a, b) => a + b, 0)}`);
    assert.ok(existsSync(checkpointPath));
    assert.equal(checkpoints.at(-1)!.learnerSteps, 25);
    const saved = readCheckpoint(checkpointPath);
    assert.equal(saved.counters.learnerSteps, 25);
    assert.equal(saved.spaceName, 'nb201');
    assert.ok(saved.replay!.size > 0);

    // Resume: counters continue from the checkpoint (the restored replay is credit for
    // the replay ratio, so go far enough that new transitions are needed too).
    const second = await trainAgent({ ...base, budget: { learnerSteps: 90 }, resume: true });
    assert.equal(second.counters.learnerSteps, 90);
    assert.ok(second.counters.envSteps > first.counters.envSteps);
    assert.ok(second.counters.episodes >= first.counters.episodes);
    assert.ok(second.counters.queries >= first.counters.queries);
    assert.ok(second.counters.elapsedSeconds > first.counters.elapsedSeconds);
    assert.equal(readCheckpoint(checkpointPath).counters.learnerSteps, 90);

    // A stop request ends training between steps, with a final checkpoint.
    let steps = 0;
    const control = { get stopRequested() { return ++steps > 30; }, paused: false, waitWhilePaused: async () => undefined };
    const third = await trainAgent({ ...base, budget: { learnerSteps: 10_000 }, resume: true, control });
    assert.equal(third.stopped, true);
    assert.ok(third.counters.envSteps >= second.counters.envSteps);
    assert.equal(readCheckpoint(checkpointPath).counters.envSteps, third.counters.envSteps);

    // The trained agent as a searcher spends exactly the budget.
    const policy = await loadAgentPolicy(checkpointPath);
    try {
      for (const budget of [1, 17, 60]) {
        let lastQuery = 0;
        const config: SearchRunConfig = { kind: 'search', experiment: 't', benchmark: 'nb201', budget, queryDelayMs: 0, seed: budget, searcher: { kind: 'agent', label: 'agent', params: { checkpoint: 'x' } } };
        const outcome = await runSearch({
          config,
          benchmark: bench,
          onQuery: (r) => (lastQuery = r.query),
          searcher: (ctx) => agentSearcher(policy, ctx, resolveSearcherParams('agent', config.searcher.params)),
        });
        assert.equal(outcome.queries, budget);
        assert.equal(lastQuery, budget);
        assert.ok(outcome.incumbent !== null);
      }
    } finally {
      policy.dispose();
    }
  } finally {
    dir.cleanup();
  }
});

test('actors run in a worker thread in parallel with the learner', { skip }, async () => {
  const bench = realNb201();
  const dir = tempDir('archwalk-agent-');
  try {
    const checkpointPath = join(dir.path, 'agent.ckpt');
    const logs: string[] = [];
    const result = await trainAgent({
      space: bench.space,
      benchmark: bench,
      hyper: tiny,
      budget: { learnerSteps: 20 },
      seed: 4,
      checkpointPath,
      checkpointEverySeconds: 3600,
      resume: false,
      actorThreads: 1,
      actorWorkerBenchmark: { module: new URL('../bench/agent-nb201-loader.ts', import.meta.url).href, exportName: 'loadNb201', args: [] },
      onMetric: () => undefined,
      onLog: (_level, message) => logs.push(message),
    });
    assert.ok(logs.some((m) => /worker thread/.test(m)), logs.join('\n'));
    assert.equal(result.counters.learnerSteps, 20);
    assert.ok(result.counters.envSteps >= tiny.replayWarmup);
    // The replay ratio holds: learner samples ≈ ratio × transitions, within the allowance slack.
    const saved = readCheckpoint(checkpointPath);
    assert.ok(saved.replay!.added >= tiny.replayWarmup);
    assert.equal(saved.actors.envRngs.length, tiny.actors);
  } finally {
    dir.cleanup();
  }
});
