import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { AGENT_PRESETS, presetHyperparameters } from '#shared/agent-presets.ts';
import type { AgentHyperparameters } from '../../src-main/nas/agent/contract.ts';
import { Learner, networkShape, type LearnerStats } from '../../src-main/nas/agent/learner.ts';
import { learnerStepBytes, parameterCount, planLearnerMemory, PLAN_HEADROOM, stepFloatsPerObservation, WASM_HEAP_LIMIT_BYTES } from '../../src-main/nas/agent/memory-plan.ts';
import { emptyBatch } from '../../src-main/nas/agent/observation.ts';
import { QNetwork, type QNetworkShape } from '../../src-main/nas/agent/q-network.ts';
import { PrioritizedReplay } from '../../src-main/nas/agent/replay.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { nb101Space } from '../../src-main/nas/spaces/nb101/space.ts';
import { nb301Space } from '../../src-main/nas/spaces/nb301/space.ts';

const ENCODING = 7;
const small: AgentHyperparameters = { ...presetHyperparameters('cpu-small'), latentDim: 8, heads: 2, ffnDim: 12, layers: 2, dropout: 0, maxNeighbours: 4, replayCapacity: 64, replayWarmup: 4, batchSize: 10 };

function filledReplay(hyper: AgentHyperparameters): PrioritizedReplay {
  const replay = new PrioritizedReplay({ capacity: hyper.replayCapacity, maxNeighbours: hyper.maxNeighbours, encodingSize: ENCODING, priorityExponent: hyper.priorityExponent });
  const rng = new Rng(11);
  const observation = (count: number) => ({ tokens: new Float32Array((1 + count) * ENCODING).map(() => rng.next() * 2 - 1), count });
  for (let i = 0; i < 40; i++) {
    const count = 1 + (i % hyper.maxNeighbours);
    replay.add({ obs: observation(count), action: i % count, reward: rng.next(), discount: i % 5 === 0 ? 0 : 0.9, next: observation(1 + ((i + 2) % hyper.maxNeighbours)) }, 1 + rng.next());
  }
  return replay;
}

/** Three learner steps from the same seeds; returns their stats and the final weights and priorities. */
function run(microBatch: number | undefined): { stats: LearnerStats[]; weights: Float32Array[]; priorities: Float64Array } {
  const learner = new Learner(small, ENCODING, new Rng(1), { microBatch });
  const replay = filledReplay(small);
  const rng = new Rng(2);
  const stats = [0, 1, 2].map(() => learner.step(replay, rng));
  const weights = learner.online.getWeights().data;
  const priorities = replay.serialize().priorities;
  learner.dispose();
  return { stats, weights, priorities };
}

test('a step accumulated over uneven micro-batches equals the one-pass step within float tolerance', async () => {
  await selectBackend();
  const whole = run(undefined);
  const parts = run(3); // 10 = 3 + 3 + 3 + 1
  const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a)), `${what}: ${a} vs ${b}`);
  whole.stats.forEach((s, i) => {
    const p = parts.stats[i]!;
    // The gradient norm is the sharpest check: Adam's first update is nearly sign(g), but the
    // norm sees every term's scale.
    close(s.gradNorm, p.gradNorm, `gradNorm of step ${i}`);
    close(s.loss, p.loss, `loss of step ${i}`);
    close(s.meanQ, p.meanQ, `meanQ of step ${i}`);
    close(s.tdError, p.tdError, `tdError of step ${i}`);
  });
  whole.weights.forEach((w, i) => w.forEach((v, j) => close(v, parts.weights[i]![j]!, `weight ${i}[${j}]`)));
  whole.priorities.forEach((v, i) => close(v, parts.priorities[i]!, `priority ${i}`));
});

test('the paper presets plan micro-batches that fit the wasm heap at their own batch size', () => {
  for (const [name, space] of [['paper-nb101', nb101Space], ['paper-nb301', nb301Space]] as const) {
    const hyper = AGENT_PRESETS[name];
    const shape = networkShape(hyper, space.encodingSize);
    assert.ok(learnerStepBytes(shape, hyper.batchSize) > WASM_HEAP_LIMIT_BYTES, `${name}: B = ${hyper.batchSize} in one pass does not fit, so the test means something`);
    const plan = planLearnerMemory(shape, hyper.batchSize, WASM_HEAP_LIMIT_BYTES, 'wasm');
    assert.ok(plan.microBatches > 1, `${name} is split`);
    assert.ok(plan.microBatch * plan.microBatches >= hyper.batchSize, `${name}: the micro-batches cover the batch`);
    assert.ok(plan.microBatch * (plan.microBatches - 1) < hyper.batchSize, `${name}: no empty micro-batch`);
    assert.ok(plan.estimatedBytes <= PLAN_HEADROOM * WASM_HEAP_LIMIT_BYTES, `${name}: ${plan.estimatedBytes} bytes within the headroom`);
    const fewer = Math.ceil(hyper.batchSize / (plan.microBatches - 1));
    assert.ok(learnerStepBytes(shape, fewer) > PLAN_HEADROOM * WASM_HEAP_LIMIT_BYTES, `${name}: one micro-batch fewer would not fit`);
    assert.match(plan.description, /accumulated micro-batches/);
  }
  const cpuSmall = planLearnerMemory(networkShape(AGENT_PRESETS['cpu-small'], 90), 64, WASM_HEAP_LIMIT_BYTES, 'wasm');
  assert.equal(cpuSmall.microBatches, 1, 'cpu-small runs in one pass');
});

test('a network that cannot fit even one observation at a time is refused before anything is allocated', async () => {
  await selectBackend();
  const huge = { ...presetHyperparameters('paper-nb301'), latentDim: 4096, ffnDim: 16384 };
  const tensorsBefore = tf.memory().numTensors;
  assert.throws(
    () => new Learner(huge, nb301Space.encodingSize, new Rng(1), { memoryLimitBytes: WASM_HEAP_LIMIT_BYTES }),
    (error: Error) => /needs an estimated [\d.]+ GiB/.test(error.message) && /of the 2\.00 GiB/.test(error.message) && /latentDim/.test(error.message),
  );
  assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor was created');
  assert.throws(() => new Learner(small, ENCODING, new Rng(1), { microBatch: 0 }), /microBatch must be a positive integer/);
});

test('the estimate bounds the measured peak of a training forward + backward from above, closely', async () => {
  await selectBackend();
  // Record the engine's peak byte count through its numBytes field.
  const state = (tf.engine() as unknown as { state: { numBytes: number } }).state;
  let current = state.numBytes;
  let peak = current;
  Object.defineProperty(state, 'numBytes', { configurable: true, enumerable: true, get: () => current, set: (v: number) => ((current = v), (peak = Math.max(peak, v))) });
  try {
    const shapes: QNetworkShape[] = [
      { encodingSize: 30, latentDim: 32, layers: 1, heads: 2, ffnDim: 64, dropout: 0.1, maxNeighbours: 9 },
      { encodingSize: 12, latentDim: 64, layers: 2, heads: 4, ffnDim: 256, dropout: 0.1, maxNeighbours: 25 },
      { encodingSize: 60, latentDim: 16, layers: 3, heads: 1, ffnDim: 32, dropout: 0, maxNeighbours: 40 },
    ];
    for (const shape of shapes) {
      const net = QNetwork.create(shape, new Rng(1));
      for (const size of [1, 6]) {
        const batch = emptyBatch(size, shape.maxNeighbours, shape.encodingSize);
        batch.counts.fill(shape.maxNeighbours);
        const before = current;
        peak = current;
        const grads = net.gradients(batch, new Rng(2), (heads) => new Float32Array(heads.length).fill(0.1));
        for (const g of grads.values()) g.dispose();
        const measured = peak - before;
        // The step's share of the estimate: activations plus its parameter-sized tensors.
        const estimated = 4 * (2 * parameterCount(shape) + size * stepFloatsPerObservation(shape));
        const label = `${JSON.stringify(shape)} at batch ${size}`;
        assert.ok(measured <= estimated, `${label}: measured ${measured} bytes above the estimate ${estimated}`);
        assert.ok(estimated <= 1.35 * measured, `${label}: estimate ${estimated} more than 1.35× the measured ${measured}`);
      }
      assert.equal(parameterCount(shape), net.params.count(), 'parameter count from the shape');
      net.dispose();
    }
  } finally {
    Object.defineProperty(state, 'numBytes', { configurable: true, enumerable: true, writable: true, value: current });
  }
});
