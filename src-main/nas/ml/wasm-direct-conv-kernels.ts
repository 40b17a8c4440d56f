/**
 * Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter on wasm through the direct SIMD
 * convolution of wasm-direct-conv.ts, for the convolutions it handles: channels last, stride 1, dilation 1,
 * odd filters padded by (K−1)/2 on every side ('same', or 'valid' for 1×1), so the output
 * keeps the input's height and width. The input gradient of such a convolution is the same
 * kind of convolution of dy with the filter flipped in space and its channel axes swapped,
 * dx = conv(dy, W'), W'[kh, kw, co, ci] = W[KH−1−kh, KW−1−kw, ci, co]; the flip happens while
 * the weights are packed, so it costs no extra kernel call.
 *
 * Anything else, engines without wasm SIMD, and tests forcing the fallbacks (jsOnly) go to
 * the kernel this one wraps (tfjs's XNNPACK Conv2D, or wasm-grad-kernels.ts's gradients).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { useRelaxedSimd } from './wasm-conv-kernels.ts';
import { directConvKernels, roundUp8, type DirectConvKernels, type DirectConvShape } from './wasm-direct-conv.ts';
import { jsOnly } from './wasm-grad-kernels.ts';
import { backendMemory, type WasmHeapBackend } from './wasm-module.ts';

/** How many convolutions took the direct kernel (tests check that it really ran). */
export const directConvUse = { forward: 0, inputGradient: 0, filter: 0 };

type Shape4 = [number, number, number, number];

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The forward convolution of x [N, H, W, Ci] with a [KH, KW, Ci, Co] filter, if the direct kernel handles it. */
function directShape(xShape: Shape4, filterShape: Shape4, attrs: ConvAttrs): DirectConvShape | null {
  if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') return null;
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode);
  const { inHeight: H, inWidth: W, inChannels: Ci, outChannels: Co, filterHeight: KH, filterWidth: KW, padInfo } = info;
  const simple =
    info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1 &&
    KH % 2 === 1 && KW % 2 === 1 && info.outHeight === H && info.outWidth === W &&
    padInfo.top === (KH - 1) / 2 && padInfo.bottom === (KH - 1) / 2 && padInfo.left === (KW - 1) / 2 && padInfo.right === (KW - 1) / 2;
  return simple ? { H, W, Ci, Co, KH, KW } : null;
}

/**
 * Packs the filter as the kernel reads it, [KH, KW·Cin, Cout↑8]: as it is for the forward
 * convolution, flipped and transposed (W') for the input gradient.
 */
function packWeights(w: Float32Array, [KH, KW, Ci, Co]: Shape4, flip: boolean, packed: Float32Array): void {
  packed.fill(0);
  const [cin, cout] = flip ? [Co, Ci] : [Ci, Co];
  const stride = roundUp8(cout);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const tap = flip ? (KH - 1 - kh) * KW + (KW - 1 - kw) : kh * KW + kw;
      for (let a = 0; a < cin; a++) {
        const row = ((kh * KW + kw) * cin + a) * stride;
        for (let b = 0; b < cout; b++) packed[row + b] = flip ? w[(tap * Ci + b) * Co + a]! : w[(tap * Ci + a) * Co + b]!;
      }
    }
  }
}

/** The kernels for shape `s`, or null where this engine has no wasm SIMD (or tests ask for the fallbacks). */
function kernelsFor(backend: WasmHeapBackend, s: DirectConvShape): DirectConvKernels | null {
  const memory = backendMemory(backend);
  return memory && !jsOnly.value ? directConvKernels(memory, s, useRelaxedSimd.value) : null;
}

/**
 * Runs `body` with scratch heap tensors from `temporary` (freed afterwards) and the byte
 * address of `input` as the kernels read it: zero-padded by (K−1)/2 on each side, or as it
 * is for 1×1 filters.
 */
function withPaddedInput<R>(backend: WasmHeapBackend, kernels: DirectConvKernels, input: TensorInfo, s: DirectConvShape, body: (xp: number, temporary: (shape: number[]) => TensorInfo) => R): R {
  const scratch: TensorInfo[] = [];
  const temporary = (shape: number[]): TensorInfo => {
    const t = backend.makeOutput(shape, 'float32');
    scratch.push(t);
    return t;
  };
  try {
    const N = input.shape[0]!;
    if (s.KH === 1 && s.KW === 1) return body(backend.getMemoryOffset(input.dataId), temporary);
    const xp = temporary([N, s.H + s.KH - 1, s.W + s.KW - 1, s.Ci]);
    kernels.pad(backend.getMemoryOffset(input.dataId), backend.getMemoryOffset(xp.dataId), N);
    return body(backend.getMemoryOffset(xp.dataId), temporary);
  } finally {
    for (const t of scratch) backend.disposeData(t.dataId);
  }
}

/** The convolution of `input` [N, H, W, s.Ci] with `filter`, packed as is or flipped; null without the kernels. */
function runDirect(backend: WasmHeapBackend, input: TensorInfo, filter: TensorInfo, s: DirectConvShape, flip: boolean): TensorInfo | null {
  const kernels = kernelsFor(backend, s);
  if (!kernels) return null;
  const N = input.shape[0]!;
  const Co8 = roundUp8(s.Co);
  return withPaddedInput(backend, kernels, input, s, (xp, temporary) => {
    const packed = temporary([s.KH * s.KW * s.Ci * Co8]);
    const out = backend.makeOutput([N, s.H, s.W, s.Co], 'float32');
    // Output channels not a multiple of 8 go through a wider scratch, then are compacted.
    const wide = Co8 === s.Co ? out : temporary([N, s.H, s.W, Co8]);
    // Views after the last allocation: a growing heap detaches earlier ones.
    packWeights(backend.typedArrayFromHeap(filter), filter.shape as Shape4, flip, backend.typedArrayFromHeap(packed));
    const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
    kernels.conv(xp, at(packed), at(wide), N);
    if (wide !== out) {
      const from = backend.typedArrayFromHeap(wide);
      const to = backend.typedArrayFromHeap(out);
      for (let p = 0, pixels = N * s.H * s.W; p < pixels; p++) for (let c = 0; c < s.Co; c++) to[p * s.Co + c] = from[p * Co8 + c]!;
    }
    return out;
  });
}

/** `original` with `direct` tried first: a null from it (shape not handled, no SIMD) falls back. */
function preferring(original: KernelConfig, use: keyof typeof directConvUse, direct: (args: Parameters<KernelFunc>[0], backend: WasmHeapBackend) => TensorInfo | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const out = direct(args, args.backend as unknown as WasmHeapBackend);
    if (!out) return original.kernelFunc(args);
    directConvUse[use]++;
    return out;
  };
  return { ...original, kernelFunc };
}

/** Conv2D through the direct kernel where it applies, else `original` (XNNPACK). */
export function directConv2dKernel(original: KernelConfig): KernelConfig {
  return preferring(original, 'forward', (args, backend) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const s = x.dtype === 'float32' && filter.dtype === 'float32' ? directShape(x.shape as Shape4, filter.shape as Shape4, args.attrs as unknown as ConvAttrs) : null;
    return s ? runDirect(backend, x, filter, s, false) : null;
  });
}

/** Conv2DBackpropInput through the direct kernel (dy with the flipped filter) where it applies, else `original`. */
export function directConvBackpropInputKernel(original: KernelConfig): KernelConfig {
  return preferring(original, 'inputGradient', (args, backend) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: Shape4 };
    const forward = dy.dtype === 'float32' && filter.dtype === 'float32' ? directShape(attrs.inputShape, filter.shape as Shape4, attrs) : null;
    // The gradient convolution reads dy's Co channels and writes x's Ci.
    return forward ? runDirect(backend, dy, filter, { ...forward, Ci: forward.Co, Co: forward.Ci }, true) : null;
  });
}

/**
 * Conv2DBackpropFilter through the direct module's filterGrad where it applies (and the
 * output channels are a multiple of 8), else `original` (wasm-grad-kernels.ts's blocks).
 */
export function directConvBackpropFilterKernel(original: KernelConfig): KernelConfig {
  return preferring(original, 'filter', (args, backend) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { filterShape: Shape4 };
    const s = x.dtype === 'float32' && dy.dtype === 'float32' && attrs.filterShape[3] % 8 === 0 ? directShape(x.shape as Shape4, attrs.filterShape, attrs) : null;
    const kernels = s ? kernelsFor(backend, s) : null;
    const filterGrad = kernels?.filterGrad;
    if (!s || !kernels || !filterGrad) return null;
    return withPaddedInput(backend, kernels, x, s, (xp) => {
      const out = backend.makeOutput(attrs.filterShape.slice(), 'float32');
      filterGrad(xp, backend.getMemoryOffset(dy.dataId), backend.getMemoryOffset(out.dataId), x.shape[0]!);
      return out;
    });
  });
}
