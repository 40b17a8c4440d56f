import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError, readCheckpoint, removeStaleCheckpointTemps, writeCheckpoint, type CheckpointData } from '../../src-main/nas/agent/checkpoint.ts';
import { Learner } from '../../src-main/nas/agent/learner.ts';
import { presetHyperparameters } from '#shared/agent-presets.ts';
import { PrioritizedReplay } from '../../src-main/nas/agent/replay.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { tempDir } from '../helpers/data.ts';

async function sample(): Promise<CheckpointData> {
  await selectBackend();
  const hyper = { ...presetHyperparameters('cpu-small'), latentDim: 8, heads: 2, ffnDim: 8, layers: 1, maxNeighbours: 3, replayCapacity: 16, replayWarmup: 4, batchSize: 4 };
  const learner = new Learner(hyper, 5, new Rng(1));
  const replay = new PrioritizedReplay({ capacity: 16, maxNeighbours: 3, encodingSize: 5, priorityExponent: 0.6 });
  for (let i = 0; i < 20; i++) {
    const tokens = new Float32Array(3 * 5).map((_, j) => (i + j) % 3);
    replay.add({ obs: { tokens, count: 2 }, action: i % 2, reward: i, discount: 0.9, next: { tokens, count: 2 } }, i);
  }
  learner.step(replay, new Rng(2));
  const data: CheckpointData = {
    spaceName: 'nb201',
    benchmarkName: 'nb201-cifar10',
    encodingSize: 5,
    hyper,
    seed: 7,
    counters: { envSteps: 20, learnerSteps: 1, episodes: 2, queries: 3, bestValid: 0.9, bestTest: 0.91, bestHash: 'x', elapsedSeconds: 1.5 },
    backend: 'wasm',
    learnerRng: new Rng(3).state(),
    actors: { envRngs: [new Rng(4).state()], policyRngs: [new Rng(5).state()] },
    learner: learner.serialize(),
    replay: replay.serialize(),
    queryHashes: ['a', 'b', 'c'],
  };
  learner.dispose();
  return data;
}

test('checkpoint round-trips weights, optimizer, replay, RNG states and counters', async () => {
  const data = await sample();
  const dir = tempDir();
  try {
    const path = join(dir.path, 'agent.ckpt');
    writeCheckpoint(path, data);
    assert.deepEqual(readdirSync(dir.path), ['agent.ckpt'], 'no temp file left behind');
    const back = readCheckpoint(path);
    assert.deepEqual(back.counters, data.counters);
    assert.deepEqual(back.hyper, data.hyper);
    assert.deepEqual(back.learnerRng, data.learnerRng);
    assert.deepEqual(back.actors, data.actors);
    assert.deepEqual(back.queryHashes, data.queryHashes);
    assert.equal(back.learner.steps, 1);
    assert.equal(back.learner.adam.step, 1);
    assert.deepEqual(back.learner.online.names, data.learner.online.names);
    back.learner.online.data.forEach((d, i) => assert.deepEqual(d, data.learner.online.data[i]));
    back.learner.adam.v.data.forEach((d, i) => assert.deepEqual(d, data.learner.adam.v.data[i]));
    assert.deepEqual(back.replay!.priorities, data.replay!.priorities);
    assert.deepEqual(back.replay!.poolEncodings, data.replay!.poolEncodings);
    assert.equal(back.replay!.added, 20);
    // Rewriting replaces the file atomically.
    writeCheckpoint(path, { ...data, counters: { ...data.counters, envSteps: 99 } });
    assert.equal(readCheckpoint(path).counters.envSteps, 99);
    assert.equal(readCheckpoint(path, { withReplay: false }).replay, null);
    // A writer killed mid-write leaves only a temp file, which the next run removes.
    writeFileSync(join(dir.path, '.agent.ckpt.123.456.tmp'), 'partial');
    assert.equal(removeStaleCheckpointTemps(path), 1);
    assert.deepEqual(readdirSync(dir.path), ['agent.ckpt']);
    // Writing into a folder that does not exist yet creates it.
    writeCheckpoint(join(dir.path, 'sub', 'a.ckpt'), data);
    assert.equal(readCheckpoint(join(dir.path, 'sub', 'a.ckpt')).seed, 7);
  } finally {
    dir.cleanup();
  }
});

test('a corrupt, truncated or foreign checkpoint gives a clear error', async () => {
  const data = await sample();
  const dir = tempDir();
  try {
    const path = join(dir.path, 'agent.ckpt');
    writeCheckpoint(path, data);
    const bytes = readFileSync(path);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length * 0.7)]! ^= 0xff;
    writeFileSync(path, flipped);
    assert.throws(() => readCheckpoint(path), (e: unknown) => e instanceof CheckpointError && /corrupt \(checksum mismatch\)/.test(e.message) && e.message.includes(path));
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    assert.throws(() => readCheckpoint(path), /truncated/);
    writeFileSync(path, bytes.subarray(0, 30));
    assert.throws(() => readCheckpoint(path), /truncated/);
    writeFileSync(path, 'not a checkpoint at all');
    assert.throws(() => readCheckpoint(path), /not an archwalk agent checkpoint/);
    assert.throws(() => readCheckpoint(join(dir.path, 'missing.ckpt')), /cannot read checkpoint/);
    const future = Buffer.from(bytes);
    future.writeUInt32LE(99, 20);
    writeFileSync(path, future);
    assert.throws(() => readCheckpoint(path), /version 99/);
  } finally {
    dir.cleanup();
  }
});
