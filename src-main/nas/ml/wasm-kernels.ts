/**
 * Routes around the wasm backend's slow matrix products, and installs the training kernels
 * of wasm-grad-kernels.ts (the convolution filter gradient it lacks, a fast stride-1 input
 * gradient, a max-pool gradient that is right for several channels) and the direct SIMD
 * convolution of wasm-direct-conv-kernels.ts over the stride-1 Conv2D and both its gradients.
 *
 * tfjs-backend-wasm 4.22 sends a matMul to XNNPACK only when neither operand is
 * transposed and the batch is 1; with transposeA or transposeB it takes a naive loop that
 * is 10–15× slower (measured: 512³ at 29 GFLOP/s plain, 2.4 transposed-B, 1.0
 * transposed-A). Gradients of a dense layer are exactly those products (dx = dy·Wᵀ,
 * dW = xᵀ·dy), so a backward pass would run almost entirely in the slow path. The patch
 * below re-registers BatchMatMul and _FusedMatMul for wasm: when the batch is 1 and an
 * operand is transposed, it materialises the transpose with the (fast, memory-bound)
 * Transpose kernel and calls the original kernel untransposed. Batched products (batch >
 * 1, e.g. attention scores) always take the naive loop in this backend, transposed or
 * not, so they are left alone.
 *
 * The patched kernels also count the floating-point operations of every product, so a
 * benchmark can report achieved GFLOP/s.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, maxPoolGradKernel } from './wasm-grad-kernels.ts';
import { batchNormReluKernels } from './wasm-bn-kernels.ts';
import { directConv2dKernel, directConvBackpropFilterKernel, directConvBackpropInputKernel } from './wasm-direct-conv-kernels.ts';
import { createBmmKernel, isWasmMemory, type BmmKernel, type WasmMemory } from './wasm-bmm.ts';

/** Multiply–add FLOPs (2·m·k·n per product) of all matrix products since the last reset. */
export const matMulCounter = { flops: 0, calls: 0, transposedRoutes: 0, simdBatched: 0 };

export function resetMatMulCounter(): void {
  matMulCounter.flops = 0;
  matMulCounter.calls = 0;
  matMulCounter.transposedRoutes = 0;
  matMulCounter.simdBatched = 0;
}

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  wasm: { asm?: { memory?: WasmMemory }; wasmMemory?: WasmMemory };
}

let bmm: BmmKernel | null | undefined;

/** The SIMD batched kernel bound to the backend's heap, or null when unavailable. */
function batchedKernel(backend: WasmBackendLike): BmmKernel | null {
  if (bmm === undefined) {
    const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
    bmm = isWasmMemory(memory) ? createBmmKernel(memory) : null;
  }
  return bmm;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

type Attrs = Record<string, unknown> & { transposeA?: boolean; transposeB?: boolean };

let patched = false;

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function countFlops(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): void {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batch = Math.max(sizeOf(a.shape.slice(0, -2)), sizeOf(b.shape.slice(0, -2)));
  matMulCounter.flops += 2 * batch * m * k * n;
  matMulCounter.calls += 1;
}

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

function wrap(original: KernelConfig, transpose: KernelFunc): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const inputs = args.inputs as Record<string, TensorInfo | undefined>;
    const attrs = (args.attrs ?? {}) as Attrs;
    const backend = args.backend as unknown as WasmBackendLike;
    const a = inputs.a!;
    const b = inputs.b!;
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    countFlops(a, b, transposeA, transposeB);
    const batchOne = sizeOf(a.shape.slice(0, -2)) === 1 && sizeOf(b.shape.slice(0, -2)) === 1;
    const temporaries: TensorInfo[] = [];
    const explicit = (x: TensorInfo): TensorInfo => {
      const t = transpose({ inputs: { x }, backend: args.backend, attrs: { perm: swapLastTwo(x.shape.length) } }) as TensorInfo;
      temporaries.push(t);
      return t;
    };
    if (!batchOne) {
      // Batched plain products (no bias or activation) go to the SIMD kernel when the
      // batch dimensions match exactly; anything else keeps the original kernel.
      const plain = original.kernelName === 'BatchMatMul' && a.dtype === 'float32' && b.dtype === 'float32';
      const batchShape = a.shape.slice(0, -2);
      const kernel = plain && sameShape(batchShape, b.shape.slice(0, -2)) ? batchedKernel(backend) : null;
      if (!kernel) return original.kernelFunc(args);
      try {
        const a2 = transposeA ? explicit(a) : a;
        const b2 = transposeB ? explicit(b) : b;
        const r = a2.shape.length;
        const m = a2.shape[r - 2]!;
        const k = a2.shape[r - 1]!;
        const n = b2.shape[r - 1]!;
        if (m === 0 || k === 0 || n === 0) return original.kernelFunc(args);
        const out = backend.makeOutput([...batchShape, m, n], 'float32');
        kernel(backend.getMemoryOffset(a2.dataId), backend.getMemoryOffset(b2.dataId), backend.getMemoryOffset(out.dataId), sizeOf(batchShape), m, k, n);
        matMulCounter.simdBatched += 1;
        return out;
      } finally {
        for (const t of temporaries) backend.disposeData(t.dataId);
      }
    }
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    matMulCounter.transposedRoutes += 1;
    const newInputs = { ...inputs, a: transposeA ? explicit(a) : a, b: transposeB ? explicit(b) : b };
    try {
      return original.kernelFunc({ ...args, inputs: newInputs, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };
  const config: KernelConfig = { kernelName: original.kernelName, backendName: original.backendName, kernelFunc };
  if (original.setupFunc) config.setupFunc = original.setupFunc;
  if (original.disposeFunc) config.disposeFunc = original.disposeFunc;
  return config;
}

/**
 * Identity (tf.clone) sharing its input's buffer, as the cpu backend's does, instead of
 * copying it. Every tensor a custom gradient saves for its backward pass goes through
 * tf.clone (~60 per live-training step, ~1 ms of copies on wasm). Tensors are immutable and
 * the wasm backend frees a buffer only when its last holder goes (Reshape already shares
 * the same way). Strings keep the original kernel.
 */
function sharingIdentity(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return original.kernelFunc(args);
    (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
  return { ...original, kernelFunc };
}

/** Idempotent; call after the wasm backend is registered (selectBackend does). */
export function patchWasmKernels(): void {
  if (patched) return;
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return;
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(wrap(original, transpose.kernelFunc));
  }
  const batchMatMul = tf.getKernel('BatchMatMul', 'wasm');
  if (batchMatMul && !tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(directConvBackpropFilterKernel(conv2dBackpropFilterKernel(batchMatMul.kernelFunc)));
  const backpropInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  const conv2d = tf.getKernel('Conv2D', 'wasm');
  const reverse = tf.getKernel('Reverse', 'wasm');
  if (backpropInput && conv2d && reverse) {
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    const fallback = conv2dBackpropInputKernel(backpropInput, { conv2d: conv2d.kernelFunc, reverse: reverse.kernelFunc, transpose: transpose.kernelFunc });
    tf.registerKernel(directConvBackpropInputKernel(fallback));
  }
  if (conv2d) {
    tf.unregisterKernel('Conv2D', 'wasm');
    tf.registerKernel(directConv2dKernel(conv2d));
  }
  // The wasm MaxPoolGrad miscomputes multi-channel inputs; ours replaces it.
  if (tf.getKernel('MaxPoolGrad', 'wasm')) tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel(maxPoolGradKernel());
  for (const kernel of batchNormReluKernels()) if (!tf.getKernel(kernel.kernelName, 'wasm')) tf.registerKernel(kernel);
  const identity = tf.getKernel('Identity', 'wasm');
  if (identity) {
    tf.unregisterKernel('Identity', 'wasm');
    tf.registerKernel(sharingIdentity(identity));
  }
  patched = true;
}

export function wasmKernelsPatched(): boolean {
  return patched;
}
