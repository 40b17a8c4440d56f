/**
 * The Ape-X learner: double DQN (van Hasselt et al. 2016) on prioritized n-step replay.
 *
 *   a* = argmax_a Q_online(s', a)   over the real neighbours of s'
 *   y  = R + γ^k · Q_target(s', a*)
 *   loss = (1/B) Σ_b w_b · huber(Q_online(s_b, a_b) − y_b)   (w_b: importance weights)
 *
 * Adam with global gradient-norm clipping; the target network copies the online one every
 * U learner steps; new priorities are the |TD errors|; the importance exponent anneals
 * linearly from its start to its end value.
 *
 * A batch too large for the backend's memory (memory-plan.ts) runs as micro-batches whose
 * gradients are summed before the one Adam update: the loss is a sum over observations
 * (each term already divided by the full B), so the sum of the micro-batch gradients is
 * the full-batch gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AgentHyperparameters } from './contract.ts';
import type { AdamState, Optimizer } from '../ml/adam.ts';
import { createAdam } from '../ml/optimizer.ts';
import type { SerializedParams } from '../ml/params.ts';
import type { Rng } from '../rng.ts';
import { argmaxRow, duelingBackward, duelingQ } from './dueling.ts';
import { backendMemoryLimit, planLearnerMemory, type LearnerMemoryPlan } from './memory-plan.ts';
import { sliceBatch, type ObsBatch } from './observation.ts';
import { QNetwork, type QNetworkShape } from './q-network.ts';
import type { PrioritizedReplay, ReplaySample } from './replay.ts';

export interface LearnerStats {
  loss: number;
  meanQ: number;
  /** Mean |TD error| of the batch. */
  tdError: number;
  gradNorm: number;
  beta: number;
}

export interface LearnerState {
  steps: number;
  online: SerializedParams;
  target: SerializedParams;
  adam: AdamState;
}

export function networkShape(hyper: AgentHyperparameters, encodingSize: number): QNetworkShape {
  return {
    encodingSize,
    latentDim: hyper.latentDim,
    layers: hyper.layers,
    heads: hyper.heads,
    ffnDim: hyper.ffnDim,
    dropout: hyper.dropout,
    maxNeighbours: hyper.maxNeighbours,
  };
}

export const HUBER_DELTA = 1;

export function huber(x: number, delta = HUBER_DELTA): number {
  const a = Math.abs(x);
  return a <= delta ? 0.5 * x * x : delta * (a - 0.5 * delta);
}

/** β after `steps` learner steps: linear from start to end over the anneal steps, then constant. */
export function importanceExponent(hyper: AgentHyperparameters, steps: number): number {
  const f = Math.min(1, steps / Math.max(1, hyper.importanceAnnealSteps));
  return hyper.importanceExponentStart + f * (hyper.importanceExponentEnd - hyper.importanceExponentStart);
}

/** Double-DQN targets from the online and target Q-values of the next observations. */
export function doubleDqnTargets(
  rewards: Float32Array,
  discounts: Float32Array,
  nextCounts: Int32Array,
  qOnlineNext: Float32Array,
  qTargetNext: Float32Array,
  maxNeighbours: number,
): Float32Array {
  const y = new Float32Array(rewards.length);
  for (let b = 0; b < rewards.length; b++) {
    const count = nextCounts[b]!;
    let bootstrap = 0;
    if (count > 0 && discounts[b]! > 0) {
      const a = argmaxRow(qOnlineNext, b, maxNeighbours, count);
      bootstrap = qTargetNext[b * maxNeighbours + a]!;
    }
    y[b] = rewards[b]! + discounts[b]! * bootstrap;
  }
  return y;
}

export interface LearnerOptions {
  /** Bytes the backend may use; default backendMemoryLimit of the active tfjs backend. */
  memoryLimitBytes?: number;
  /** Force this micro-batch (tests, benchmarks); default: the largest that fits the limit. */
  microBatch?: number;
}

/** Rows [start, end) of every per-observation array of a replay sample. */
interface Slice {
  start: number;
  end: number;
}

function slices(size: number, micro: number): Slice[] {
  const out: Slice[] = [];
  for (let start = 0; start < size; start += micro) out.push({ start, end: Math.min(size, start + micro) });
  return out;
}

export class Learner {
  readonly hyper: AgentHyperparameters;
  readonly online: QNetwork;
  readonly target: QNetwork;
  readonly adam: Optimizer;
  readonly memoryPlan: LearnerMemoryPlan;
  steps = 0;

  /** Throws before allocating anything when the network cannot fit in the backend's memory. */
  constructor(hyper: AgentHyperparameters, encodingSize: number, rng: Rng, options: LearnerOptions = {}) {
    this.hyper = hyper;
    const shape = networkShape(hyper, encodingSize);
    const backend = tf.getBackend();
    this.memoryPlan = planLearnerMemory(shape, hyper.batchSize, options.memoryLimitBytes ?? backendMemoryLimit(backend), `the ${backend} backend`);
    if (options.microBatch !== undefined) {
      const m = options.microBatch;
      if (!Number.isInteger(m) || m < 1) throw new Error(`microBatch must be a positive integer, got ${m}`);
      const microBatch = Math.min(m, hyper.batchSize);
      this.memoryPlan = { ...this.memoryPlan, microBatch, microBatches: Math.ceil(hyper.batchSize / microBatch) };
    }
    this.online = QNetwork.create(shape, rng);
    this.target = QNetwork.fromWeights(shape, this.online.getWeights());
    this.adam = createAdam({ learningRate: hyper.learningRate, clipNorm: hyper.gradientClipNorm });
  }

  step(replay: PrioritizedReplay, rng: Rng): LearnerStats {
    const { batchSize: size, maxNeighbours: n } = this.hyper;
    const beta = importanceExponent(this.hyper, this.steps);
    const s = replay.sample(size, beta, rng);
    const parts = slices(size, this.memoryPlan.microBatch);
    const qOnlineNext = this.qValuesInParts(this.online, s.next, parts);
    const qTargetNext = this.qValuesInParts(this.target, s.next, parts);
    const y = doubleDqnTargets(s.rewards, s.discounts, s.next.counts, qOnlineNext, qTargetNext, n);
    const td = new Float32Array(size);
    const sums = { loss: 0, meanQ: 0 };
    let grads: Map<string, tf.Tensor> | null = null;
    try {
      for (const part of parts) {
        const g = this.partGradients(s, part, y, td, sums, rng);
        if (!grads) {
          grads = g;
          continue;
        }
        for (const [name, t] of g) {
          const sum = tf.add(grads.get(name)!, t);
          grads.get(name)!.dispose();
          t.dispose();
          grads.set(name, sum);
        }
      }
      const gradNorm = this.adam.apply(this.online.params, grads!);
      const priorities = new Float64Array(size);
      let tdSum = 0;
      for (let b = 0; b < size; b++) {
        priorities[b] = Math.abs(td[b]!);
        tdSum += Math.abs(td[b]!);
      }
      replay.updatePriorities(s.indices, priorities);
      this.steps += 1;
      if (this.steps % this.hyper.targetUpdateInterval === 0) this.syncTarget();
      return { loss: sums.loss / size, meanQ: sums.meanQ / size, tdError: tdSum / size, gradNorm, beta };
    } finally {
      for (const g of grads?.values() ?? []) g.dispose();
    }
  }

  private qValuesInParts(network: QNetwork, batch: ObsBatch, parts: Slice[]): Float32Array {
    if (parts.length === 1) return network.qValues(batch);
    const out = new Float32Array(batch.size * this.hyper.maxNeighbours);
    for (const { start, end } of parts) out.set(network.qValues(sliceBatch(batch, start, end)), start * this.hyper.maxNeighbours);
    return out;
  }

  /**
   * Gradient of the rows `part` of the batch loss (each term divided by the full B), filling
   * their TD errors and adding their loss and Q to `sums`.
   */
  private partGradients(s: ReplaySample, part: Slice, y: Float32Array, td: Float32Array, sums: { loss: number; meanQ: number }, rng: Rng): Map<string, tf.Tensor> {
    const { batchSize: size, maxNeighbours: n } = this.hyper;
    const { start, end } = part;
    const obs = start === 0 && end === size ? s.obs : sliceBatch(s.obs, start, end);
    const actions = s.actions.subarray(start, end);
    return this.online.gradients(obs, rng, (heads) => {
      const q = duelingQ(heads, obs.counts, this.online.tokens);
      const dq = new Float32Array(end - start);
      for (let i = 0; i < end - start; i++) {
        const b = start + i;
        const qa = q[i * n + actions[i]!]!;
        const delta = qa - y[b]!;
        td[b] = delta;
        sums.meanQ += qa;
        sums.loss += s.weights[b]! * huber(delta);
        dq[i] = (s.weights[b]! * Math.max(-HUBER_DELTA, Math.min(HUBER_DELTA, delta))) / size;
      }
      return duelingBackward(dq, actions, obs.counts, this.online.tokens);
    });
  }

  syncTarget(): void {
    this.target.params.copyFrom(this.online.params);
  }

  serialize(): LearnerState {
    return { steps: this.steps, online: this.online.getWeights(), target: this.target.getWeights(), adam: this.adam.serialize(this.online.params) };
  }

  load(state: LearnerState): void {
    this.online.setWeights(state.online);
    this.target.setWeights(state.target);
    this.adam.load(this.online.params, state.adam);
    this.steps = state.steps;
  }

  dispose(): void {
    this.online.dispose();
    this.target.dispose();
    this.adam.dispose();
  }
}
