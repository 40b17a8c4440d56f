// The agent's latent map in the library: the network's latent of a state (shape, eval-mode
// determinism, independence from the rest of the batch), the seeded UMAP wrapper, and the map
// itself (sample, trajectories laid out with it, indices in visit order, same seed same map).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { presetHyperparameters } from '#shared/agent-presets.ts';
import { encodeObservation } from '../../src-main/nas/agent/environment.ts';
import { emptyBatch, packObservations, writeObservation } from '../../src-main/nas/agent/observation.ts';
import { NetworkPolicy } from '../../src-main/nas/agent/policy.ts';
import { QNetwork, type QNetworkShape } from '../../src-main/nas/agent/q-network.ts';
import { computeAgentMap, embedArchitectures, neighbourAgreement, sampleDistinct } from '../../src-main/nas/analysis/agent-map.ts';
import type { AccuracyOracle } from '../../src-main/nas/analysis/oracle.ts';
import { umapLayout } from '../../src-main/nas/analysis/umap-layout.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { nb201Space, type Nb201Cell } from '../../src-main/nas/spaces/nb201/space.ts';
import { nb101Space } from '../../src-main/nas/spaces/nb101/space.ts';

const shape: QNetworkShape = { encodingSize: 30, latentDim: 16, layers: 2, heads: 2, ffnDim: 32, dropout: 0.1, maxNeighbours: 6 };

before(async () => {
  await selectBackend();
});

function policy(seed = 3): NetworkPolicy {
  const hyper = { ...presetHyperparameters('cpu-small'), latentDim: shape.latentDim, heads: shape.heads, layers: shape.layers, ffnDim: shape.ffnDim, maxNeighbours: shape.maxNeighbours };
  return new NetworkPolicy(QNetwork.create(shape, new Rng(seed)), { spaceName: nb201Space.name, benchmarkName: 'test', hyper, envSteps: 0, learnerSteps: 0 });
}

test('latents: one row of latentDim per observation, the same every time (no dropout), whatever else is in the batch', () => {
  const rng = new Rng(5);
  const net = QNetwork.create(shape, rng);
  const current = nb201Space.sample(rng);
  const obs = encodeObservation(nb201Space, current, nb201Space.neighbours(current).slice(0, 3).map((n) => n.arch));
  const alone = net.latents(packObservations([obs], shape.maxNeighbours, shape.encodingSize));
  assert.equal(alone.length, shape.latentDim);
  assert.deepEqual(Array.from(net.latents(packObservations([obs], shape.maxNeighbours, shape.encodingSize))), Array.from(alone));
  const batch = emptyBatch(3, shape.maxNeighbours, shape.encodingSize);
  const other = nb201Space.sample(rng);
  writeObservation(batch, 0, encodeObservation(nb201Space, other, nb201Space.neighbours(other).slice(0, 6).map((n) => n.arch)));
  writeObservation(batch, 1, obs);
  writeObservation(batch, 2, encodeObservation(nb201Space, other, []));
  const rows = net.latents(batch);
  assert.equal(rows.length, 3 * shape.latentDim);
  const second = Array.from(rows.subarray(shape.latentDim, 2 * shape.latentDim));
  second.forEach((v, i) => assert.ok(Math.abs(v - alone[i]!) < 1e-5, `latent ${i}`));
  // The latent is the state's, neighbours included: other neighbours give another latent.
  assert.notDeepEqual(Array.from(rows.subarray(0, shape.latentDim)), Array.from(rows.subarray(2 * shape.latentDim)));
  // Final layer norm without learned scale yet: each row has mean 0 and unit variance.
  const mean = second.reduce((s, v) => s + v, 0) / shape.latentDim;
  assert.ok(Math.abs(mean) < 1e-4);
  net.dispose();
});

test('a policy\'s latents refuse another space and more neighbours than it was trained with', () => {
  const agent = policy();
  const cell = nb201Space.sample(new Rng(1));
  assert.equal(agent.latents(nb201Space, [{ current: cell, candidates: [] }]).length, shape.latentDim);
  assert.throws(() => agent.latents(nb101Space, [{ current: nb101Space.sample(new Rng(1)), candidates: [] }]), /trained on the nb201 space/);
  const many = nb201Space.neighbours(cell).map((n) => n.arch);
  assert.ok(many.length > shape.maxNeighbours);
  assert.throws(() => agent.latents(nb201Space, [{ current: cell, candidates: many }]), /at most 6 neighbours/);
  agent.dispose();
});

test('embedArchitectures: a cell gets the same latent wherever it comes in the list (its neighbours are drawn from the seed and the cell)', () => {
  const agent = policy();
  const rng = new Rng(9);
  const cells = Array.from({ length: 5 }, () => nb201Space.sample(rng));
  const d = shape.latentDim;
  const forward = embedArchitectures(agent, nb201Space, cells, 7);
  const backward = embedArchitectures(agent, nb201Space, [...cells].reverse(), 7);
  assert.equal(forward.length, 5 * d);
  assert.deepEqual(Array.from(forward.subarray(0, d)), Array.from(backward.subarray(4 * d, 5 * d)));
  assert.notDeepEqual(Array.from(embedArchitectures(agent, nb201Space, cells, 8).subarray(0, d)), Array.from(forward.subarray(0, d)));
  agent.dispose();
});

test('umapLayout: the same seed gives the same layout, another seed another; separated clusters stay apart; too few points is an error', async () => {
  const rng = new Rng(2);
  const cluster = (centre: number): number[][] => Array.from({ length: 40 }, () => Array.from({ length: 8 }, () => centre + rng.next() * 0.1));
  const vectors = [...cluster(0), ...cluster(5)];
  const options = { nNeighbors: 10, minDist: 0.1, epochs: 50, seed: 4 };
  const epochs: number[] = [];
  const a = await umapLayout(vectors, options, (done) => epochs.push(done));
  assert.equal(a.length, 80);
  assert.equal(epochs.at(-1), 50);
  assert.deepEqual(await umapLayout(vectors, options), a);
  assert.notDeepEqual(await umapLayout(vectors, { ...options, seed: 5 }), a);
  const centre = (points: [number, number][]): [number, number] => [points.reduce((s, p) => s + p[0], 0) / points.length, points.reduce((s, p) => s + p[1], 0) / points.length];
  const spread = (points: [number, number][], c: [number, number]): number => Math.max(...points.map((p) => Math.hypot(p[0] - c[0], p[1] - c[1])));
  const [first, second] = [a.slice(0, 40), a.slice(40)];
  const [c1, c2] = [centre(first), centre(second)];
  assert.ok(Math.hypot(c1[0] - c2[0], c1[1] - c2[1]) > spread(first, c1) + spread(second, c2), 'the two clusters overlap in the layout');
  await assert.rejects(umapLayout(vectors.slice(0, 3), options), /at least 4 points/);
});

/** An oracle over the whole NB201 space whose accuracy is a known function of the cell. */
const oracle: AccuracyOracle<Nb201Cell> = {
  space: nb201Space,
  sample: (rng) => nb201Space.sample(rng),
  valid: async (archs) => archs.map((a) => nb201Space.encode(a).reduce((s, v, i) => s + v * ((i % 5) / 5), 0) / 6),
};

test('computeAgentMap: the sample and the trajectories\' new cells laid out together, trajectories as indices in visit order, same seed same map', async () => {
  const agent = policy();
  const rng = new Rng(11);
  const walk = [nb201Space.sample(rng)];
  for (let i = 0; i < 6; i++) walk.push(nb201Space.neighbours(walk.at(-1)!, 'paper')[0]!.arch);
  walk.push(walk[2]!); // a revisit is drawn as a step back to the same point
  const params = { samples: 60, runs: 1, nNeighbors: 8, minDist: 0.1, epochs: 30, seed: 1 };
  const phases = new Set<string>();
  const map = await computeAgentMap({ oracle, agent, trajectories: [{ runId: 7, seed: 3, archs: walk }, { runId: 9, seed: 4, archs: walk }] }, params, (phase) => phases.add(phase));
  assert.deepEqual([...phases], ['sampling architectures', 'embedding', 'UMAP layout']);
  assert.equal(map.latentDim, shape.latentDim);
  assert.equal(map.trajectories.length, 1, 'params.runs caps the trajectories');
  const [trajectory] = map.trajectories;
  assert.equal(trajectory!.runId, 7);
  assert.equal(trajectory!.seed, 3);
  assert.deepEqual(trajectory!.cells.map((i) => map.points[i]!.hash), walk.map((a) => nb201Space.hash(a)));
  assert.equal(trajectory!.cells[7], trajectory!.cells[2]);
  const sampled = map.points.filter((p) => p.sampled);
  assert.equal(sampled.length, 60);
  assert.equal(new Set(map.points.map((p) => p.hash)).size, map.points.length, 'each cell is laid out once');
  const expected = await oracle.valid(sampleDistinct(oracle, 60, new Rng(1)));
  assert.deepEqual(sampled.map((p) => p.valid), expected);
  assert.ok(map.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  assert.ok(map.neighbourAgreement !== null && map.neighbourAgreement >= -1 && map.neighbourAgreement <= 1);
  const again = await computeAgentMap({ oracle, agent, trajectories: [{ runId: 7, seed: 3, archs: walk }] }, params);
  assert.deepEqual(again.points, map.points);
  const other = await computeAgentMap({ oracle, agent, trajectories: [] }, { ...params, seed: 2 });
  assert.notDeepEqual(other.points.map((p) => p.hash), sampled.map((p) => p.hash));
  agent.dispose();
});

test('sampleDistinct stops at the size of a small space', () => {
  const small: AccuracyOracle<number> = {
    space: { ...(nb201Space as unknown as AccuracyOracle<number>['space']), hash: (a: number) => String(a) },
    sample: (rng) => rng.int(5),
    valid: async (archs) => archs.map(() => 0.5),
  };
  assert.equal(sampleDistinct(small, 100, new Rng(1), 5).length, 5);
  assert.equal(sampleDistinct(small, 100, new Rng(1)).length, 5);
});

test('neighbourAgreement: 1 where accuracy varies smoothly over the map, near 0 where it is scattered, null when too few cells have one', () => {
  const rng = new Rng(3);
  const points = Array.from({ length: 400 }, () => ({ x: rng.next(), y: rng.next(), valid: 0 }));
  const smooth = points.map((p) => ({ ...p, valid: p.x + p.y }));
  assert.ok(neighbourAgreement(smooth)! > 0.98);
  const scattered = points.map((p) => ({ ...p, valid: rng.next() }));
  assert.ok(Math.abs(neighbourAgreement(scattered)!) < 0.2);
  assert.equal(neighbourAgreement([...smooth.slice(0, 10), ...points.slice(10).map((p) => ({ ...p, valid: null }))]), null);
});
