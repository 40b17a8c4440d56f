/**
 * BANANAS's performance predictor: an ensemble of feed-forward networks, trained and
 * queried on the ML backend in use (tfjs-core: wasm, cpu or native tensorflow).
 *
 * Each member is NASLib's MLPPredictor (predictors/mlp.py): `layers` hidden layers of
 * `width` ReLU units and a linear output, Xavier-uniform weights and zero biases, Adam
 * (β = 0.9, 0.99), mean absolute error plus `l1` × the L1 norm of the output layer's
 * weights, minibatches of `batchSize` reshuffled every epoch, the last one short.
 *
 * The members are independent networks with their own initialisation and shuffling, but
 * they train in lockstep as one batched network: every weight carries a leading member
 * axis and each layer is one batched matrix product, so an ensemble of 3 costs the backend
 * calls of one network. The backward pass is written out (tfjs-core registers no
 * gradients under Node; see ml/layers.ts) and checked against finite differences in
 * test/unit/bananas-predictor.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createAdam } from '../../ml/optimizer.ts';
import { ParamSet, type ParamSpec } from '../../ml/params.ts';
import type { Rng } from '../../rng.ts';

export interface EnsembleShape {
  inputs: number;
  members: number;
  layers: number;
  width: number;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Weight of the L1 norm of the output layer's weights in the loss (NASLib's `regularization`). */
  l1: number;
}

/** Names and shapes of the batched parameters: w0..w{L−1}, b0.., then the output layer. */
function specs(shape: EnsembleShape): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (let l = 0; l <= shape.layers; l++) {
    const fanIn = l === 0 ? shape.inputs : shape.width;
    const fanOut = l === shape.layers ? 1 : shape.width;
    out.push({ name: `w${l}`, shape: [shape.members, fanIn, fanOut], init: 'glorot' }, { name: `b${l}`, shape: [shape.members, 1, fanOut], init: 'zeros' });
  }
  return out;
}

/** Xavier-uniform per member (the member axis is not part of the fan), zero biases. */
function initialParams(shape: EnsembleShape, rng: Rng): ParamSet {
  const list = specs(shape);
  const data = list.map((spec) => {
    const values = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    if (spec.init === 'glorot') {
      const limit = Math.sqrt(6 / (spec.shape[1]! + spec.shape[2]!));
      for (let i = 0; i < values.length; i++) values[i] = (rng.next() * 2 - 1) * limit;
    }
    return values;
  });
  return ParamSet.fromSerialized(list, { names: list.map((s) => s.name), shapes: list.map((s) => s.shape), data });
}

/** Loss of each member and the gradient of their sum, for one batch [members, rows, inputs]. */
export interface BatchGradient {
  losses: Float32Array;
  grads: Map<string, tf.Tensor>;
}

/** A training in progress: one Adam state over any number of epochs. */
export interface FitSession {
  /** One pass over the rows; each member's mean loss over it. */
  epoch(x: readonly Float32Array[], y: readonly number[], rng: Rng): Float32Array;
  dispose(): void;
}

export class MlpEnsemble {
  readonly shape: EnsembleShape;
  readonly params: ParamSet;

  constructor(shape: EnsembleShape, rng: Rng) {
    for (const [name, value] of Object.entries(shape)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`predictor ${name} must be a positive integer, got ${value}`);
    }
    this.shape = shape;
    this.params = initialParams(shape, rng);
  }

  /** Hidden activations and the output [members, rows, 1] of a batch [members, rows, inputs]. */
  private forward(x: tf.Tensor3D): { hidden: tf.Tensor3D[]; output: tf.Tensor3D } {
    const hidden: tf.Tensor3D[] = [x];
    for (let l = 0; l < this.shape.layers; l++) {
      // Not tf.fused.matMul: the wasm backend's fused product takes only a rank-1 bias, and each member has its own.
      hidden.push(tf.relu(tf.add(tf.matMul(hidden[l]!, this.params.get(`w${l}`) as tf.Tensor3D), this.params.get(`b${l}`))) as tf.Tensor3D);
    }
    const L = this.shape.layers;
    return { hidden, output: tf.add(tf.matMul(hidden[L]!, this.params.get(`w${L}`) as tf.Tensor3D), this.params.get(`b${L}`)) as tf.Tensor3D };
  }

  /** Each member's loss (MAE + l1·|w_out|₁) on its batch, and the gradients; tensors owned by the caller. */
  lossAndGradients(x: tf.Tensor3D, y: tf.Tensor3D, l1: number): BatchGradient {
    const L = this.shape.layers;
    let losses: Float32Array = new Float32Array(0);
    const grads = new Map<string, tf.Tensor>();
    const kept = tf.tidy(() => {
      const { hidden, output } = this.forward(x);
      const rows = x.shape[1];
      const error = tf.sub(output, y);
      const outWeights = this.params.get(`w${L}`);
      const mae = tf.div(tf.sum(tf.abs(error), [1, 2]), rows);
      const penalty = tf.mul(tf.sum(tf.abs(outWeights), [1, 2]), l1);
      losses = tf.add(mae, penalty).dataSync() as Float32Array;
      // d|e|/de = sign(e); the mean over the batch's rows.
      let dy = tf.div(tf.sign(error), rows) as tf.Tensor3D;
      const out: Record<string, tf.Tensor> = {};
      for (let l = L; l >= 0; l--) {
        const input = hidden[l]!;
        out[`w${l}`] = tf.matMul(input, dy, true, false);
        out[`b${l}`] = tf.sum(dy, 1, true);
        if (l === 0) break;
        // Through layer l's input, which is the ReLU output of layer l − 1.
        dy = tf.mul(tf.matMul(dy, this.params.get(`w${l}`) as tf.Tensor3D, false, true), tf.step(input)) as tf.Tensor3D;
      }
      out[`w${L}`] = tf.add(out[`w${L}`]!, tf.mul(tf.sign(outWeights), l1));
      return out;
    });
    for (const [name, t] of Object.entries(kept)) grads.set(name, t);
    return { losses: Float32Array.from(losses), grads };
  }

  /**
   * Starts training every member from its current weights, with one Adam state for the
   * session: each `epoch` call is one pass over (x, y), each member over its own shuffle.
   */
  startFit(options: Omit<FitOptions, 'epochs'>): FitSession {
    const optimizer = createAdam({ learningRate: options.learningRate, beta1: 0.9, beta2: 0.99, epsilon: 1e-8 });
    const { members, inputs } = this.shape;
    return {
      epoch: (x, y, rng) => {
        const rows = x.length;
        if (rows === 0 || rows !== y.length) throw new RangeError(`predictor training needs as many targets as inputs (at least one), got ${rows} and ${y.length}`);
        for (const row of x) if (row.length !== inputs) throw new RangeError(`a predictor input has ${row.length} features, the predictor ${inputs}`);
        const order = Array.from({ length: members }, () => rng.shuffle(Array.from({ length: rows }, (_, i) => i)));
        const epochLoss = new Float32Array(members);
        for (let start = 0; start < rows; start += options.batchSize) {
          const size = Math.min(options.batchSize, rows - start);
          const xs = new Float32Array(members * size * inputs);
          const ys = new Float32Array(members * size);
          for (let m = 0; m < members; m++) {
            for (let r = 0; r < size; r++) {
              const row = order[m]![start + r]!;
              xs.set(x[row]!, (m * size + r) * inputs);
              ys[m * size + r] = y[row]!;
            }
          }
          const xt = tf.tensor3d(xs, [members, size, inputs]);
          const yt = tf.tensor3d(ys, [members, size, 1]);
          const { losses, grads } = this.lossAndGradients(xt, yt, options.l1);
          optimizer.apply(this.params, grads);
          for (const t of [xt, yt, ...grads.values()]) t.dispose();
          for (let m = 0; m < members; m++) epochLoss[m]! += (losses[m]! * size) / rows;
        }
        return epochLoss;
      },
      dispose: () => optimizer.dispose(),
    };
  }

  /** Trains every member for `options.epochs` passes; returns each member's mean loss over the last. */
  fit(x: readonly Float32Array[], y: readonly number[], options: FitOptions, rng: Rng): Float32Array {
    const session = this.startFit(options);
    try {
      let losses: Float32Array = new Float32Array(this.shape.members);
      for (let epoch = 0; epoch < options.epochs; epoch++) losses = session.epoch(x, y, rng);
      return losses;
    } finally {
      session.dispose();
    }
  }

  /** Every member's prediction for every input: [member][input]. */
  predict(x: readonly Float32Array[]): Float32Array[] {
    const { members, inputs } = this.shape;
    if (x.length === 0) return Array.from({ length: members }, () => new Float32Array(0));
    const flat = new Float32Array(x.length * inputs);
    x.forEach((row, i) => flat.set(row, i * inputs));
    const values = tf.tidy(() => {
      const batch = tf.tile(tf.tensor3d(flat, [1, x.length, inputs]), [members, 1, 1]) as tf.Tensor3D;
      return this.forward(batch).output;
    });
    const data = values.dataSync() as Float32Array;
    values.dispose();
    return Array.from({ length: members }, (_, m) => data.slice(m * x.length, (m + 1) * x.length));
  }

  dispose(): void {
    this.params.dispose();
  }
}
