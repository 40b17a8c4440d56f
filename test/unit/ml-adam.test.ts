import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TensorAdam, type AdamOptions, type Optimizer } from '../../src-main/nas/ml/adam.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { FlatAdam } from '../../src-main/nas/ml/flat-adam.ts';
import { createAdam } from '../../src-main/nas/ml/optimizer.ts';
import { ParamSet, type ParamSpec } from '../../src-main/nas/ml/params.ts';
import { Rng } from '../../src-main/nas/rng.ts';

const specs: ParamSpec[] = [
  { name: 'w1', shape: [7, 5], init: 'glorot' },
  { name: 'b1', shape: [5], init: 'zeros' },
  { name: 'g', shape: [3], init: 'ones' },
  { name: 'w2', shape: [2, 3, 4], init: { normal: 0.5 } },
  { name: 'one', shape: [1], init: { normal: 1 } },
];

/** Gradients of step `k`, the same for every optimizer under test, of growing scale so clipping engages. */
function gradients(k: number): Map<string, tf.Tensor> {
  const rng = new Rng(100 + k);
  return new Map(specs.map((s) => [s.name, tf.tensor(new Float32Array(s.shape.reduce((a, b) => a * b, 1)).map(() => (rng.next() * 2 - 1) * (k + 1)), s.shape)]));
}

function train(optimizer: Optimizer, steps: number, params = ParamSet.init(specs, new Rng(1))): { params: ParamSet; norms: number[] } {
  const norms: number[] = [];
  for (let k = 0; k < steps; k++) {
    const g = gradients(k);
    norms.push(optimizer.apply(params, g));
    for (const t of g.values()) t.dispose();
  }
  return { params, norms };
}

function assertClose(a: Float32Array, b: Float32Array, what: string): void {
  assert.equal(a.length, b.length, what);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) <= 2e-6 * Math.max(1, Math.abs(x)), `${what}[${i}]: ${x} vs ${b[i]}`));
}

for (const backendName of ['wasm', 'cpu']) {
  for (const clipNorm of [0, 3]) {
    test(`flat Adam equals the tfjs-op Adam on ${backendName}, clipNorm ${clipNorm} (weights, moments, norms)`, async () => {
      await selectBackend();
      assert.ok(await tf.setBackend(backendName), `${backendName} backend available`);
      try {
        const options: AdamOptions = { learningRate: 0.01, clipNorm };
        const reference = new TensorAdam(options);
        const flat = new FlatAdam(options);
        const a = train(reference, 6);
        const b = train(flat, 6);
        a.norms.forEach((n, i) => assert.ok(Math.abs(n - b.norms[i]!) <= 1e-5 * n, `norm ${i}: ${n} vs ${b.norms[i]}`));
        if (clipNorm > 0) assert.ok(a.norms.some((n) => n > clipNorm), 'clipping engaged');
        const wa = a.params.serialize();
        const wb = b.params.serialize();
        wa.data.forEach((d, i) => assertClose(d, wb.data[i]!, `weight ${wa.names[i]}`));
        const sa = reference.serialize(a.params);
        const sb = flat.serialize(b.params);
        assert.equal(sa.step, sb.step);
        sa.m.data.forEach((d, i) => assertClose(d, sb.m.data[i]!, `m ${sa.m.names[i]}`));
        sa.v.data.forEach((d, i) => assertClose(d, sb.v.data[i]!, `v ${sa.v.names[i]}`));
        for (const o of [a, b]) o.params.dispose();
        reference.dispose();
      } finally {
        await tf.setBackend('wasm');
      }
    });
  }
}

test('a checkpointed optimizer state continues the same on either implementation', async () => {
  await selectBackend();
  const options: AdamOptions = { learningRate: 0.02, clipNorm: 5 };
  const first = new TensorAdam(options);
  const { params } = train(first, 3);
  const state = first.serialize(params);
  const weights = params.serialize();
  const resumed = [new TensorAdam(options), new FlatAdam(options)].map((o) => {
    const p = ParamSet.fromSerialized(specs, weights);
    o.load(p, state);
    const out = train(o, 2, p).params.serialize();
    p.dispose();
    return out;
  });
  resumed[0]!.data.forEach((d, i) => assertClose(d, resumed[1]!.data[i]!, `weight ${resumed[0]!.names[i]}`));
  assert.throws(() => new FlatAdam(options).load(params, { ...state, m: { ...state.m, names: state.m.names.slice(1), data: state.m.data.slice(1), shapes: state.m.shapes.slice(1) } }), /no entry for w1/);
  params.dispose();
  first.dispose();
});

test('createAdam: flat on wasm and cpu, tensor ops on native tensorflow', () => {
  assert.ok(createAdam({ learningRate: 1 }, 'wasm') instanceof FlatAdam);
  assert.ok(createAdam({ learningRate: 1 }, 'cpu') instanceof FlatAdam);
  assert.ok(createAdam({ learningRate: 1 }, 'tensorflow') instanceof TensorAdam);
});

test('flat Adam refuses a missing gradient, naming the parameter', async () => {
  await selectBackend();
  const params = ParamSet.init(specs, new Rng(1));
  const g = gradients(0);
  g.get('b1')!.dispose();
  g.delete('b1');
  assert.throws(() => new FlatAdam({ learningRate: 0.1 }).apply(params, g), /no gradient for parameter b1/);
  for (const t of g.values()) t.dispose();
  params.dispose();
});
