/**
 * Trains one NB101 cell under a recipe and measures it: accuracy on a training subset (as
 * large as the validation split), validation and test, at the end and halfway through
 * (NB101 records both), plus parameter count and wall time. Deterministic for a given
 * (cell, recipe, seed) on a given backend: the seed fixes initial weights and batch order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng.ts';
import type { CellGraph } from '../spaces/nb101/matrix.ts';
import * as ops from '../ml/diff-ops.ts';
import type { PreparedData, SplitData } from './dataset.ts';
import { Nb101Network } from './nb101-network.ts';
import { learningRateAt, type TrainingRecipe } from './recipe.ts';

export interface Evaluation {
  train: number;
  validation: number;
  test: number;
}

export interface TrainOutcome {
  final: Evaluation;
  /** After `halfwayEpoch` epochs (half, rounded down); null for one-epoch recipes or when not asked for. */
  halfway: Evaluation | null;
  halfwayEpoch: number;
  params: number;
  /** Wall seconds spent in optimisation steps (evaluation excluded), as NB101's training_time. */
  trainSeconds: number;
  halfwaySeconds: number;
  finalLoss: number;
  /** Set when the loss became non-finite: training stopped at that step and the (useless) network was evaluated as it was. */
  diverged?: { step: number };
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
}

export interface TrainOptions {
  onProgress?: (progress: TrainProgress) => void;
  /** How often onProgress fires, in steps (default every 10). */
  progressEvery?: number;
  /** Checked between steps; a true value stops training with an AbortError. */
  signal?: AbortSignal;
  /** Evaluate halfway through as NB101 does (default true; costs one extra evaluation). */
  halfway?: boolean;
}

const EVAL_BATCH = 500;

function batchTensor(split: SplitData, indices: ArrayLike<number>, data: PreparedData): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const pixels = data.height * data.width;
  const images = new Float32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    images.set(split.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
    labels[i] = split.labels[index]!;
  }
  return {
    x: tf.tensor4d(images, [indices.length, data.height, data.width, 1]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), data.classes) as tf.Tensor2D,
  };
}

async function accuracy(network: Nb101Network, split: SplitData, data: PreparedData, limit = split.count): Promise<number> {
  let correct = 0;
  const count = Math.min(limit, split.count);
  for (let start = 0; start < count; start += EVAL_BATCH) {
    await yieldToEventLoop();
    const indices = Array.from({ length: Math.min(EVAL_BATCH, count - start) }, (_, i) => start + i);
    correct += tf.tidy(() => {
      const { x, y } = batchTensor(split, indices, data);
      const predicted = tf.argMax(network.forward(x, false).logits, 1);
      return tf.sum(tf.cast(tf.equal(predicted, tf.argMax(y, 1)), 'float32')).dataSync()[0]!;
    });
  }
  return count === 0 ? NaN : correct / count;
}

async function evaluate(network: Nb101Network, data: PreparedData): Promise<Evaluation> {
  return {
    train: await accuracy(network, data.train, data, data.validation.count),
    validation: await accuracy(network, data.validation, data),
    test: await accuracy(network, data.test, data),
  };
}

/**
 * Conv and dense weights get weight decay; BN scales, shifts and biases do not (NB101 decays
 * every trainable variable; with a 62-step recipe the difference is immaterial, and decaying
 * BN scales towards 0 is the less common choice today).
 */
function decays(name: string): boolean {
  return name.endsWith('/w');
}

/**
 * SGD with momentum or Adam over named parameters (exported for the step benchmark).
 *
 * The update runs in JavaScript over each parameter's values: a network of this size has a
 * few thousand scalars in ~20 tensors, and as tensor ops Adam is ~15 backend calls per tensor
 * (about half of all the calls in a step). Here it is one read of the gradient and weights and
 * one new tensor per parameter. Slots are Float32Arrays, as the tensors were.
 */
export class Optimizer {
  private readonly slots = new Map<string, Float32Array[]>();
  private t = 0;

  private readonly recipe: TrainingRecipe;

  constructor(recipe: TrainingRecipe) {
    this.recipe = recipe;
  }

  /** Returns the updated parameters; the caller swaps them in. */
  step(params: Map<string, tf.Tensor>, grads: Map<string, tf.Tensor>, lr: number): Map<string, tf.Tensor> {
    this.t++;
    const next = new Map<string, tf.Tensor>();
    const { optimizer, momentum, weightDecay } = this.recipe;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (const [name, tensor] of params) {
      const g = grads.get(name)!.dataSync() as Float32Array;
      const w = Float32Array.from(tensor.dataSync() as Float32Array);
      const decay = weightDecay > 0 && decays(name) ? weightDecay : 0;
      const first = !this.slots.has(name);
      if (first) this.slots.set(name, optimizer === 'momentum' ? [new Float32Array(w.length)] : [new Float32Array(w.length), new Float32Array(w.length)]);
      const [m, s] = this.slots.get(name)!;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]! + w[i]! * decay;
        if (optimizer === 'momentum') {
          m![i] = first ? gi : m![i]! * momentum + gi;
          w[i] = w[i]! - m![i]! * lr;
        } else {
          m![i] = m![i]! * b1 + gi * (1 - b1);
          s![i] = s![i]! * b2 + gi * gi * (1 - b2);
          w[i] = w[i]! - (m![i]! / c1 / (Math.sqrt(s![i]! / c2) + 1e-8)) * lr;
        }
      }
      next.set(name, tf.tensor(w, tensor.shape, 'float32'));
    }
    return next;
  }

  dispose(): void {
    this.slots.clear();
  }
}

function abortError(): Error {
  const error = new Error('training was stopped');
  error.name = 'AbortError';
  return error;
}

/**
 * One optimisation step on one batch: loss and gradients through the custom-gradient ops,
 * the batch-norm moving averages, the optimiser update. Returns the batch loss.
 */
export function trainingStep(network: Nb101Network, optimizer: Optimizer, batch: () => { x: tf.Tensor4D; y: tf.Tensor2D }, lr: number, batchNormMomentum: number): number {
  const names = network.params.names();
  const lossTensor = tf.tidy(() => {
    const { x, y } = batch();
    let stats = new Map<string, ops.BatchStats>();
    const { value, grads } = tf.valueAndGrads((...weights: tf.Tensor[]) => {
      // The network reads its parameters by name; point them at the differentiated inputs.
      network.params.replace(new Map(names.map((name, i) => [name, weights[i]!])));
      const result = network.forward(x, true);
      stats = result.batchStats;
      // Kept past the gradient computation's own clean-up, for the moving averages below.
      for (const s of stats.values()) tf.keep(s.mean), tf.keep(s.variance);
      return ops.softmaxCrossEntropy(result.logits, y);
    })(network.params.list());
    network.updateMovingStats(stats, batchNormMomentum);
    for (const s of stats.values()) s.mean.dispose(), s.variance.dispose();
    const current = new Map(names.map((name) => [name, network.params.get(name)]));
    const updated = optimizer.step(current, new Map(names.map((name, i) => [name, grads[i]!])), lr);
    network.params.replace(new Map([...updated].map(([name, t]) => [name, tf.keep(t)])));
    return tf.keep(value);
  });
  const loss = lossTensor.dataSync()[0]!;
  lossTensor.dispose();
  return loss;
}

/** Lets timers and messages through between steps (heartbeats, stop requests), without a timer's 1 ms floor. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function trainCell(graph: CellGraph, data: PreparedData, recipe: TrainingRecipe, seed: number, options: TrainOptions = {}): Promise<TrainOutcome> {
  const rng = new Rng(seed);
  const network = new Nb101Network(
    graph,
    { height: data.height, width: data.width, channels: 1, classes: data.classes, ...recipe.network },
    rng.fork(),
  );
  const optimizer = new Optimizer(recipe);
  const stepsPerEpoch = Math.max(1, Math.floor(data.train.count / recipe.batchSize));
  const totalSteps = stepsPerEpoch * recipe.epochs;
  const halfwayEpoch = Math.floor(recipe.epochs / 2);
  const progressEvery = options.progressEvery ?? 10;
  let trainSeconds = 0;
  let halfwaySeconds = 0;
  let halfway: Evaluation | null = null;
  let loss = NaN;
  let step = 0;
  let diverged: { step: number } | null = null;
  try {
    training: for (let epoch = 0; epoch < recipe.epochs; epoch++) {
      if (epoch === halfwayEpoch && halfwayEpoch > 0 && options.halfway !== false) {
        halfway = await evaluate(network, data);
        halfwaySeconds = trainSeconds;
      }
      const order = rng.shuffle(Array.from({ length: data.train.count }, (_, i) => i));
      for (let b = 0; b < stepsPerEpoch; b++, step++) {
        await yieldToEventLoop();
        if (options.signal?.aborted) throw abortError();
        const started = performance.now();
        const lr = learningRateAt(recipe, step, totalSteps);
        const indices = order.slice(b * recipe.batchSize, (b + 1) * recipe.batchSize);
        loss = trainingStep(network, optimizer, () => batchTensor(data.train, indices, data), lr, recipe.batchNormMomentum);
        trainSeconds += (performance.now() - started) / 1000;
        if (!Number.isFinite(loss)) {
          // A measurement, not a failure: this cell does not train under this recipe. Stopping
          // here and recording it keeps builds and searches going (and deterministic replays
          // reach the same outcome instead of failing at the same cell forever).
          diverged = { step: step + 1 };
          break training;
        }
        if (options.onProgress && ((step + 1) % progressEvery === 0 || step + 1 === totalSteps)) {
          options.onProgress({ epoch, epochs: recipe.epochs, step: step + 1, steps: totalSteps, loss });
        }
      }
    }
    const final = await evaluate(network, data);
    return {
      final,
      halfway,
      halfwayEpoch,
      params: network.parameterCount(),
      trainSeconds,
      halfwaySeconds,
      finalLoss: loss,
      ...(diverged ? { diverged } : {}),
    };
  } finally {
    optimizer.dispose();
    network.dispose();
  }
}
