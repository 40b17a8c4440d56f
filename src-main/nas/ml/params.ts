/**
 * A named, ordered set of parameter tensors: created from a seeded Rng (so the same seed
 * gives the same network on every backend), copied, read out as Float32Arrays for
 * checkpoints and for shipping weights to actor threads, and written back.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng.ts';

export interface ParamSpec {
  name: string;
  shape: number[];
  init: 'glorot' | 'zeros' | 'ones' | { normal: number };
}

export interface SerializedParams {
  names: string[];
  shapes: number[][];
  data: Float32Array[];
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function initialValues(spec: ParamSpec, rng: Rng): Float32Array {
  const n = size(spec.shape);
  const out = new Float32Array(n);
  if (spec.init === 'zeros') return out;
  if (spec.init === 'ones') return out.fill(1);
  if (spec.init === 'glorot') {
    const fanIn = spec.shape[0]!;
    const fanOut = spec.shape[spec.shape.length - 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * limit;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = rng.gaussian() * spec.init.normal;
  return out;
}

export class ParamSet {
  readonly specs: readonly ParamSpec[];
  private tensors: Map<string, tf.Tensor>;

  private constructor(specs: readonly ParamSpec[], tensors: Map<string, tf.Tensor>) {
    this.specs = specs;
    this.tensors = tensors;
  }

  static init(specs: readonly ParamSpec[], rng: Rng): ParamSet {
    const tensors = new Map<string, tf.Tensor>();
    for (const spec of specs) tensors.set(spec.name, tf.keep(tf.tensor(initialValues(spec, rng), spec.shape, 'float32')));
    return new ParamSet(specs, tensors);
  }

  static fromSerialized(specs: readonly ParamSpec[], values: SerializedParams): ParamSet {
    const set = new ParamSet(specs, new Map());
    set.tensors = set.tensorsFrom(values);
    return set;
  }

  get(name: string): tf.Tensor {
    const t = this.tensors.get(name);
    if (!t) throw new Error(`no parameter named ${name}`);
    return t;
  }

  names(): string[] {
    return this.specs.map((s) => s.name);
  }

  list(): tf.Tensor[] {
    return this.specs.map((s) => this.get(s.name));
  }

  /** Total number of scalars. */
  count(): number {
    return this.specs.reduce((n, s) => n + size(s.shape), 0);
  }

  clone(): ParamSet {
    const tensors = new Map<string, tf.Tensor>();
    for (const [name, t] of this.tensors) tensors.set(name, tf.keep(tf.clone(t)));
    return new ParamSet(this.specs, tensors);
  }

  /** Take ownership of `next` (same names), disposing the replaced tensors. */
  replace(next: Map<string, tf.Tensor>): void {
    for (const spec of this.specs) {
      const t = next.get(spec.name);
      if (!t) throw new Error(`replacement is missing parameter ${spec.name}`);
      const old = this.tensors.get(spec.name);
      this.tensors.set(spec.name, tf.keep(t));
      if (old && old !== t) old.dispose();
    }
  }

  copyFrom(other: ParamSet): void {
    const next = new Map<string, tf.Tensor>();
    for (const spec of this.specs) next.set(spec.name, tf.clone(other.get(spec.name)));
    this.replace(next);
  }

  serialize(): SerializedParams {
    return {
      names: this.specs.map((s) => s.name),
      shapes: this.specs.map((s) => s.shape.slice()),
      data: this.specs.map((s) => this.get(s.name).dataSync() as Float32Array).map((d) => new Float32Array(d)),
    };
  }

  load(values: SerializedParams): void {
    const next = this.tensorsFrom(values);
    this.replace(next);
  }

  private tensorsFrom(values: SerializedParams): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>();
    this.specs.forEach((spec) => {
      const i = values.names.indexOf(spec.name);
      if (i < 0) throw new Error(`the saved weights have no parameter ${spec.name}; they belong to a different network`);
      const shape = values.shapes[i]!;
      const data = values.data[i]!;
      if (shape.join('x') !== spec.shape.join('x') || data.length !== size(spec.shape)) {
        throw new Error(`saved parameter ${spec.name} has shape [${shape.join(', ')}], the network expects [${spec.shape.join(', ')}]`);
      }
      out.set(spec.name, tf.keep(tf.tensor(data, spec.shape, 'float32')));
    });
    return out;
  }

  dispose(): void {
    for (const t of this.tensors.values()) t.dispose();
    this.tensors.clear();
  }
}
