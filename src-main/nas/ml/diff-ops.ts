/**
 * Differentiable building blocks for convolutional networks, each a tf.customGrad with its
 * gradient written out.
 *
 * Why not tfjs's own gradients: under plain Node only tfjs-core's CommonJS bundle loads,
 * and it registers no gradient functions (they live in ES modules with extension-less
 * imports that Node cannot resolve). A customGrad op carries its own backward pass, so
 * autodiff (tf.valueAndGrads) works over any graph built from these ops on every backend.
 * The backward passes call kernels directly (Conv2DBackpropInput/Filter, MaxPoolGrad),
 * which is what the wasm kernel patch provides.
 *
 * Every op is checked against finite differences in test/unit/diff-ops.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BN_RELU_BACKWARD, BN_RELU_FORWARD } from './wasm-bn-kernels.ts';

type T4 = tf.Tensor4D;
type Grad = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/** tf.customGrad with the inputs as an array, so each op below reads as forward + backward. */
export function differentiable(forward: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: Grad }): (...inputs: tf.Tensor[]) => tf.Tensor {
  const op = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return forward(args.slice(0, -1) as tf.Tensor[], save);
  }) as Parameters<typeof tf.customGrad>[0]);
  return (...inputs) => op(...inputs);
}

function runKernel<R extends tf.Tensor>(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): R {
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as R;
}

export interface Conv2dOptions {
  /**
   * False when x is a constant (a network's input images): its gradient is then zeros instead
   * of a convolution. A custom gradient computes every input's gradient eagerly, even those
   * the tape throws away (for the live network's stem that was ~4% of a step).
   */
  inputGradient?: boolean;
}

/** 2-D convolution, stride 1 or more, 'same' padding, channels last, no bias. */
export function conv2d(x: T4, filter: T4, stride = 1, options: Conv2dOptions = {}): T4 {
  const inputGradient = options.inputGradient ?? true;
  const op = differentiable(([xi, fi], save) => {
    save([xi!, fi!]);
    const value = tf.conv2d(xi as T4, fi as T4, stride, 'same');
    return {
      value,
      gradFunc: (dy, saved) => {
        const [xs, fs] = saved as [T4, T4];
        const attrs = { strides: stride, pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined };
        return [
          inputGradient ? runKernel<T4>('Conv2DBackpropInput', { dy, filter: fs }, { ...attrs, inputShape: xs.shape }) : tf.zeros<tf.Rank.R4>(xs.shape),
          runKernel<T4>('Conv2DBackpropFilter', { x: xs, dy }, { ...attrs, filterShape: fs.shape }),
        ];
      },
    };
  });
  return op(x, filter) as T4;
}

/** Batch statistics of x over batch and space, per channel (what training-mode BN normalises with). */
export interface BatchStats {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * Training-mode batch normalisation: normalise with the batch's own statistics, then
 * scale and shift. Returns the statistics too (not differentiated) for the moving averages.
 */
export function batchNormTrain(x: T4, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): { y: T4; stats: BatchStats } {
  const mean = tf.mean(x, [0, 1, 2]) as tf.Tensor1D;
  const variance = tf.mean(tf.square(tf.sub(x, mean)), [0, 1, 2]) as tf.Tensor1D;
  const op = differentiable(([xi, g, b], save) => {
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const xHat = tf.mul(tf.sub(xi!, mean), invStd);
    save([xHat, invStd, g!]);
    return {
      value: tf.add(tf.mul(xHat, g!), b!),
      gradFunc: (dy, saved) => {
        const [xh, inv, gs] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const m = dy.size / dy.shape[dy.rank - 1]!;
        const dBeta = tf.sum(dy, [0, 1, 2]);
        const dGamma = tf.sum(tf.mul(dy, xh), [0, 1, 2]);
        // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂))
        const centred = tf.sub(tf.sub(dy, tf.div(dBeta, m)), tf.mul(xh, tf.div(dGamma, m)));
        return [tf.mul(centred, tf.mul(gs, inv)), dGamma, dBeta];
      },
    };
  });
  return { y: op(x, gamma, beta) as T4, stats: { mean, variance } };
}

/**
 * relu(batchNormTrain(x)) as one op. On the wasm backend it runs the fused kernels of
 * wasm-bn-kernels.ts (two passes forward, two backward, instead of ~25 backend calls); on
 * other backends it is the two ops above, composed. The statistics come back kept (they
 * outlive the gradient computation, for the moving averages): the caller disposes them.
 */
export function batchNormReluTrain(x: T4, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): { y: T4; stats: BatchStats } {
  if (tf.getBackend() !== 'wasm' || !tf.getKernel(BN_RELU_FORWARD, 'wasm')) {
    const { y, stats } = batchNormTrain(x, gamma, beta, epsilon);
    return { y: relu(y), stats: { mean: tf.keep(stats.mean), variance: tf.keep(stats.variance) } };
  }
  let stats: BatchStats | null = null;
  const op = differentiable(([xi, g, b], save) => {
    const [y, mean, variance] = tf.engine().runKernel(BN_RELU_FORWARD, { x: xi!, gamma: g!, beta: b! }, { epsilon }) as tf.Tensor[];
    // A custom gradient's forward runs in its own tidy: the statistics leave it kept.
    stats = { mean: tf.keep(mean as tf.Tensor1D), variance: tf.keep(variance as tf.Tensor1D) };
    save([xi!, y!, mean!, variance!, g!]);
    return {
      value: y!,
      gradFunc: (dy, [xs, ys, ms, vs, gs]) => tf.engine().runKernel(BN_RELU_BACKWARD, { dy, x: xs!, y: ys!, mean: ms!, variance: vs!, gamma: gs! }, { epsilon }) as tf.Tensor[],
    };
  });
  const y = op(x, gamma, beta) as T4;
  return { y, stats: stats! };
}

export function relu<R extends tf.Tensor>(x: R): R {
  const op = differentiable(([xi], save) => {
    const value = tf.relu(xi!);
    save([value]);
    return { value, gradFunc: (dy, [y]) => tf.mul(dy, tf.step(y!)) };
  });
  return op(x) as R;
}

/** Max pooling with 'same' padding. */
export function maxPool(x: T4, size: number, stride: number): T4 {
  const op = differentiable(([xi], save) => {
    const value = tf.maxPool(xi as T4, size, stride, 'same');
    save([xi!, value]);
    return {
      value,
      gradFunc: (dy, [input, output]) =>
        runKernel<T4>('MaxPoolGrad', { dy, input: input!, output: output! }, { filterSize: size, strides: stride, pad: 'same', dimRoundingMode: undefined }),
    };
  });
  return op(x) as T4;
}

/** Element-wise sum of same-shaped tensors. */
export function addN<R extends tf.Tensor>(xs: R[]): R {
  if (xs.length === 1) return xs[0]!;
  // One copy of dy per input: backprop accumulates into (and then disposes) each input's
  // gradient separately, so a shared tensor would be freed under the other inputs.
  const op = differentiable((inputs) => ({ value: tf.addN(inputs), gradFunc: (dy) => inputs.map(() => tf.clone(dy)) }));
  return op(...xs) as R;
}

/** Concatenate along channels (the last axis). */
export function concatChannels(xs: T4[]): T4 {
  if (xs.length === 1) return xs[0]!;
  const widths = xs.map((x) => x.shape[3]);
  const op = differentiable((inputs) => ({ value: tf.concat(inputs as T4[], 3), gradFunc: (dy) => tf.split(dy as T4, widths, 3) }));
  return op(...xs) as T4;
}

/** The first `channels` channels (NB101's truncate), gradient zero-padded back. */
export function truncateChannels(x: T4, channels: number): T4 {
  const extra = x.shape[3] - channels;
  if (extra === 0) return x;
  if (extra < 0) throw new RangeError(`cannot truncate ${x.shape[3]} channels to ${channels}`);
  const op = differentiable(([xi]) => ({
    value: tf.slice(xi as T4, [0, 0, 0, 0], [-1, -1, -1, channels]),
    gradFunc: (dy) => tf.pad(dy as T4, [[0, 0], [0, 0], [0, 0], [0, extra]]),
  }));
  return op(x) as T4;
}

/** Mean over height and width: [N, H, W, C] → [N, C]. */
export function globalAveragePool(x: T4): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  const op = differentiable(([xi]) => ({
    value: tf.mean(xi!, [1, 2]),
    gradFunc: (dy) => tf.mul(tf.reshape(dy, [n, 1, 1, c]), tf.fill([1, h, w, 1], 1 / (h * w))),
  }));
  return op(x) as tf.Tensor2D;
}

/** x·W + b. */
export function dense(x: tf.Tensor2D, weights: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const op = differentiable(([xi, wi, bi], save) => {
    save([xi!, wi!]);
    return {
      value: tf.add(tf.matMul(xi as tf.Tensor2D, wi as tf.Tensor2D), bi!),
      gradFunc: (dy, [xs, ws]) => [
        tf.matMul(dy as tf.Tensor2D, ws as tf.Tensor2D, false, true),
        tf.matMul(xs as tf.Tensor2D, dy as tf.Tensor2D, true, false),
        tf.sum(dy, 0),
      ],
    };
  });
  return op(x, weights, bias) as tf.Tensor2D;
}

/** Mean softmax cross-entropy of logits [N, K] against one-hot labels [N, K]; labels get no gradient. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  const op = differentiable(([li, yi], save) => {
    const logProbs = tf.logSoftmax(li as tf.Tensor2D);
    save([logProbs, yi!]);
    const n = li!.shape[0]!;
    return {
      value: tf.div(tf.neg(tf.sum(tf.mul(logProbs, yi!))), n),
      gradFunc: (dy, [lp, y]) => [tf.mul(tf.sub(tf.exp(lp!), y!), tf.div(dy, n)), tf.zerosLike(y!)],
    };
  });
  return op(logits, oneHot) as tf.Scalar;
}
