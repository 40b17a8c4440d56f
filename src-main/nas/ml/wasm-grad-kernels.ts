/**
 * Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 does not have
 * (without it, training any convolution on wasm fails with "kernel not registered").
 *
 * The filter gradient runs in the SIMD blocks of wasm-conv-kernels.ts straight from x and
 * dy (no im2col copy, no transpose). Where the engine lacks wasm SIMD (or a tensor sits at
 * the very end of the heap, where the blocks' short over-read would fault) it falls back to
 * one matrix product: dW[(kh,kw,ci), co] = Σ_m cols[m, (kh,kw,ci)] · dy[m, co] over the
 * M = N·Ho·Wo output positions, with `cols` the im2col matrix of the input written into the
 * heap and the product run by the backend's (patched) BatchMatMul. A 1×1 convolution with
 * stride 1 and no padding needs no copy there: `cols` is the input itself.
 *
 * Channels-last only, dilation 1 (what the NB101 builder uses); anything else is refused
 * with a clear message rather than computed wrongly.
 *
 * Also here: a faster Conv2DBackpropInput for the common stride-1 case (see below).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { convKernelsOf, type ConvKernels } from './wasm-conv-kernels.ts';
import { backendMemory, type WasmHeapBackend } from './wasm-module.ts';
import { stride1MaxPoolGrad } from './wasm-pool-grad.ts';

/** The SIMD kernels, when this engine has them (tests may force the JavaScript paths). */
function simdKernels(backend: WasmHeapBackend): ConvKernels | null {
  return jsOnly.value ? null : convKernelsOf(backend);
}

/** For tests and benchmarks: true sends the gradients through the JavaScript paths. */
export const jsOnly = { value: false };

/** How many gradients took the SIMD kernels (tests check that the fast path really ran). */
export const simdUse = { filter: 0, maxPool: 0, maxPoolStride1: 0, batchNorm: 0 };

const roundUp4 = (n: number): number => (n + 3) & ~3;

/** Whether `bytes` past the end of a tensor are still inside the heap (the SIMD kernels read a little past). */
function slackAfter(backend: WasmHeapBackend, info: TensorInfo, bytes: number): boolean {
  const memory = backendMemory(backend);
  const size = info.shape.reduce((a, b) => a * b, 1);
  return memory !== null && backend.getMemoryOffset(info.dataId) + size * 4 + bytes <= memory.buffer.byteLength;
}

/**
 * dW through the SIMD filter-gradient blocks (see wasm-conv-kernels.ts): per filter tap, the
 * range of output positions whose input lies inside the image, then blocks of 4 input × 8
 * (or 4) output channels. Results land in a scratch [KH·KW, Ci↑4, Co↑4] (channel counts
 * rounded up to 4, so blocks never need a ragged edge) and are copied into [KH, KW, Ci, Co].
 */
function filterGradientSimd(backend: WasmHeapBackend, kernels: ConvKernels, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: Ci, outHeight: Ho, outWidth: Wo, outChannels: Co, filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const Ci4 = roundUp4(Ci);
  const Co4 = roundUp4(Co);
  const scratch = backend.makeOutput([KH * KW * Ci4 * Co4], 'float32');
  try {
    const xAt = backend.getMemoryOffset(x.dataId);
    const dyAt = backend.getMemoryOffset(dy.dataId);
    const outAt = backend.getMemoryOffset(scratch.dataId);
    // First and one-past-last output index whose input row (column) o·S + k − pad is inside [0, size).
    const range = (k: number, pad: number, stride: number, size: number, outSize: number): [number, number] => [
      Math.max(0, Math.ceil((pad - k) / stride)),
      Math.min(outSize, Math.ceil((size + pad - k) / stride)),
    ];
    for (let kh = 0; kh < KH; kh++) {
      const [oy0, oy1] = range(kh, top, SH, H, Ho);
      for (let kw = 0; kw < KW; kw++) {
        const [ox0, ox1] = range(kw, left, SW, W, Wo);
        const ny = Math.max(0, oy1 - oy0);
        const nx = Math.max(0, ox1 - ox0);
        const pixel = (oy0 * SH + kh - top) * W + (ox0 * SW + kw - left);
        for (let ci = 0; ci < Ci4; ci += 4) {
          for (let co = 0; co < Co4; co += 8) {
            const block = co + 8 <= Co4 ? kernels.filterBlock2 : kernels.filterBlock1;
            block(
              xAt + (pixel * Ci + ci) * 4,
              dyAt + ((oy0 * Wo + ox0) * Co + co) * 4,
              outAt + (((kh * KW + kw) * Ci4 + ci) * Co4 + co) * 4,
              N, ny, nx,
              H * W * Ci * 4, SH * W * Ci * 4, SW * Ci * 4,
              Ho * Wo * Co * 4, Wo * Co * 4, Co * 4,
              Co4 * 4,
            );
          }
        }
      }
    }
    const out = backend.makeOutput([KH, KW, Ci, Co], 'float32');
    // Views after the last allocation: a growing heap detaches earlier ones.
    const padded = backend.typedArrayFromHeap(scratch);
    const dw = backend.typedArrayFromHeap(out);
    for (let tap = 0; tap < KH * KW; tap++) {
      for (let ci = 0; ci < Ci; ci++) dw.set(padded.subarray((tap * Ci4 + ci) * Co4, (tap * Ci4 + ci) * Co4 + Co), (tap * Ci + ci) * Co);
    }
    return out;
  } finally {
    backend.disposeData(scratch.dataId);
  }
}

type ConvAttrs = {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
};

/** Fill `cols` ([N·Ho·Wo, kh·kw·Ci], row-major) from the NHWC input `x`. Exported for tests. */
export function im2col(x: Float32Array, info: tf.backend_util.Conv2DInfo, cols: Float32Array): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Element loops, not subarray/set: with the few channels of small networks a typed-array
  // call per filter tap costs more than the copy.
  let at = 0;
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        for (let kh = 0; kh < KH; kh++) {
          const iy = oy * SH + kh - top;
          const rowInside = iy >= 0 && iy < H;
          for (let kw = 0; kw < KW; kw++) {
            const ix = ox * SW + kw - left;
            if (!rowInside || ix < 0 || ix >= W) {
              for (let c = 0; c < C; c++) cols[at++] = 0;
            } else {
              let from = ((n * H + iy) * W + ix) * C;
              for (let c = 0; c < C; c++) cols[at++] = x[from++]!;
            }
          }
        }
      }
    }
  }
}

function backpropFilter(batchMatMul: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmHeapBackend;
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs;
    if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
      throw new Error(`Conv2DBackpropFilter on wasm supports channels-last (NHWC) only, got ${attrs.dataFormat}`);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const kernels = simdKernels(backend);
    if (kernels && slackAfter(backend, x, 16) && slackAfter(backend, dy, 32)) {
      simdUse.filter++;
      return filterGradientSimd(backend, kernels, x, dy, info);
    }
    const M = info.batchSize * info.outHeight * info.outWidth;
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const direct = info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1 && info.padInfo.top === 0 && info.padInfo.left === 0;
    let cols: TensorInfo;
    let ownsCols = false;
    if (direct) {
      cols = { dataId: x.dataId, shape: [1, M, K], dtype: 'float32' };
    } else {
      cols = backend.makeOutput([1, M, K], 'float32');
      ownsCols = true;
      im2col(backend.typedArrayFromHeap(x), info, backend.typedArrayFromHeap(cols));
    }
    try {
      const dy3: TensorInfo = { dataId: dy.dataId, shape: [1, M, info.outChannels], dtype: 'float32' };
      const product = batchMatMul({ inputs: { a: cols, b: dy3 }, backend: args.backend, attrs: { transposeA: true, transposeB: false } }) as TensorInfo;
      return { dataId: product.dataId, shape: attrs.filterShape.slice(), dtype: 'float32' };
    } finally {
      if (ownsCols) backend.disposeData(cols.dataId);
    }
  };
}

/** The kernel config, built over the backend's (patched) BatchMatMul. */
export function conv2dBackpropFilterKernel(batchMatMul: KernelFunc): KernelConfig {
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: backpropFilter(batchMatMul) };
}

export interface ForwardKernels {
  conv2d: KernelFunc;
  reverse: KernelFunc;
  transpose: KernelFunc;
}

/**
 * Conv2DBackpropInput for stride-1 'same' convolutions with odd filters, as a forward
 * convolution: dx = conv2d(dy, W') with W'[kh, kw, co, ci] = W[KH−1−kh, KW−1−kw, ci, co].
 * The wasm backend's own kernel is a scalar loop (measured 3.5 ms for a 3×3, 8-channel
 * layer on 64 images of 14×14); the forward convolution runs in XNNPACK. Other shapes keep
 * the original kernel. With wasm SIMD, wasm-direct-conv-kernels.ts takes these shapes first
 * (flipping while it packs the filter); this path is its fallback.
 */
export function conv2dBackpropInputKernel(original: KernelConfig, forward: ForwardKernels): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const backend = args.backend as unknown as WasmHeapBackend;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Omit<ConvAttrs, 'filterShape'> & { inputShape: [number, number, number, number] };
    const [KH, KW] = filter.shape as [number, number, number, number];
    const strides = Array.isArray(attrs.strides) ? attrs.strides : [attrs.strides, attrs.strides];
    const simple = attrs.pad === 'same' && strides[0] === 1 && strides[1] === 1 && KH % 2 === 1 && KW % 2 === 1 && (attrs.dataFormat ?? 'NHWC') === 'NHWC';
    if (!simple) return original.kernelFunc(args);
    const flipped = forward.reverse({ inputs: { x: filter }, backend: args.backend, attrs: { dims: [0, 1] } }) as TensorInfo;
    try {
      const swapped = forward.transpose({ inputs: { x: flipped }, backend: args.backend, attrs: { perm: [0, 1, 3, 2] } }) as TensorInfo;
      try {
        return forward.conv2d({ inputs: { x: dy, filter: swapped }, backend: args.backend, attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 } });
      } finally {
        backend.disposeData(swapped.dataId);
      }
    } finally {
      backend.disposeData(flipped.dataId);
    }
  };
  return { ...original, kernelFunc };
}

/**
 * MaxPoolGrad for wasm. tfjs-backend-wasm 4.22's own kernel is wrong whenever there is
 * more than one channel (found by the cpu comparison in test/unit/diff-ops.test.ts: on
 * [64, 14, 14, 8] it is off by up to 2.2 against a brute-force reference, while the cpu
 * backend agrees to 1e-6), so it is replaced, not patched around.
 *
 * Each output position routes its gradient to the first maximum of its window in
 * row-major window order (what the cpu backend does), skipping padding: in the SIMD kernel of
 * wasm-pool-grad.ts for stride-1 size-keeping pools over multiples of 4 channels, in the
 * general SIMD kernel of wasm-conv-kernels.ts, or in the JavaScript loop below without wasm SIMD.
 */
export function maxPoolGradKernel(): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const backend = args.backend as unknown as WasmHeapBackend;
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const attrs = args.attrs as { filterSize: number | [number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const out = backend.makeOutput(input.shape.slice(), 'float32');
    const dx = backend.typedArrayFromHeap(out);
    dx.fill(0);
    const kernels = simdKernels(backend);
    if (kernels) {
      const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
      simdUse.maxPool++;
      if (stride1MaxPoolGrad(backend, input, dy, out, info)) {
        simdUse.maxPoolStride1++;
        return out;
      }
      kernels.maxPoolGrad(at(input), at(dy), at(out), N, H, W, C, Ho, Wo, KH, KW, SH, SW, top, left);
      return out;
    }
    const x = backend.typedArrayFromHeap(input);
    const g = backend.typedArrayFromHeap(dy);
    let o = 0;
    for (let n = 0; n < N; n++) {
      for (let oy = 0; oy < Ho; oy++) {
        const y0 = Math.max(0, oy * SH - top);
        const y1 = Math.min(H, oy * SH - top + KH);
        for (let ox = 0; ox < Wo; ox++) {
          const x0 = Math.max(0, ox * SW - left);
          const x1 = Math.min(W, ox * SW - left + KW);
          for (let c = 0; c < C; c++, o++) {
            let best = -Infinity;
            let at = -1;
            for (let iy = y0; iy < y1; iy++) {
              for (let ix = x0; ix < x1; ix++) {
                const i = ((n * H + iy) * W + ix) * C + c;
                if (x[i]! > best || at < 0) {
                  best = x[i]!;
                  at = i;
                }
              }
            }
            if (at >= 0) dx[at]! += g[o]!;
          }
        }
      }
    }
    return out;
  };
  return { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc };
}
