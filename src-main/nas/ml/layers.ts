/**
 * Forward and backward passes of the few layers a transformer needs, written out by hand
 * in tfjs-core ops.
 *
 * Why by hand: tfjs-core alone registers no gradient functions (they live in
 * `register_all_gradients`, whose ESM files Node cannot load without a bundler), and the
 * wasm backend's transposed products are slow. Explicit backward passes need neither the
 * gradient registry nor the autodiff tape, use the fewest ops, and keep every product in
 * a form the patched kernels (wasm-kernels.ts) send to XNNPACK. They are checked against
 * finite differences in test/unit/ml-layers.test.ts.
 *
 * Shapes: rows R = batch × tokens; every 2-D activation is [R, features].
 */
import * as tf from '@tensorflow/tfjs-core';

export interface DenseParams {
  w: tf.Tensor2D;
  b: tf.Tensor1D;
}

export function denseForward(x: tf.Tensor2D, p: DenseParams, relu = false): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: p.w, bias: p.b, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D;
}

export interface DenseGrads {
  dx: tf.Tensor2D | null;
  dw: tf.Tensor2D;
  db: tf.Tensor1D;
}

/** y = x·W + b. `needInput` false skips dx (the first layer). */
export function denseBackward(x: tf.Tensor2D, p: DenseParams, dy: tf.Tensor2D, needInput = true): DenseGrads {
  return {
    dx: needInput ? (tf.matMul(dy, p.w, false, true) as tf.Tensor2D) : null,
    dw: tf.matMul(x, dy, true, false),
    db: tf.sum(dy, 0),
  };
}

/** d(relu(z))/dz applied to dy, given the relu output. */
export function reluBackward(y: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  return tf.mul(dy, tf.step(y));
}

export interface LayerNormParams {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
}

export interface LayerNormCache {
  xhat: tf.Tensor2D;
  rstd: tf.Tensor2D;
}

export const LAYER_NORM_EPS = 1e-5;

export function layerNormForward(x: tf.Tensor2D, p: LayerNormParams, cache?: (c: LayerNormCache) => void): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const xc = tf.sub(x, mean);
  const variance = tf.mean(tf.square(xc), -1, true);
  const rstd = tf.rsqrt(tf.add(variance, LAYER_NORM_EPS)) as tf.Tensor2D;
  const xhat = tf.mul(xc, rstd) as tf.Tensor2D;
  cache?.({ xhat, rstd });
  return tf.add(tf.mul(xhat, p.gamma), p.beta) as tf.Tensor2D;
}

export function layerNormBackward(c: LayerNormCache, p: LayerNormParams, dy: tf.Tensor2D): { dx: tf.Tensor2D; dgamma: tf.Tensor1D; dbeta: tf.Tensor1D } {
  const dgamma = tf.sum(tf.mul(dy, c.xhat), 0) as tf.Tensor1D;
  const dbeta = tf.sum(dy, 0) as tf.Tensor1D;
  const g = tf.mul(dy, p.gamma);
  const meanG = tf.mean(g, -1, true);
  const meanGX = tf.mean(tf.mul(g, c.xhat), -1, true);
  const dx = tf.mul(tf.sub(tf.sub(g, meanG), tf.mul(c.xhat, meanGX)), c.rstd) as tf.Tensor2D;
  return { dx, dgamma, dbeta };
}

/** Inverted dropout mask (values 0 or 1/(1−p)), seeded so runs are reproducible. */
export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.step(tf.sub(tf.randomUniform(shape, 0, 1, 'float32', seed), rate)), 1 / (1 - rate)));
}

export interface AttentionParams {
  qkv: DenseParams;
  out: DenseParams;
}

export interface AttentionCache {
  u: tf.Tensor2D;
  q: tf.Tensor4D;
  k: tf.Tensor4D;
  v: tf.Tensor4D;
  p: tf.Tensor4D;
  pDropped: tf.Tensor4D;
  dropMask: tf.Tensor | null;
  o: tf.Tensor2D;
}

export interface AttentionShape {
  batch: number;
  tokens: number;
  heads: number;
  dim: number;
}

/**
 * Multi-head self-attention of u [B·T, d]. `maskBias` [B, 1, 1, T] holds 0 for real keys
 * and a large negative number for padding, so padded tokens receive no attention.
 */
export function attentionForward(
  u: tf.Tensor2D,
  p: AttentionParams,
  maskBias: tf.Tensor4D,
  s: AttentionShape,
  dropout: { rate: number; seed: number } | null,
  cache?: (c: AttentionCache) => void,
): tf.Tensor2D {
  const dh = s.dim / s.heads;
  // Three products with column slices of the (small) packed weight instead of one product
  // and a split of the (large) activation: wasm's SplitV on columns is slow, and so is its
  // rank-5 Transpose (~100× slower than rank 4), so each part goes to heads in 4-D.
  const [wq, wk, wv] = tf.split(p.qkv.w, 3, 1);
  const [bq, bk, bv] = tf.split(p.qkv.b, 3, 0);
  const [q, k, v] = [
    [wq, bq],
    [wk, bk],
    [wv, bv],
  ].map(([w, b]) => toHeads(denseForward(u, { w: w as tf.Tensor2D, b: b as tf.Tensor1D }), s, dh)) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), maskBias);
  const probs = tf.softmax(scores) as tf.Tensor4D;
  let dropMask: tf.Tensor | null = null;
  let pDropped = probs;
  if (dropout && dropout.rate > 0) {
    dropMask = dropoutMask(probs.shape, dropout.rate, dropout.seed);
    pDropped = tf.mul(probs, dropMask) as tf.Tensor4D;
  }
  const heads = tf.matMul(pDropped, v);
  const o = fromHeads(heads, s);
  cache?.({ u, q, k, v, p: probs, pDropped, dropMask, o });
  return denseForward(o, p.out);
}

/** [B·T, d] → [B, h, T, dh]. */
function toHeads(x: tf.Tensor, s: AttentionShape, dh: number): tf.Tensor4D {
  return tf.transpose(tf.reshape(x, [s.batch, s.tokens, s.heads, dh]), [0, 2, 1, 3]);
}

/** [B, h, T, dh] → [B·T, d]. */
function fromHeads(x: tf.Tensor, s: AttentionShape): tf.Tensor2D {
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [s.batch * s.tokens, s.dim]) as tf.Tensor2D;
}

export interface AttentionGrads {
  du: tf.Tensor2D;
  qkv: { dw: tf.Tensor2D; db: tf.Tensor1D };
  out: { dw: tf.Tensor2D; db: tf.Tensor1D };
}

export function attentionBackward(c: AttentionCache, p: AttentionParams, s: AttentionShape, dy: tf.Tensor2D): AttentionGrads {
  const dh = s.dim / s.heads;
  const outGrads = denseBackward(c.o, p.out, dy);
  const dHeads = toHeads(outGrads.dx!, s, dh);
  const dv = tf.matMul(c.pDropped, dHeads, true, false);
  let dp = tf.matMul(dHeads, c.v, false, true);
  if (c.dropMask) dp = tf.mul(dp, c.dropMask);
  // Softmax backward: dS = P ⊙ (dP − Σ_j dP ⊙ P), then the 1/√dh scale.
  const ds = tf.mul(tf.mul(c.p, tf.sub(dp, tf.sum(tf.mul(dp, c.p), -1, true))), 1 / Math.sqrt(dh)) as tf.Tensor4D;
  const dq = tf.matMul(ds, c.k);
  const dk = tf.matMul(ds, c.q, true, false);
  const dqkv = tf.concat([dq, dk, dv].map((part) => fromHeads(part, s)), 1) as tf.Tensor2D;
  const qkvGrads = denseBackward(c.u, p.qkv, dqkv);
  return {
    du: qkvGrads.dx!,
    qkv: { dw: qkvGrads.dw, db: qkvGrads.db },
    out: { dw: outGrads.dw, db: outGrads.db },
  };
}

/** Sinusoidal positional encoding [T, d] (Vaswani et al. 2017). */
export function positionalEncoding(tokens: number, dim: number): Float32Array {
  const out = new Float32Array(tokens * dim);
  for (let pos = 0; pos < tokens; pos++) {
    for (let i = 0; i < dim; i++) {
      const angle = pos / Math.pow(10000, (2 * Math.floor(i / 2)) / dim);
      out[pos * dim + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}
