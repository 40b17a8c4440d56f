/**
 * The transformer dueling Q-network. One token per architecture: its encoding projected
 * to d dims plus a sinusoidal positional encoding; token 0 is the current architecture,
 * tokens 1..N its drawn neighbours. L pre-LN encoder layers (h-head self-attention, ReLU
 * FFN, dropout on attention probabilities and on both residual branches), a final layer
 * norm, then a 2-output head per token: V(s) is read from token 0 and A(s, i) from token i
 * (see dueling.ts). Padded tokens are masked as keys in every attention layer and left
 * out of the dueling mean and the argmax.
 *
 * Forward and backward are explicit (ml/layers.ts); `gradients` returns the gradient of
 * any loss whose derivative with respect to the head outputs the caller computes from
 * the downloaded outputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng.ts';
import {
  attentionBackward,
  attentionForward,
  denseBackward,
  denseForward,
  dropoutMask,
  layerNormBackward,
  layerNormForward,
  positionalEncoding,
  reluBackward,
  type AttentionCache,
  type AttentionParams,
  type AttentionShape,
  type DenseParams,
  type LayerNormCache,
  type LayerNormParams,
} from '../ml/layers.ts';
import { ParamSet, type ParamSpec, type SerializedParams } from '../ml/params.ts';
import { duelingQ, HEAD_OUTPUTS } from './dueling.ts';
import type { ObsBatch } from './observation.ts';

export interface QNetworkShape {
  encodingSize: number;
  latentDim: number;
  layers: number;
  heads: number;
  ffnDim: number;
  dropout: number;
  maxNeighbours: number;
}

const MASK_NEGATIVE = -1e9;

export function checkShape(shape: QNetworkShape): void {
  const positive = ['encodingSize', 'latentDim', 'layers', 'heads', 'ffnDim', 'maxNeighbours'] as const;
  for (const key of positive) {
    if (!Number.isInteger(shape[key]) || shape[key] < 1) throw new Error(`Q-network ${key} must be a positive integer, got ${shape[key]}`);
  }
  if (shape.latentDim % shape.heads !== 0) throw new Error(`Q-network latentDim ${shape.latentDim} must be divisible by heads ${shape.heads}`);
  if (!(shape.dropout >= 0 && shape.dropout < 1)) throw new Error(`Q-network dropout must be in [0, 1), got ${shape.dropout}`);
}

export function qNetworkSpecs(shape: QNetworkShape): ParamSpec[] {
  checkShape(shape);
  const d = shape.latentDim;
  const specs: ParamSpec[] = [
    { name: 'embed.w', shape: [shape.encodingSize, d], init: 'glorot' },
    { name: 'embed.b', shape: [d], init: 'zeros' },
  ];
  for (let l = 0; l < shape.layers; l++) {
    specs.push(
      { name: `l${l}.ln1.gamma`, shape: [d], init: 'ones' },
      { name: `l${l}.ln1.beta`, shape: [d], init: 'zeros' },
      { name: `l${l}.qkv.w`, shape: [d, 3 * d], init: 'glorot' },
      { name: `l${l}.qkv.b`, shape: [3 * d], init: 'zeros' },
      { name: `l${l}.out.w`, shape: [d, d], init: 'glorot' },
      { name: `l${l}.out.b`, shape: [d], init: 'zeros' },
      { name: `l${l}.ln2.gamma`, shape: [d], init: 'ones' },
      { name: `l${l}.ln2.beta`, shape: [d], init: 'zeros' },
      { name: `l${l}.ff1.w`, shape: [d, shape.ffnDim], init: 'glorot' },
      { name: `l${l}.ff1.b`, shape: [shape.ffnDim], init: 'zeros' },
      { name: `l${l}.ff2.w`, shape: [shape.ffnDim, d], init: 'glorot' },
      { name: `l${l}.ff2.b`, shape: [d], init: 'zeros' },
    );
  }
  specs.push(
    { name: 'final.gamma', shape: [d], init: 'ones' },
    { name: 'final.beta', shape: [d], init: 'zeros' },
    // Small initial head: shaped rewards are O(0.01–1), so start with Q near 0.
    { name: 'head.w', shape: [d, HEAD_OUTPUTS], init: { normal: 0.01 } },
    { name: 'head.b', shape: [HEAD_OUTPUTS], init: 'zeros' },
  );
  return specs;
}

interface LayerCache {
  hIn: tf.Tensor2D;
  ln1: LayerNormCache;
  attn: AttentionCache;
  drop1: tf.Tensor | null;
  ln2: LayerNormCache;
  u2: tf.Tensor2D;
  z: tf.Tensor2D;
  drop2: tf.Tensor | null;
}

interface ForwardCache {
  x: tf.Tensor2D;
  layers: LayerCache[];
  lnf: LayerNormCache;
  hf: tf.Tensor2D;
}

/** FLOPs of the matrix products of one forward pass over `batch` observations (for reports). */
export function forwardFlops(shape: QNetworkShape, batch: number): number {
  const t = shape.maxNeighbours + 1;
  const rows = batch * t;
  const d = shape.latentDim;
  const perLayer = 2 * rows * (d * 3 * d + d * d + 2 * d * shape.ffnDim) + 2 * 2 * batch * t * t * d;
  return 2 * rows * shape.encodingSize * d + shape.layers * perLayer + 2 * rows * d * HEAD_OUTPUTS;
}

export class QNetwork {
  readonly shape: QNetworkShape;
  readonly params: ParamSet;
  private readonly pe: tf.Tensor2D;

  constructor(shape: QNetworkShape, params: ParamSet) {
    checkShape(shape);
    this.shape = shape;
    this.params = params;
    this.pe = tf.keep(tf.tensor2d(positionalEncoding(shape.maxNeighbours + 1, shape.latentDim), [shape.maxNeighbours + 1, shape.latentDim]));
  }

  static create(shape: QNetworkShape, rng: Rng): QNetwork {
    return new QNetwork(shape, ParamSet.init(qNetworkSpecs(shape), rng));
  }

  static fromWeights(shape: QNetworkShape, weights: SerializedParams): QNetwork {
    return new QNetwork(shape, ParamSet.fromSerialized(qNetworkSpecs(shape), weights));
  }

  get tokens(): number {
    return this.shape.maxNeighbours + 1;
  }

  private dense(prefix: string): DenseParams {
    return { w: this.params.get(`${prefix}.w`) as tf.Tensor2D, b: this.params.get(`${prefix}.b`) as tf.Tensor1D };
  }

  private norm(prefix: string): LayerNormParams {
    return { gamma: this.params.get(`${prefix}.gamma`) as tf.Tensor1D, beta: this.params.get(`${prefix}.beta`) as tf.Tensor1D };
  }

  private attention(l: number): AttentionParams {
    return { qkv: this.dense(`l${l}.qkv`), out: this.dense(`l${l}.out`) };
  }

  private checkBatch(batch: ObsBatch): void {
    if (batch.tokens !== this.tokens) throw new Error(`batch has ${batch.tokens} tokens per observation; this network takes ${this.tokens}`);
    if (batch.encodingSize !== this.shape.encodingSize) throw new Error(`batch encodings have ${batch.encodingSize} values; this network takes ${this.shape.encodingSize}`);
  }

  private maskBias(batch: ObsBatch): tf.Tensor4D {
    const t = this.tokens;
    const data = new Float32Array(batch.size * t);
    for (let b = 0; b < batch.size; b++) data.fill(MASK_NEGATIVE, b * t + 1 + batch.counts[b]!, (b + 1) * t);
    return tf.tensor4d(data, [batch.size, 1, 1, t]);
  }

  /** Head outputs [B·T, 2] as a tensor; call inside tf.tidy. */
  private forward(batch: ObsBatch, dropout: { rate: number; rng: Rng } | null, cache: ForwardCache | null): tf.Tensor2D {
    return denseForward(this.encode(batch, dropout, cache), this.dense('head'));
  }

  /** The encoder's output after the final layer norm, [B·T, d]: what the dueling head reads. Call inside tf.tidy. */
  private encode(batch: ObsBatch, dropout: { rate: number; rng: Rng } | null, cache: ForwardCache | null): tf.Tensor2D {
    this.checkBatch(batch);
    const b = batch.size;
    const t = this.tokens;
    const d = this.shape.latentDim;
    const rows = b * t;
    const shape: AttentionShape = { batch: b, tokens: t, heads: this.shape.heads, dim: d };
    const x = tf.tensor2d(batch.data, [rows, this.shape.encodingSize]);
    const mask = this.maskBias(batch);
    let h = tf.reshape(tf.add(tf.reshape(denseForward(x, this.dense('embed')), [b, t, d]), this.pe), [rows, d]) as tf.Tensor2D;
    const drop = dropout && dropout.rate > 0 ? dropout : null;
    const seed = (): number => drop!.rng.nextUint32();
    if (cache) cache.x = x;
    for (let l = 0; l < this.shape.layers; l++) {
      const lc = {} as LayerCache;
      lc.hIn = h;
      const u = layerNormForward(h, this.norm(`l${l}.ln1`), (c) => (lc.ln1 = c));
      let a = attentionForward(u, this.attention(l), mask, shape, drop ? { rate: drop.rate, seed: seed() } : null, (c) => (lc.attn = c));
      lc.drop1 = null;
      if (drop) {
        lc.drop1 = dropoutMask([rows, d], drop.rate, seed());
        a = tf.mul(a, lc.drop1) as tf.Tensor2D;
      }
      const h1 = tf.add(h, a) as tf.Tensor2D;
      const u2 = layerNormForward(h1, this.norm(`l${l}.ln2`), (c) => (lc.ln2 = c));
      const z = denseForward(u2, this.dense(`l${l}.ff1`), true);
      let f = denseForward(z, this.dense(`l${l}.ff2`));
      lc.drop2 = null;
      if (drop) {
        lc.drop2 = dropoutMask([rows, d], drop.rate, seed());
        f = tf.mul(f, lc.drop2) as tf.Tensor2D;
      }
      lc.u2 = u2;
      lc.z = z;
      h = tf.add(h1, f) as tf.Tensor2D;
      cache?.layers.push(lc);
    }
    const hf = layerNormForward(h, this.norm('final'), (c) => {
      if (cache) cache.lnf = c;
    });
    if (cache) cache.hf = hf;
    return hf;
  }

  /**
   * The agent's latent of each observation's state, [B × latentDim] (eval mode): token 0 of the
   * encoder's output after the final layer norm — the representation V(s) is read from, having
   * attended to the drawn neighbours.
   */
  latents(batch: ObsBatch): Float32Array {
    const d = this.shape.latentDim;
    const out = tf.tidy(() => {
      const hf = this.encode(batch, null, null);
      return tf.reshape(tf.slice(tf.reshape(hf, [batch.size, this.tokens, d]), [0, 0, 0], [batch.size, 1, d]), [batch.size, d]);
    });
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  /** Head outputs [B·T·2] (eval mode, no dropout). */
  heads(batch: ObsBatch): Float32Array {
    const out = tf.tidy(() => this.forward(batch, null, null));
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  /** Q-values [B × maxNeighbours], −Infinity at padded actions (eval mode). */
  qValues(batch: ObsBatch): Float32Array {
    return duelingQ(this.heads(batch), batch.counts, this.tokens);
  }

  /**
   * One training forward (dropout on) and backward pass. `headGradient` receives the
   * head outputs [B·T·2] and returns d(loss)/d(head outputs) of the same size. Returns
   * the gradients by parameter name; the caller disposes them.
   */
  gradients(batch: ObsBatch, rng: Rng, headGradient: (heads: Float32Array) => Float32Array): Map<string, tf.Tensor> {
    const names = this.params.names();
    const list = tf.tidy(() => {
      const cache: ForwardCache = { layers: [] } as unknown as ForwardCache;
      const out = this.forward(batch, this.shape.dropout > 0 ? { rate: this.shape.dropout, rng } : null, cache);
      const dOutData = headGradient(out.dataSync() as Float32Array);
      const dOut = tf.tensor2d(dOutData, out.shape);
      const grads = new Map<string, tf.Tensor>();
      const d = this.shape.latentDim;
      const shape: AttentionShape = { batch: batch.size, tokens: this.tokens, heads: this.shape.heads, dim: d };
      const head = denseBackward(cache.hf, this.dense('head'), dOut);
      grads.set('head.w', head.dw).set('head.b', head.db);
      const lnf = layerNormBackward(cache.lnf, this.norm('final'), head.dx!);
      grads.set('final.gamma', lnf.dgamma).set('final.beta', lnf.dbeta);
      let dh = lnf.dx;
      for (let l = this.shape.layers - 1; l >= 0; l--) {
        const lc = cache.layers[l]!;
        const df = lc.drop2 ? (tf.mul(dh, lc.drop2) as tf.Tensor2D) : dh;
        const ff2 = denseBackward(lc.z, this.dense(`l${l}.ff2`), df);
        const dz = reluBackward(lc.z, ff2.dx!) as tf.Tensor2D;
        const ff1 = denseBackward(lc.u2, this.dense(`l${l}.ff1`), dz);
        const ln2 = layerNormBackward(lc.ln2, this.norm(`l${l}.ln2`), ff1.dx!);
        const dh1 = tf.add(dh, ln2.dx) as tf.Tensor2D;
        const da = lc.drop1 ? (tf.mul(dh1, lc.drop1) as tf.Tensor2D) : dh1;
        const attn = attentionBackward(lc.attn, this.attention(l), shape, da);
        const ln1 = layerNormBackward(lc.ln1, this.norm(`l${l}.ln1`), attn.du);
        dh = tf.add(dh1, ln1.dx) as tf.Tensor2D;
        grads
          .set(`l${l}.ff2.w`, ff2.dw).set(`l${l}.ff2.b`, ff2.db)
          .set(`l${l}.ff1.w`, ff1.dw).set(`l${l}.ff1.b`, ff1.db)
          .set(`l${l}.ln2.gamma`, ln2.dgamma).set(`l${l}.ln2.beta`, ln2.dbeta)
          .set(`l${l}.qkv.w`, attn.qkv.dw).set(`l${l}.qkv.b`, attn.qkv.db)
          .set(`l${l}.out.w`, attn.out.dw).set(`l${l}.out.b`, attn.out.db)
          .set(`l${l}.ln1.gamma`, ln1.dgamma).set(`l${l}.ln1.beta`, ln1.dbeta);
      }
      const embed = denseBackward(cache.x, this.dense('embed'), dh, false);
      grads.set('embed.w', embed.dw).set('embed.b', embed.db);
      return names.map((n) => {
        const g = grads.get(n);
        if (!g) throw new Error(`internal: no gradient computed for ${n}`);
        return g;
      });
    });
    return new Map(names.map((n, i) => [n, list[i]!]));
  }

  getWeights(): SerializedParams {
    return this.params.serialize();
  }

  setWeights(weights: SerializedParams): void {
    this.params.load(weights);
  }

  dispose(): void {
    this.params.dispose();
    this.pe.dispose();
  }
}
