/**
 * Conv2D and Conv2DBackpropInput on wasm through the direct SIMD convolution of
 * wasm-direct-conv.ts, for the convolutions it handles: channels last, stride 1, dilation 1,
 * odd filters padded by (K−1)/2 on every side ('same', or 'valid' for 1×1), so the output
 * keeps the input's height and width. The input gradient of such a convolution is the same
 * kind of convolution of dy with the filter flipped in space and its channel axes swapped,
 * dx = conv(dy, W'), W'[kh, kw, co, ci] = W[KH−1−kh, KW−1−kw, ci, co]; the flip happens while
 * the weights are packed, so it costs no extra kernel call.
 *
 * Anything else, engines without wasm SIMD, and tests forcing the fallbacks (jsOnly) go to
 * the kernel this one wraps (tfjs's XNNPACK Conv2D, or wasm-grad-kernels.ts's input gradient).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { useRelaxedSimd } from './wasm-conv-kernels.ts';
import { directConvKernels, roundUp8, type DirectConvShape } from './wasm-direct-conv.ts';
import { jsOnly } from './wasm-grad-kernels.ts';
import { backendMemory, type WasmHeapBackend } from './wasm-module.ts';

/** How many convolutions took the direct kernel (tests check that it really ran). */
export const directConvUse = { forward: 0, inputGradient: 0 };

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

/**
 * The convolution of `input` [N, H, W, s.Ci] with the packed `filter`, or null when this
 * engine has no wasm SIMD (or tests ask for the fallbacks).
 */
function runDirect(backend: WasmHeapBackend, input: TensorInfo, filter: TensorInfo, s: DirectConvShape, flip: boolean): TensorInfo | null {
  const memory = backendMemory(backend);
  const kernels = memory && !jsOnly.value ? directConvKernels(memory, s, useRelaxedSimd.value) : null;
  if (!kernels) return null;
  const N = input.shape[0]!;
  const Co8 = roundUp8(s.Co);
  const padded = s.KH > 1 || s.KW > 1;
  const scratch: TensorInfo[] = [];
  const temporary = (shape: number[]): TensorInfo => {
    const t = backend.makeOutput(shape, 'float32');
    scratch.push(t);
    return t;
  };
  try {
    const xp = padded ? temporary([N, s.H + s.KH - 1, s.W + s.KW - 1, s.Ci]) : input;
    const packed = temporary([s.KH * s.KW * s.Ci * Co8]);
    const out = backend.makeOutput([N, s.H, s.W, s.Co], 'float32');
    // Output channels not a multiple of 8 go through a wider scratch, then are compacted.
    const wide = Co8 === s.Co ? out : temporary([N, s.H, s.W, Co8]);
    // Views after the last allocation: a growing heap detaches earlier ones.
    packWeights(backend.typedArrayFromHeap(filter), filter.shape as Shape4, flip, backend.typedArrayFromHeap(packed));
    const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
    if (padded) kernels.pad(at(input), at(xp), N);
    kernels.conv(at(xp), at(packed), at(wide), N);
    if (wide !== out) {
      const from = backend.typedArrayFromHeap(wide);
      const to = backend.typedArrayFromHeap(out);
      for (let p = 0, pixels = N * s.H * s.W; p < pixels; p++) for (let c = 0; c < s.Co; c++) to[p * s.Co + c] = from[p * Co8 + c]!;
    }
    return out;
  } finally {
    for (const t of scratch) backend.disposeData(t.dataId);
  }
}

/** Conv2D through the direct kernel where it applies, else `original` (XNNPACK). */
export function directConv2dKernel(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const s = x.dtype === 'float32' && filter.dtype === 'float32' ? directShape(x.shape as Shape4, filter.shape as Shape4, args.attrs as unknown as ConvAttrs) : null;
    const out = s ? runDirect(args.backend as unknown as WasmHeapBackend, x, filter, s, false) : null;
    if (!out) return original.kernelFunc(args);
    directConvUse.forward++;
    return out;
  };
  return { ...original, kernelFunc };
}

/** Conv2DBackpropInput through the direct kernel (dy with the flipped filter) where it applies, else `original`. */
export function directConvBackpropInputKernel(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: Shape4 };
    const forward = dy.dtype === 'float32' && filter.dtype === 'float32' ? directShape(attrs.inputShape, filter.shape as Shape4, attrs) : null;
    // The gradient convolution reads dy's Co channels and writes x's Ci.
    const s = forward ? { ...forward, Ci: forward.Co, Co: forward.Ci } : null;
    const out = s ? runDirect(args.backend as unknown as WasmHeapBackend, dy, filter, s, true) : null;
    if (!out) return original.kernelFunc(args);
    directConvUse.inputGradient++;
    return out;
  };
  return { ...original, kernelFunc };
}
