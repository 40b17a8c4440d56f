import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCheckpoint, encodeCheckpoint } from '../../src-main/nas/agent/checkpoint.ts';
import { ArchEnvironment, QueryLog } from '../../src-main/nas/agent/environment.ts';
import type { Benchmark, Metrics } from '../../src-main/nas/benchmarks/types.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { nb201Index, nb201Space, type Nb201Cell } from '../../src-main/nas/spaces/nb201/space.ts';
import { nb101Space } from '../../src-main/nas/spaces/nb101/space.ts';
import { expandRuns, expandSearchRuns, validateExperimentConfig } from '#shared/config.ts';
import { sampleLabel } from '#shared/sample-label.ts';
import { resolveHyperparameters } from '../../src-main/services/agents.ts';

function synthetic(name: string, offset: number): Benchmark<Nb201Cell> {
  return {
    name,
    space: nb201Space,
    query(cell): Metrics {
      const valid = 0.5 + offset + 0.001 * (nb201Index(cell) % 97);
      return { valid, test: valid, cost: 1 };
    },
  };
}

test('benchmarks × searchers × seeds: benchmark-major, each run names its one benchmark', () => {
  const result = validateExperimentConfig({ name: 'x', benchmarks: ['a', 'b'], budget: 10, seeds: 2, searchers: ['random-search', 'random-walk'] });
  assert.ok(result.ok);
  assert.equal(result.config.benchmark, 'a');
  const runs = expandSearchRuns(result.config);
  assert.deepEqual(runs.map((r) => `${r.benchmark}/${r.searcher.label}/${r.seed}`), [
    'a/random-search/0', 'a/random-search/1', 'a/random-walk/0', 'a/random-walk/1',
    'b/random-search/0', 'b/random-search/1', 'b/random-walk/0', 'b/random-walk/1',
  ]);
  // The single form expands as before, and a stored config without `benchmarks` too.
  const single = validateExperimentConfig({ name: 'x', benchmark: 'a', budget: 10, seeds: 1, searchers: ['random-search'] });
  assert.ok(single.ok);
  assert.deepEqual(expandSearchRuns(single.config).map((r) => r.benchmark), ['a']);
  const { benchmarks: _b, ...stored } = single.config;
  assert.deepEqual(expandSearchRuns(stored).map((r) => r.benchmark), ['a']);
});

test('a train-agent config on several benchmarks: one run per seed that names them all', () => {
  const result = validateExperimentConfig({ kind: 'train-agent', name: 't', benchmarks: ['a', 'b'], seeds: [3], agent: { name: 'w', budget: { envSteps: 10 } } });
  assert.ok(result.ok);
  const runs = expandRuns(result.config, resolveHyperparameters);
  assert.equal(runs.length, 1);
  assert.ok(runs[0]!.kind === 'train-agent');
  assert.deepEqual([runs[0]!.benchmark, runs[0]!.kind === 'train-agent' ? runs[0]!.benchmarks : null], ['a', ['a', 'b']]);
});

test('benchmark and benchmarks are exclusive; a list must be non-empty and without repeats', () => {
  const issues = (raw: object): string[] => {
    const r = validateExperimentConfig({ name: 'x', budget: 10, searchers: ['random-search'], ...raw });
    return r.ok ? [] : r.issues.map((i) => i.message);
  };
  assert.match(issues({ benchmark: 'a', benchmarks: ['b'] }).join('\n'), /either benchmark .* or benchmarks/);
  assert.match(issues({ benchmarks: [] }).join('\n'), /non-empty list/);
  assert.match(issues({ benchmarks: ['a', 'a'] }).join('\n'), /benchmarks\[1\] repeats a/);
  assert.match(issues({}).join('\n'), /benchmark is required/);
});

test('the label rule: in-sample exactly when the searched table has a training table\'s content checksum', () => {
  const trained = [{ contentSha256: 'aaa' }, { contentSha256: 'bbb' }];
  assert.equal(sampleLabel(trained, 'bbb'), 'in-sample');
  assert.equal(sampleLabel(trained, 'ccc'), 'held-out');
  assert.equal(sampleLabel([], 'aaa'), 'held-out');
});

test('multi-benchmark environment: each episode draws its benchmark with the seeded RNG; queries are counted per benchmark', async () => {
  const a = synthetic('a', 0);
  const b = synthetic('b', 0.2);
  const walk = async (seed: number): Promise<{ drawn: string[]; log: QueryLog }> => {
    const log = new QueryLog();
    const env = new ArchEnvironment({ space: nb201Space, benchmark: a, benchmarks: [a, b], maxNeighbours: 4, episodeLength: 2, rewardAlpha: 6, rewardRepeat: 'mean', rng: new Rng(seed), queries: log });
    const drawn: string[] = [];
    for (let episode = 0; episode < 12; episode++) {
      await env.reset();
      drawn.push(env.benchmark.name);
      // The episode's accuracies come from its own table.
      assert.equal(env.validAccuracy >= 0.7, env.benchmark.name === 'b');
      await env.step(0);
      await env.step(1);
    }
    return { drawn, log };
  };
  const first = await walk(5);
  assert.deepEqual((await walk(5)).drawn, first.drawn);
  assert.ok(first.drawn.includes('a') && first.drawn.includes('b'), `both tables drawn in 12 episodes: ${first.drawn.join(',')}`);
  const visited = first.log.visited();
  const perEpisode = (name: string): number => first.drawn.filter((d) => d === name).length;
  // Three cells per episode at most (start + two steps); at least one new one per episode.
  assert.ok(visited.a!.length <= 3 * perEpisode('a') && visited.a!.length >= perEpisode('a'));
  assert.ok(visited.b!.length <= 3 * perEpisode('b') && visited.b!.length >= perEpisode('b'));
  assert.equal(first.log.size, new Set([...visited.a!, ...visited.b!]).size);
  // One benchmark alone draws nothing: its RNG stream is the one single-benchmark training always had.
  const single = new ArchEnvironment({ space: nb201Space, benchmark: a, maxNeighbours: 4, episodeLength: 2, rewardAlpha: 6, rewardRepeat: 'mean', rng: new Rng(9) });
  const listed = new ArchEnvironment({ space: nb201Space, benchmark: a, benchmarks: [a], maxNeighbours: 4, episodeLength: 2, rewardAlpha: 6, rewardRepeat: 'mean', rng: new Rng(9) });
  await single.reset();
  await listed.reset();
  assert.deepEqual(single.state, listed.state);
});

test('an environment refuses a benchmark of another space', () => {
  const other = { ...synthetic('x', 0), space: nb101Space } as unknown as Benchmark<Nb201Cell>;
  assert.throws(
    () => new ArchEnvironment({ space: nb201Space, benchmark: synthetic('a', 0), benchmarks: [synthetic('a', 0), other], maxNeighbours: 4, episodeLength: 2, rewardAlpha: 6, rewardRepeat: 'mean', rng: new Rng(1) }),
    /benchmark x is of space nb101; the agent walks nb201/,
  );
});

test('checkpoints keep the visited cells per benchmark', () => {
  const hyper = resolveHyperparameters('cpu-small', {});
  const empty = { names: [], shapes: [], data: [] };
  const data = {
    spaceName: 'nb201', benchmarkName: 'a', encodingSize: 30, hyper, seed: 0,
    counters: { envSteps: 0, learnerSteps: 0, episodes: 0, queries: 3, bestValid: 0, bestTest: 0, bestHash: null, elapsedSeconds: 0 },
    backend: 'cpu', learnerRng: new Rng(1).state(), actors: { envRngs: [], policyRngs: [] },
    learner: { steps: 0, online: empty, target: empty, adam: { step: 0, m: empty, v: empty } },
    replay: null, queryHashes: ['h1', 'h2', 'h3'],
    visited: { a: ['h1', 'h2'], b: ['h2', 'h3'], c: [] },
  };
  const back = decodeCheckpoint(encodeCheckpoint(data));
  assert.deepEqual(back.visited, data.visited);
  const { visited: _v, ...old } = data;
  assert.equal(decodeCheckpoint(encodeCheckpoint(old)).visited, undefined);
});

test('the transfer-study examples are valid configs: train on CIFAR-10, evaluate on all three 12-epoch tables', async () => {
  const { readFileSync } = await import('node:fs');
  const { parse } = await import('yaml');
  const read = (name: string) => validateExperimentConfig(parse(readFileSync(new URL(`../../resources/examples/${name}`, import.meta.url), 'utf8')));
  const train = read('transfer-study-train.yaml');
  assert.ok(train.ok && train.config.kind === 'train-agent' && train.config.benchmark === 'nb201-12ep-cifar10');
  const evaluate = read('transfer-study-evaluate.yaml');
  assert.ok(evaluate.ok);
  assert.deepEqual(evaluate.config.benchmarks, ['nb201-12ep-cifar10', 'nb201-12ep-cifar100', 'nb201-12ep-imagenet16']);
  assert.equal(evaluate.config.searchers[0]!.params.checkpoint, train.config.agent!.name);
});
