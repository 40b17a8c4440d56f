/**
 * Training-mode batch normalisation fused with the ReLU after it, forward and backward, as
 * two kernels for the wasm backend (registered by wasm-kernels.ts, used by diff-ops.ts's
 * batchNormReluTrain). As tensor ops the pair is ~25 backend calls per layer, each a full
 * pass over the activations, and dispatch dominated the live-training step: here the forward
 * is two passes (per-channel sums, then normalise-scale-shift-clamp) and the backward two
 * (per-channel sums of the masked gradient and of its product with x̂, then dx), reading and
 * writing the wasm heap in place: SIMD passes of wasm-channel-kernels.ts (float32 sums), or
 * JavaScript loops (float64 sums) where the engine lacks wasm SIMD.
 *
 * Layout: channels last; x is [M, C] with M = N·H·W. Numerics are those of the composed
 * ops: biased batch variance, x̂ = (x − μ)/√(σ² + ε), y = max(0, γ·x̂ + β), and
 * dx = γ/√(σ² + ε) · (g − mean(g) − x̂ · mean(g · x̂)) with g = dy where y > 0, else 0.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { channelKernels, type ChannelKernels } from './wasm-channel-kernels.ts';
import { jsOnly, simdUse } from './wasm-grad-kernels.ts';
import { backendMemory, type WasmHeapBackend } from './wasm-module.ts';

export const BN_RELU_FORWARD = 'ArchwalkBatchNormReluTrain';
export const BN_RELU_BACKWARD = 'ArchwalkBatchNormReluGrad';

function simd(backend: WasmHeapBackend, C: number): ChannelKernels | null {
  const memory = backendMemory(backend);
  return jsOnly.value || !memory ? null : channelKernels(memory, C);
}

/** A zeroed float32 scratch of `count` per-channel arrays of C values, with each array's byte address. */
function scratch(backend: WasmHeapBackend, count: number, C: number): { info: TensorInfo; at: (k: number) => number; view: (k: number) => Float32Array } {
  const info = backend.makeOutput([count * C], 'float32');
  backend.typedArrayFromHeap(info).fill(0);
  const base = backend.getMemoryOffset(info.dataId);
  return { info, at: (k) => base + k * C * 4, view: (k) => backend.typedArrayFromHeap(info).subarray(k * C, (k + 1) * C) };
}

function channelsOf(x: TensorInfo): { M: number; C: number } {
  const C = x.shape[x.shape.length - 1]!;
  const M = x.shape.reduce((a, b) => a * b, 1) / C;
  return { M, C };
}

/** Inputs x, gamma, beta; attr epsilon. Outputs y (x's shape), mean [C], variance [C]. */
const forward: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmHeapBackend;
  const { x, gamma, beta } = args.inputs as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
  const epsilon = (args.attrs as { epsilon: number }).epsilon;
  const { M, C } = channelsOf(x);
  const yInfo = backend.makeOutput(x.shape.slice(), 'float32');
  const meanInfo = backend.makeOutput([C], 'float32');
  const varInfo = backend.makeOutput([C], 'float32');
  const kernels = simd(backend, C);
  if (kernels) {
    simdUse.batchNorm++;
    const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
    const s = scratch(backend, 4, C); // sums, squares, scale, shift
    try {
      kernels.sums(at(x), M, C, s.at(0));
      const meanOut = backend.typedArrayFromHeap(meanInfo);
      const sums = s.view(0);
      for (let c = 0; c < C; c++) meanOut[c] = sums[c]! / M;
      kernels.centredSquares(at(x), M, C, at(meanInfo), s.at(1));
      const [sq, scale, shift] = [s.view(1), s.view(2), s.view(3)];
      const varOut = backend.typedArrayFromHeap(varInfo);
      const g = backend.typedArrayFromHeap(gamma);
      const b = backend.typedArrayFromHeap(beta);
      for (let c = 0; c < C; c++) {
        varOut[c] = sq[c]! / M;
        scale[c] = g[c]! / Math.sqrt(varOut[c]! + epsilon);
        shift[c] = b[c]! - meanOut[c]! * scale[c]!;
      }
      kernels.affineRelu(at(x), M, C, s.at(2), s.at(3), at(yInfo));
    } finally {
      backend.disposeData(s.info.dataId);
    }
    return [yInfo, meanInfo, varInfo];
  }
  // Views after the last allocation: a growing heap detaches earlier ones.
  const xs = backend.typedArrayFromHeap(x);
  const g = backend.typedArrayFromHeap(gamma);
  const b = backend.typedArrayFromHeap(beta);
  const y = backend.typedArrayFromHeap(yInfo);
  const sum = new Float64Array(C);
  for (let i = 0; i < M * C; i += C) for (let c = 0; c < C; c++) sum[c] = sum[c]! + xs[i + c]!;
  const mean = new Float64Array(C);
  for (let c = 0; c < C; c++) mean[c] = sum[c]! / M;
  // Second pass for the variance (centred, as the composed ops compute it).
  const sq = new Float64Array(C);
  for (let i = 0; i < M * C; i += C) {
    for (let c = 0; c < C; c++) {
      const d = xs[i + c]! - mean[c]!;
      sq[c] = sq[c]! + d * d;
    }
  }
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  const meanOut = backend.typedArrayFromHeap(meanInfo);
  const varOut = backend.typedArrayFromHeap(varInfo);
  for (let c = 0; c < C; c++) {
    const variance = sq[c]! / M;
    meanOut[c] = mean[c]!;
    varOut[c] = variance;
    scale[c] = g[c]! / Math.sqrt(variance + epsilon);
    shift[c] = b[c]! - mean[c]! * scale[c]!;
  }
  for (let i = 0; i < M * C; i += C) {
    for (let c = 0; c < C; c++) {
      const v = xs[i + c]! * scale[c]! + shift[c]!;
      y[i + c] = v > 0 ? v : 0;
    }
  }
  return [yInfo, meanInfo, varInfo];
};

/** Inputs dy, x, y, mean, variance, gamma; attr epsilon. Outputs dx, dGamma [C], dBeta [C]. */
const backward: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmHeapBackend;
  const inputs = args.inputs as Record<'dy' | 'x' | 'y' | 'mean' | 'variance' | 'gamma', TensorInfo>;
  const epsilon = (args.attrs as { epsilon: number }).epsilon;
  const { M, C } = channelsOf(inputs.x);
  const dxInfo = backend.makeOutput(inputs.x.shape.slice(), 'float32');
  const dGammaInfo = backend.makeOutput([C], 'float32');
  const dBetaInfo = backend.makeOutput([C], 'float32');
  const kernels = simd(backend, C);
  if (kernels) {
    simdUse.batchNorm++;
    const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
    const s = scratch(backend, 5, C); // Σd, Σd·(x − μ), then the coefficients a, b, k of dx
    try {
      kernels.maskedSums(at(inputs.dy), at(inputs.y), at(inputs.x), M, C, at(inputs.mean), s.at(0), s.at(1));
      const [sumG, sumGx, a, b, k] = [0, 1, 2, 3, 4].map((i) => s.view(i));
      const [mean, variance, gamma, dGamma, dBeta] = [inputs.mean, inputs.variance, inputs.gamma, dGammaInfo, dBetaInfo].map((t) => backend.typedArrayFromHeap(t));
      for (let c = 0; c < C; c++) {
        const invStd = 1 / Math.sqrt(variance![c]! + epsilon);
        dBeta![c] = sumG![c]!;
        dGamma![c] = sumGx![c]! * invStd;
        // dx = γ/σ · (d − Σd/M − x̂ · Σd·x̂/M), written as a·d + b·x + k.
        a![c] = gamma![c]! * invStd;
        b![c] = (-a![c]! * invStd * dGamma![c]!) / M;
        k![c] = (-a![c]! * dBeta![c]!) / M - b![c]! * mean![c]!;
      }
      kernels.maskedAffine(at(inputs.dy), at(inputs.y), at(inputs.x), M, C, s.at(2), s.at(3), s.at(4), at(dxInfo));
    } finally {
      backend.disposeData(s.info.dataId);
    }
    return [dxInfo, dGammaInfo, dBetaInfo];
  }
  const [dy, x, y, mean, variance, gamma] = (['dy', 'x', 'y', 'mean', 'variance', 'gamma'] as const).map((k) => backend.typedArrayFromHeap(inputs[k]));
  const dx = backend.typedArrayFromHeap(dxInfo);
  const invStd = new Float64Array(C);
  for (let c = 0; c < C; c++) invStd[c] = 1 / Math.sqrt(variance![c]! + epsilon);
  const dBeta = new Float64Array(C);
  const dGamma = new Float64Array(C);
  for (let i = 0; i < M * C; i += C) {
    for (let c = 0; c < C; c++) {
      if (y![i + c]! > 0) {
        const g = dy![i + c]!;
        dBeta[c] = dBeta[c]! + g;
        dGamma[c] = dGamma[c]! + g * (x![i + c]! - mean![c]!) * invStd[c]!;
      }
    }
  }
  const k = new Float64Array(C);
  const meanG = new Float64Array(C);
  const meanGx = new Float64Array(C);
  const dGammaOut = backend.typedArrayFromHeap(dGammaInfo);
  const dBetaOut = backend.typedArrayFromHeap(dBetaInfo);
  for (let c = 0; c < C; c++) {
    dGammaOut[c] = dGamma[c]!;
    dBetaOut[c] = dBeta[c]!;
    k[c] = gamma![c]! * invStd[c]!;
    meanG[c] = dBeta[c]! / M;
    meanGx[c] = dGamma[c]! / M;
  }
  for (let i = 0; i < M * C; i += C) {
    for (let c = 0; c < C; c++) {
      const g = y![i + c]! > 0 ? dy![i + c]! : 0;
      const xHat = (x![i + c]! - mean![c]!) * invStd[c]!;
      dx[i + c] = k[c]! * (g - meanG[c]! - xHat * meanGx[c]!);
    }
  }
  return [dxInfo, dGammaInfo, dBetaInfo];
};

export function batchNormReluKernels(): KernelConfig[] {
  return [
    { kernelName: BN_RELU_FORWARD, backendName: 'wasm', kernelFunc: forward },
    { kernelName: BN_RELU_BACKWARD, backendName: 'wasm', kernelFunc: backward },
  ];
}
