import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actorEpsilon } from '../../src-main/nas/agent/actors.ts';
import { agentSearcher, agentSearchParams } from '../../src-main/nas/agent/agent-searcher.ts';
import type { AgentPolicy } from '../../src-main/nas/agent/contract.ts';
import { ArchEnvironment, QueryLog, drawAtMost } from '../../src-main/nas/agent/environment.ts';
import { doubleDqnTargets, huber, importanceExponent } from '../../src-main/nas/agent/learner.ts';
import { AGENT_PRESETS, presetHyperparameters } from '#shared/agent-presets.ts';
import { resolveHyperparameters } from '../../src-main/services/agents.ts';
import { shapedReward } from '../../src-main/nas/agent/reward.ts';
import type { Benchmark, Metrics } from '../../src-main/nas/benchmarks/types.ts';
import { BudgetExhausted, Evaluator } from '../../src-main/nas/search/evaluator.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { nb201Index, nb201Space, type Nb201Cell } from '../../src-main/nas/spaces/nb201/space.ts';

/** A synthetic NB201 benchmark: accuracy grows with the number of conv3x3 edges. */
const synthetic: Benchmark<Nb201Cell> = {
  name: 'synthetic',
  space: nb201Space,
  query(cell): Metrics {
    const convs = cell.filter((op) => op === 3).length;
    const valid = 0.5 + 0.07 * convs + 0.001 * (nb201Index(cell) % 7);
    return { valid, test: valid - 0.01, cost: 1 };
  },
};

test('environment: at most N seeded neighbours, shaped rewards, a time-limit cut after T steps, distinct queries', async () => {
  const queries = new QueryLog();
  const make = (seed: number) => new ArchEnvironment({ space: nb201Space, benchmark: synthetic, maxNeighbours: 5, episodeLength: 3, rewardAlpha: 6, rewardRepeat: 'mean', rng: new Rng(seed), queries });
  const env = make(1);
  const obs = await env.reset();
  assert.equal(obs.count, 5);
  assert.equal(obs.tokens.length, 6 * 30);
  const start = env.state;
  const before = env.validAccuracy;
  const target = env.candidate(2);
  const r1 = await env.step(2);
  assert.deepEqual(env.state, target);
  assert.ok(Math.abs(r1.reward - shapedReward(before, (synthetic.query(target, { rng: new Rng(0) }) as Metrics).valid, 6)) < 1e-12);
  assert.equal(r1.truncated, false);
  // Every candidate is a true neighbour of the state it was drawn for.
  const neighbourHashes = new Set(nb201Space.neighbours(start).map((n) => nb201Space.hash(n.arch)));
  assert.ok(neighbourHashes.has(nb201Space.hash(target)));
  await env.step(0);
  const r3 = await env.step(1);
  assert.equal(r3.truncated, true);
  assert.equal(env.stepInEpisode, 3);
  assert.equal(queries.size, new Set(queries.hashes).size);
  assert.ok(queries.size >= 2 && queries.size <= 4);
  // Same seed, same walk.
  const a = make(9);
  const b = make(9);
  await a.reset();
  await b.reset();
  assert.deepEqual(a.obs.tokens, b.obs.tokens);
  assert.deepEqual((await a.step(1)).obs.tokens, (await b.step(1)).obs.tokens);
});

test('drawAtMost draws without replacement', () => {
  const rng = new Rng(3);
  const items = Array.from({ length: 24 }, (_, i) => i);
  const drawn = drawAtMost(items, 10, rng);
  assert.equal(drawn.length, 10);
  assert.equal(new Set(drawn).size, 10);
  assert.equal(drawAtMost(items.slice(0, 3), 10, rng).length, 3);
});

test('Ape-X actor exploration schedule ε_i = ε^(1 + α i/(K−1))', () => {
  assert.equal(actorEpsilon(0, 8, 0.4, 7), 0.4);
  assert.ok(Math.abs(actorEpsilon(7, 8, 0.4, 7) - Math.pow(0.4, 8)) < 1e-15);
  assert.ok(Math.abs(actorEpsilon(3, 8, 0.4, 7) - Math.pow(0.4, 4)) < 1e-15);
  assert.equal(actorEpsilon(0, 1, 0.4, 7), 0.4);
});

test('double-DQN targets, Huber loss and the annealed importance exponent', () => {
  // Two samples, N = 3: online picks action 2 for row 0, target evaluates it.
  const qOnline = Float32Array.from([0, 1, 5, 9, -Infinity, -Infinity]);
  const qTarget = Float32Array.from([7, 7, 2, 3, 100, 100]);
  const y = doubleDqnTargets(Float32Array.from([1, 0.5]), Float32Array.from([0.9, 0]), Int32Array.from([3, 1]), qOnline, qTarget, 3);
  assert.ok(Math.abs(y[0]! - (1 + 0.9 * 2)) < 1e-6);
  assert.equal(y[1], 0.5);
  assert.equal(huber(0.5), 0.125);
  assert.equal(huber(-3), 2.5);
  const h = presetHyperparameters('cpu-small');
  assert.equal(importanceExponent(h, 0), h.importanceExponentStart);
  assert.ok(Math.abs(importanceExponent(h, h.importanceAnnealSteps / 2) - (h.importanceExponentStart + h.importanceExponentEnd) / 2) < 1e-12);
  assert.equal(importanceExponent(h, 10 * h.importanceAnnealSteps), h.importanceExponentEnd);
});

test('presets carry the paper and Ape-X values and overrides are checked', () => {
  const nb101 = AGENT_PRESETS['paper-nb101'];
  assert.deepEqual([nb101.latentDim, nb101.maxNeighbours, nb101.rewardAlpha], [256, 25, 6]);
  const nb301 = AGENT_PRESETS['paper-nb301'];
  assert.deepEqual([nb301.latentDim, nb301.maxNeighbours, nb301.rewardAlpha], [512, 100, 32]);
  for (const p of [nb101, nb301]) {
    assert.deepEqual(
      [p.gamma, p.learningRate, p.targetUpdateInterval, p.batchSize, p.nStep, p.priorityExponent, p.importanceExponentStart, p.importanceExponentEnd, p.gradientClipNorm, p.epsilonBase, p.epsilonAlpha],
      [0.99, 0.00025 / 4, 2500, 512, 3, 0.6, 0.4, 1, 40, 0.4, 7],
    );
  }
  assert.equal(resolveHyperparameters('cpu-small', { rewardAlpha: 10 }).rewardAlpha, 10);
  assert.throws(() => resolveHyperparameters('cpu-small', { heads: 3 }), /divisible/);
});

test('agent searcher walks with the policy, restarts episodes and spends exactly the budget', async () => {
  const calls: number[] = [];
  const policy: AgentPolicy = {
    spaceName: 'nb201',
    hyper: { ...presetHyperparameters('cpu-small'), episodeLength: 4 },
    act: (_space, _current, candidates) => {
      calls.push(candidates.length);
      return candidates.length - 1;
    },
    dispose: () => undefined,
  };
  const rng = new Rng(5);
  const evaluator = new Evaluator({ space: nb201Space, benchmark: synthetic, budget: 37, rng: new Rng(6) });
  await assert.rejects(
    agentSearcher(policy, { space: nb201Space, rng, sample: () => nb201Space.sample(rng), evaluate: (a) => evaluator.evaluate(a), queriesLeft: () => evaluator.budget - evaluator.queries }, { epsilon: 0, maxNeighbours: 10 }),
    BudgetExhausted,
  );
  assert.equal(evaluator.queries, 37);
  assert.ok(calls.every((n) => n === 10));
  assert.deepEqual(agentSearchParams(policy, { epsilon: 0 }), { epsilon: 0, episodeLength: 4, maxNeighbours: 24 });
  assert.throws(() => agentSearchParams(policy, { epsilon: 0, maxNeighbours: 30 }), /exceeds/);
  assert.throws(() => agentSearchParams(policy, { epsilon: 2 }), /epsilon/);
});
