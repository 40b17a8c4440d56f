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
 */
import type { AgentHyperparameters } from './contract.ts';
import { Adam, type AdamState } from '../ml/adam.ts';
import type { SerializedParams } from '../ml/params.ts';
import type { Rng } from '../rng.ts';
import { argmaxRow, duelingBackward, duelingQ } from './dueling.ts';
import { QNetwork, type QNetworkShape } from './q-network.ts';
import type { PrioritizedReplay } from './replay.ts';

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

export class Learner {
  readonly hyper: AgentHyperparameters;
  readonly online: QNetwork;
  readonly target: QNetwork;
  readonly adam: Adam;
  steps = 0;

  constructor(hyper: AgentHyperparameters, encodingSize: number, rng: Rng) {
    this.hyper = hyper;
    const shape = networkShape(hyper, encodingSize);
    this.online = QNetwork.create(shape, rng);
    this.target = QNetwork.fromWeights(shape, this.online.getWeights());
    this.adam = new Adam({ learningRate: hyper.learningRate, clipNorm: hyper.gradientClipNorm });
  }

  step(replay: PrioritizedReplay, rng: Rng): LearnerStats {
    const { batchSize: size, maxNeighbours: n } = this.hyper;
    const beta = importanceExponent(this.hyper, this.steps);
    const s = replay.sample(size, beta, rng);
    const qOnlineNext = this.online.qValues(s.next);
    const qTargetNext = this.target.qValues(s.next);
    const y = doubleDqnTargets(s.rewards, s.discounts, s.next.counts, qOnlineNext, qTargetNext, n);
    const td = new Float32Array(size);
    let loss = 0;
    let meanQ = 0;
    const grads = this.online.gradients(s.obs, rng, (heads) => {
      const q = duelingQ(heads, s.obs.counts, this.online.tokens);
      const dq = new Float32Array(size);
      for (let b = 0; b < size; b++) {
        const qa = q[b * n + s.actions[b]!]!;
        const delta = qa - y[b]!;
        td[b] = delta;
        meanQ += qa;
        loss += s.weights[b]! * huber(delta);
        dq[b] = (s.weights[b]! * Math.max(-HUBER_DELTA, Math.min(HUBER_DELTA, delta))) / size;
      }
      return duelingBackward(dq, s.actions, s.obs.counts, this.online.tokens);
    });
    let gradNorm: number;
    try {
      gradNorm = this.adam.apply(this.online.params, grads);
    } finally {
      for (const g of grads.values()) g.dispose();
    }
    const priorities = new Float64Array(size);
    let tdSum = 0;
    for (let b = 0; b < size; b++) {
      priorities[b] = Math.abs(td[b]!);
      tdSum += Math.abs(td[b]!);
    }
    replay.updatePriorities(s.indices, priorities);
    this.steps += 1;
    if (this.steps % this.hyper.targetUpdateInterval === 0) this.syncTarget();
    return { loss: loss / size, meanQ: meanQ / size, tdError: tdSum / size, gradNorm, beta };
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
