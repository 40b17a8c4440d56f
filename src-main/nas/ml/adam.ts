/**
 * Adam (Kingma & Ba 2015) with global gradient-norm clipping, over a ParamSet. The state
 * (moments and step count) serialises for checkpoints.
 *
 * Two implementations of one update: `TensorAdam` in tfjs ops (about ten per parameter
 * tensor, kept for the native tensorflow backend, where they run fused on the device and
 * the moments never leave it), and `FlatAdam` (flat-adam.ts) in one loop over flat arrays
 * for the wasm and cpu backends, where those ~330 small ops per cpu-small step cost more
 * in dispatch than in arithmetic. `createAdam` (optimizer.ts) picks by backend; both write
 * the same state.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSet, SerializedParams } from './params.ts';

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Clip the global L2 norm of the gradient to this value; 0 or Infinity disables. */
  clipNorm?: number;
}

export interface AdamState {
  step: number;
  m: SerializedParams;
  v: SerializedParams;
}

export interface Optimizer {
  /** Updates applied so far. */
  readonly step: number;
  /**
   * Apply one update. `grads` maps parameter names to gradients (owned by the caller).
   * Returns the global gradient norm before clipping.
   */
  apply(params: ParamSet, grads: Map<string, tf.Tensor>): number;
  serialize(params: ParamSet): AdamState;
  load(params: ParamSet, state: AdamState): void;
  dispose(): void;
}

export function withDefaults(options: AdamOptions): Required<AdamOptions> {
  return { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, clipNorm: 0, ...options };
}

/** The factor that clips a gradient of global norm `norm` to `clipNorm` (1 when it is within, or clipping is off). */
export function clipScale(norm: number, clipNorm: number): number {
  return clipNorm > 0 && Number.isFinite(clipNorm) && norm > clipNorm ? clipNorm / norm : 1;
}

/** Adam's bias-corrected step size at update t (1-based). */
export function adamStepSize(o: Required<AdamOptions>, t: number): number {
  return (o.learningRate * Math.sqrt(1 - Math.pow(o.beta2, t))) / (1 - Math.pow(o.beta1, t));
}

export class TensorAdam implements Optimizer {
  private readonly options: Required<AdamOptions>;
  private m = new Map<string, tf.Tensor>();
  private v = new Map<string, tf.Tensor>();
  step = 0;

  constructor(options: AdamOptions) {
    this.options = withDefaults(options);
  }

  apply(params: ParamSet, grads: Map<string, tf.Tensor>): number {
    const names = params.names();
    const sq = tf.tidy(() => tf.addN(names.map((n) => tf.sum(tf.square(grads.get(n)!)))));
    const norm = Math.sqrt(sq.dataSync()[0]!);
    sq.dispose();
    const { beta1, beta2, epsilon, clipNorm } = this.options;
    const scale = clipScale(norm, clipNorm);
    this.step += 1;
    const stepSize = adamStepSize(this.options, this.step);
    const next = new Map<string, tf.Tensor>();
    for (const name of names) {
      const g0 = grads.get(name);
      if (!g0) throw new Error(`no gradient for parameter ${name}`);
      const p = params.get(name);
      const mOld = this.m.get(name);
      const vOld = this.v.get(name);
      const [mNew, vNew, pNew] = tf.tidy(() => {
        const g = scale === 1 ? g0 : tf.mul(g0, scale);
        const m = mOld ? tf.add(tf.mul(mOld, beta1), tf.mul(g, 1 - beta1)) : tf.mul(g, 1 - beta1);
        const v = vOld ? tf.add(tf.mul(vOld, beta2), tf.mul(tf.square(g), 1 - beta2)) : tf.mul(tf.square(g), 1 - beta2);
        const update = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsilon));
        return [m, v, tf.sub(p, update)];
      });
      mOld?.dispose();
      vOld?.dispose();
      this.m.set(name, tf.keep(mNew!));
      this.v.set(name, tf.keep(vNew!));
      next.set(name, pNew!);
    }
    params.replace(next);
    return norm;
  }

  serialize(params: ParamSet): AdamState {
    const dump = (store: Map<string, tf.Tensor>): SerializedParams => ({
      names: params.names(),
      shapes: params.specs.map((s) => s.shape.slice()),
      data: params.specs.map((s) => {
        const t = store.get(s.name);
        return t ? new Float32Array(t.dataSync() as Float32Array) : new Float32Array(s.shape.reduce((a, b) => a * b, 1));
      }),
    });
    return { step: this.step, m: dump(this.m), v: dump(this.v) };
  }

  load(params: ParamSet, state: AdamState): void {
    this.dispose();
    this.step = state.step;
    params.specs.forEach((spec) => {
      for (const [store, saved] of [[this.m, state.m], [this.v, state.v]] as const) {
        const i = saved.names.indexOf(spec.name);
        if (i < 0) throw new Error(`the saved optimizer state has no entry for ${spec.name}`);
        store.set(spec.name, tf.keep(tf.tensor(saved.data[i]!, spec.shape, 'float32')));
      }
    });
  }

  dispose(): void {
    for (const t of this.m.values()) t.dispose();
    for (const t of this.v.values()) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}
