import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import * as ops from '../../src-main/nas/ml/diff-ops.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { useRelaxedSimd } from '../../src-main/nas/ml/wasm-conv-kernels.ts';
import { jsOnly, simdUse } from '../../src-main/nas/ml/wasm-grad-kernels.ts';
import { directConvUse } from '../../src-main/nas/ml/wasm-direct-conv-kernels.ts';

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.next() * 2 - 1), shape);
}

/**
 * Distinct values at least 2/n apart in random order: central differences then never move
 * an input across another (max pooling) or across zero (relu), where the op has a kink.
 */
function spacedTensor(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = rng.shuffle(Array.from({ length: n }, (_, k) => ((k + 0.5) / n) * 2 - 1));
  return tf.tensor(Float32Array.from(values), shape);
}

/** Σ y·c as a differentiable scalar, so every output element gets its own weight. */
function project(y: tf.Tensor, c: tf.Tensor): tf.Scalar {
  const op = ops.differentiable(([yi], save) => {
    save([c]);
    return { value: tf.sum(tf.mul(yi!, c)), gradFunc: (dy, [cs]) => tf.mul(dy, cs!) };
  });
  return op(y) as tf.Scalar;
}

/**
 * Worst relative error between the op's analytic gradient and central differences, over
 * a few coordinates of each input. float32 arithmetic: h = 4e-3 and a floor on the scale.
 */
function gradientError(f: (xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], rng: Rng): number {
  const weightsRng = new Rng(99);
  const probe = tf.tidy(() => f(inputs));
  const c = randomTensor(weightsRng, probe.shape);
  probe.dispose();
  const loss = (xs: tf.Tensor[]): number => tf.tidy(() => project(f(xs), c).dataSync()[0]!);
  const grads = tf.grads((...xs: tf.Tensor[]) => project(f(xs), c))(inputs);
  let worst = 0;
  inputs.forEach((x, k) => {
    const data = x.dataSync().slice();
    const analytic = grads[k]!.dataSync();
    for (let t = 0; t < 8; t++) {
      const i = rng.int(data.length);
      const h = 4e-3;
      const at = (delta: number): number => {
        const moved = data.slice();
        moved[i]! += delta;
        const xs = inputs.map((y, j) => (j === k ? tf.tensor(moved, x.shape) : y));
        return loss(xs);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]!) / Math.max(0.05, Math.abs(numeric) + Math.abs(analytic[i]!)));
    }
  });
  return worst;
}

const T4 = (t: tf.Tensor) => t as tf.Tensor4D;

const CASES: [string, (xs: tf.Tensor[]) => tf.Tensor, number[][]][] = [
  ['conv2d 3×3', ([x, w]) => ops.conv2d(T4(x!), T4(w!)), [[2, 6, 6, 3], [3, 3, 3, 4]]],
  ['conv2d 1×1', ([x, w]) => ops.conv2d(T4(x!), T4(w!)), [[2, 5, 5, 3], [1, 1, 3, 2]]],
  ['conv2d 3×3 stride 2', ([x, w]) => ops.conv2d(T4(x!), T4(w!), 2), [[2, 7, 7, 2], [3, 3, 2, 3]]],
  ['batch norm (training)', ([x, g, b]) => ops.batchNormTrain(T4(x!), g as tf.Tensor1D, b as tf.Tensor1D, 1e-5).y, [[4, 3, 3, 2], [2], [2]]],
  ['relu', ([x]) => ops.relu(x!), [[2, 3, 3, 2]]],
  ['batch norm + relu (training, fused on wasm)', ([x, g, b]) => ops.batchNormReluTrain(T4(x!), g as tf.Tensor1D, b as tf.Tensor1D, 1e-5).y, [[4, 3, 3, 3], [3], [3]]],
  ['max pool 3×3 stride 1', ([x]) => ops.maxPool(T4(x!), 3, 1), [[2, 5, 5, 2]]],
  ['max pool 2×2 stride 2', ([x]) => ops.maxPool(T4(x!), 2, 2), [[2, 5, 5, 2]]],
  ['add', ([x, y, z]) => ops.addN([x!, y!, z!]), [[2, 3], [2, 3], [2, 3]]],
  ['concat channels', ([x, y]) => ops.concatChannels([T4(x!), T4(y!)]), [[2, 3, 3, 2], [2, 3, 3, 1]]],
  ['truncate channels', ([x]) => ops.truncateChannels(T4(x!), 2), [[2, 3, 3, 3]]],
  ['global average pool', ([x]) => ops.globalAveragePool(T4(x!)), [[2, 3, 3, 3]]],
  ['dense', ([x, w, b]) => ops.dense(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), [[3, 4], [4, 5], [5]]],
];

for (const backendName of ['cpu', 'wasm'] as const) {
  test(`every differentiable op's gradient matches finite differences (${backendName})`, async () => {
    await selectBackend();
    assert.ok(await tf.setBackend(backendName), `${backendName} backend available`);
    const rng = new Rng(5);
    for (const [name, f, shapes] of CASES) {
      const inputs = shapes.map((s) => spacedTensor(rng, s));
      const error = gradientError(f, inputs, rng);
      assert.ok(error < 0.02, `${name}: relative gradient error ${error.toFixed(4)}`);
      inputs.forEach((t) => t.dispose());
    }
    const logits = randomTensor(rng, [3, 4]);
    const labels = tf.oneHot(tf.tensor1d([1, 0, 3], 'int32'), 4) as tf.Tensor2D;
    const xentError = gradientError(([l]) => ops.softmaxCrossEntropy(l as tf.Tensor2D, labels), [logits], rng);
    assert.ok(xentError < 0.02, `softmax cross-entropy: ${xentError}`);
  });
}

/** Runs one kernel on a backend and returns its output values. */
function runOn(backend: string, kernel: string, inputs: Record<string, { shape: number[]; data: Float32Array }>, attrs: Record<string, unknown>): { shape: number[]; data: Float32Array } {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
    const out = tf.engine().runKernel(kernel, tensors as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
    return { shape: out.shape, data: out.dataSync() as Float32Array };
  });
}

function random(rng: Rng, shape: number[]) {
  return { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1) };
}

function assertClose(a: { shape: number[]; data: Float32Array }, b: { shape: number[]; data: Float32Array }, what: string): void {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
  assert.ok(worst < 1e-4, `${what}: wasm and cpu differ by up to ${worst}`);
}

/** `direct`: a stride-1 convolution that keeps its size, which the direct SIMD convolution takes on wasm. */
const CONV_CASES: { x: number[]; filter: number[]; strides: number; pad: 'same' | 'valid'; direct?: true }[] = [
  { x: [3, 9, 9, 4], filter: [3, 3, 4, 5], strides: 1, pad: 'same', direct: true },
  { x: [2, 8, 8, 3], filter: [1, 1, 3, 6], strides: 1, pad: 'same', direct: true },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'same' },
  { x: [2, 7, 7, 2], filter: [3, 3, 2, 3], strides: 1, pad: 'valid' },
  { x: [1, 6, 5, 2], filter: [5, 5, 2, 2], strides: 1, pad: 'same', direct: true },
  // The live network's shapes: 8 and 16 channels (full SIMD blocks), ragged 5 → 9 and 7 → 3,
  // 1×1 projections, a stride-2 'valid' 2×2.
  { x: [4, 14, 14, 8], filter: [3, 3, 8, 8], strides: 1, pad: 'same', direct: true },
  { x: [3, 7, 7, 16], filter: [3, 3, 16, 16], strides: 1, pad: 'same', direct: true },
  { x: [2, 7, 6, 5], filter: [3, 3, 5, 9], strides: 1, pad: 'same', direct: true },
  { x: [2, 5, 5, 7], filter: [1, 1, 7, 3], strides: 1, pad: 'same', direct: true },
  { x: [2, 10, 9, 4], filter: [2, 2, 4, 12], strides: 2, pad: 'valid' },
  // Direct-convolution edges: rows narrower than a tile, a remainder tile of 1, a 3×1
  // filter, a 1×1 'valid', one input channel (the stem), 17 output channels (3 blocks of 8).
  { x: [2, 3, 2, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same', direct: true },
  { x: [1, 5, 9, 6], filter: [3, 1, 6, 7], strides: 1, pad: 'same', direct: true },
  { x: [2, 4, 3, 5], filter: [1, 1, 5, 11], strides: 1, pad: 'valid', direct: true },
  { x: [3, 6, 6, 1], filter: [3, 3, 1, 17], strides: 1, pad: 'same', direct: true },
  // The direct filter gradient (output channels a multiple of 8): filter rows of 3 (the
  // stem) and 9 entries (a remainder tile), 24 output channels.
  { x: [3, 6, 5, 1], filter: [3, 3, 1, 8], strides: 1, pad: 'same', direct: true },
  { x: [2, 5, 7, 3], filter: [3, 3, 3, 16], strides: 1, pad: 'same', direct: true },
  { x: [2, 4, 6, 5], filter: [1, 1, 5, 24], strides: 1, pad: 'same', direct: true },
];
const DIRECT_CASES = CONV_CASES.filter((c) => c.direct).length;
const DIRECT_FILTER_CASES = CONV_CASES.filter((c) => c.direct && c.filter[3]! % 8 === 0).length;
/** `stride1`: a stride-1 pool over a multiple of 4 channels, which wasm-pool-grad.ts's kernel takes. */
const POOL_CASES: { x: number[]; size: number; stride: number; stride1?: true }[] = [
  { x: [2, 7, 7, 3], size: 3, stride: 1 },
  { x: [2, 7, 7, 3], size: 2, stride: 2 },
  // Four-channel vectors, with and without a scalar remainder, odd sizes with 'same' padding.
  { x: [3, 14, 14, 8], size: 3, stride: 1, stride1: true },
  { x: [2, 7, 7, 6], size: 2, stride: 2 },
  { x: [2, 9, 8, 13], size: 3, stride: 2 },
  // Stride-1 pools: 16 channels, images smaller than the window, a 5×5 window.
  { x: [2, 7, 6, 16], size: 3, stride: 1, stride1: true },
  { x: [3, 2, 1, 4], size: 3, stride: 1, stride1: true },
  { x: [2, 6, 7, 4], size: 5, stride: 1, stride1: true },
];
const STRIDE1_POOL_CASES = POOL_CASES.filter((c) => c.stride1).length;

/** Every convolution and gradient kernel on wasm against the cpu backend, on all the cases above. */
function compareGradientKernels(rng: Rng): void {
  for (const c of CONV_CASES) {
    const x = random(rng, c.x);
    const filter = random(rng, c.filter);
    const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.filter as [number, number, number, number], c.strides, 1, c.pad);
    const dy = random(rng, [info.batchSize, info.outHeight, info.outWidth, info.outChannels]);
    const label = `${c.x.join('×')} ${c.filter.join('×')} stride ${c.strides} ${c.pad}`;
    const common = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
    const filterAttrs = { ...common, filterShape: c.filter };
    assertClose(runOn('wasm', 'Conv2DBackpropFilter', { x, dy }, filterAttrs), runOn('cpu', 'Conv2DBackpropFilter', { x, dy }, filterAttrs), `Conv2DBackpropFilter ${label}`);
    const forwardAttrs = { ...common, dilations: 1 };
    assertClose(runOn('wasm', 'Conv2D', { x, filter }, forwardAttrs), runOn('cpu', 'Conv2D', { x, filter }, forwardAttrs), `Conv2D ${label}`);
    const inputAttrs = { ...common, inputShape: c.x };
    assertClose(runOn('wasm', 'Conv2DBackpropInput', { dy, filter }, inputAttrs), runOn('cpu', 'Conv2DBackpropInput', { dy, filter }, inputAttrs), `Conv2DBackpropInput ${label}`);
  }
  for (const { x: shape, size, stride } of POOL_CASES) {
    const input = random(rng, shape);
    // Ties: the first maximum of a window gets the gradient, as on the cpu backend.
    for (let i = 0; i < input.data.length; i += 7) input.data[i] = 0.5;
    tf.setBackend('cpu');
    const output = tf.tidy(() => {
      const o = tf.maxPool(tf.tensor4d(input.data, input.shape as [number, number, number, number]), size, stride, 'same');
      return { shape: o.shape, data: o.dataSync() as Float32Array };
    });
    const dy = random(rng, output.shape);
    const attrs = { filterSize: size, strides: stride, pad: 'same', dimRoundingMode: undefined };
    assertClose(runOn('wasm', 'MaxPoolGrad', { dy, input, output }, attrs), runOn('cpu', 'MaxPoolGrad', { dy, input, output }, attrs), `MaxPoolGrad ${shape.join('×')} ${size}×${size}/${stride}`);
  }
  tf.setBackend('wasm');
}

test('wasm convolution and gradient kernels agree with the cpu backend (SIMD kernels)', async (t) => {
  const choice = await selectBackend();
  if (choice.name !== 'wasm') return t.skip(`the wasm backend is not in use (${choice.description})`);
  // With relaxed SIMD's fused multiply-add where the engine has it, then the plain module.
  for (const relaxed of [true, false]) {
    useRelaxedSimd.value = relaxed;
    const before = { ...simdUse };
    const direct = { ...directConvUse };
    try {
      compareGradientKernels(new Rng(11));
    } finally {
      useRelaxedSimd.value = true;
    }
    // Node has wasm SIMD: every max-pool gradient above must have taken it, every stride-1
    // size-keeping convolution and input gradient the direct kernel, and every filter
    // gradient one of the two SIMD paths.
    assert.equal(simdUse.filter - before.filter, CONV_CASES.length - DIRECT_FILTER_CASES);
    assert.equal(directConvUse.filter - direct.filter, DIRECT_FILTER_CASES);
    assert.equal(simdUse.maxPool - before.maxPool, POOL_CASES.length);
    assert.equal(simdUse.maxPoolStride1 - before.maxPoolStride1, STRIDE1_POOL_CASES);
    assert.equal(directConvUse.forward - direct.forward, DIRECT_CASES);
    assert.equal(directConvUse.inputGradient - direct.inputGradient, DIRECT_CASES);
  }
});

test('wasm convolution and gradient kernels agree with the cpu backend (JavaScript fallbacks)', async (t) => {
  const choice = await selectBackend();
  if (choice.name !== 'wasm') return t.skip(`the wasm backend is not in use (${choice.description})`);
  jsOnly.value = true;
  const before = { ...simdUse };
  const direct = { ...directConvUse };
  try {
    compareGradientKernels(new Rng(12));
  } finally {
    jsOnly.value = false;
  }
  assert.deepEqual(simdUse, before);
  assert.deepEqual(directConvUse, direct);
});

/** relu(batch norm) on wasm (fused) against the composed ops on cpu: loss, gradients, statistics. */
function compareBatchNormRelu(rng: Rng, shape: [number, number, number, number], label: string): void {
  const x = random(rng, shape);
  const gamma = random(rng, [shape[3]]);
  const beta = random(rng, [shape[3]]);
  const weights = random(rng, shape);
  const run = (backend: string) => {
    tf.setBackend(backend);
    return tf.tidy(() => {
      const [xt, gt, bt, ct] = [x, gamma, beta, weights].map((v) => tf.tensor(v.data, v.shape));
      let stats: ops.BatchStats | null = null;
      const { value, grads } = tf.valueAndGrads((xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => {
        const r = ops.batchNormReluTrain(xi as tf.Tensor4D, gi as tf.Tensor1D, bi as tf.Tensor1D, 1e-5);
        stats = r.stats;
        return project(r.y, ct!);
      })([xt!, gt!, bt!]);
      const s = stats as unknown as ops.BatchStats;
      const out = [value, ...grads, s.mean, s.variance].map((v) => ({ shape: v.shape, data: v.dataSync() as Float32Array }));
      s.mean.dispose();
      s.variance.dispose();
      return out;
    });
  };
  const fused = run('wasm');
  const composed = run('cpu');
  tf.setBackend('wasm');
  ['loss', 'dx', 'dgamma', 'dbeta', 'mean', 'variance'].forEach((what, i) => assertClose(fused[i]!, composed[i]!, `batch norm + relu ${shape.join('×')} (${label}): ${what}`));
}

test('fused batch norm + relu on wasm agrees with the composed ops on the cpu backend (SIMD passes and JavaScript fallback)', async (t) => {
  const choice = await selectBackend();
  if (choice.name !== 'wasm') return t.skip(`the wasm backend is not in use (${choice.description})`);
  const rng = new Rng(13);
  const shapes: [number, number, number, number][] = [[4, 14, 14, 8], [3, 7, 7, 5], [2, 5, 5, 16], [8, 3, 3, 1]];
  for (const js of [false, true]) {
    jsOnly.value = js;
    const before = simdUse.batchNorm;
    try {
      for (const shape of shapes) compareBatchNormRelu(rng, shape, js ? 'JavaScript' : 'SIMD');
    } finally {
      jsOnly.value = false;
    }
    // A forward and a backward kernel per shape took the SIMD passes; none in the fallback round.
    assert.equal(simdUse.batchNorm - before, js ? 0 : 2 * shapes.length);
  }
});

test('a channels-first filter gradient on wasm is refused, not miscomputed', async (t) => {
  const choice = await selectBackend();
  if (choice.name !== 'wasm') return t.skip('wasm not in use');
  await tf.setBackend('wasm');
  const x = tf.zeros([1, 2, 4, 4]);
  const dy = tf.zeros([1, 2, 4, 4]);
  assert.throws(
    () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] } as unknown as tf.NamedAttrMap),
    /channels-last \(NHWC\) only/,
  );
});

test('a convolution over a constant input skips its input gradient and keeps the filter gradient', async () => {
  await selectBackend();
  for (const backendName of ['cpu', 'wasm'] as const) {
    assert.ok(await tf.setBackend(backendName), `${backendName} backend available`);
    const rng = new Rng(21);
    const x = randomTensor(rng, [2, 6, 5, 3]) as tf.Tensor4D;
    const w = randomTensor(rng, [3, 3, 3, 4]) as tf.Tensor4D;
    const c = randomTensor(rng, [2, 6, 5, 4]);
    const gradsWith = (inputGradient: boolean) => tf.grads((xi: tf.Tensor, wi: tf.Tensor) => project(ops.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 1, { inputGradient }), c))([x, w]);
    const [dxFull, dwFull] = gradsWith(true);
    const [dxSkipped, dwSkipped] = gradsWith(false);
    assert.deepEqual(dxSkipped!.shape, x.shape);
    assert.ok(dxSkipped!.dataSync().every((v) => v === 0), `${backendName}: the skipped input gradient is zeros`);
    assert.ok(dxFull!.dataSync().some((v) => v !== 0));
    assert.deepEqual(dwSkipped!.dataSync(), dwFull!.dataSync(), `${backendName}: same filter gradient`);
    tf.dispose([x, w, c, dxFull!, dwFull!, dxSkipped!, dwSkipped!]);
  }
  tf.setBackend('wasm');
});

test('tf.clone on wasm shares the buffer and either copy can be disposed first', async (t) => {
  const choice = await selectBackend();
  if (choice.name !== 'wasm') return t.skip('wasm not in use');
  await tf.setBackend('wasm');
  const before = tf.memory().numBytes;
  const a = tf.tensor([1, 2, 3, 4], [2, 2]);
  const b = tf.clone(a);
  a.dispose();
  assert.deepEqual(Array.from(b.dataSync()), [1, 2, 3, 4], 'the clone outlives its source');
  const c = tf.clone(b);
  c.dispose();
  assert.deepEqual(Array.from(b.dataSync()), [1, 2, 3, 4], 'the source outlives its clone');
  b.dispose();
  assert.equal(tf.memory().numBytes, before);
  const s = tf.tensor(['x', 'y']);
  const sc = tf.clone(s);
  assert.deepEqual(sc.dataSync(), ['x', 'y']);
  tf.dispose([s, sc]);
});
