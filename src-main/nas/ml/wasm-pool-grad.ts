/**
 * MaxPoolGrad for stride-1 max pools that keep their size (odd windows padded by (K−1)/2:
 * the NB101 cells' 3×3 max-pool), four channels at a time, one module per shape with the
 * window's offsets baked in. wasm-conv-kernels.ts's general kernel clamps every window to
 * the image and walks it in loops; here the input is padded once with NaN (bytes 0xff), which
 * loses every comparison, so each window is K·K straight-line compare-and-selects.
 *
 * The gradient goes to the first maximum of the window in row-major order, as on the cpu
 * backend: the running maximum starts at the window's centre (always inside the image),
 * takes the taps before it in reverse order on ≥ (an earlier equal one wins) and the taps
 * after it on > (a later equal one does not). Windows holding NaN, or only −∞ (where the cpu
 * backend drops the gradient), may differ, as with the general kernel.
 *
 * The gradients are added into a zeroed padded buffer at the winning positions (four scalar
 * adds per vector, as the general kernel), whose inside is then copied into dx.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { Asm, uleb, type Op, type WasmMemory } from './wasm-bmm.ts';
import { body, countDown, v128Load } from './wasm-conv-kernels.ts';
import { padBody, unpadBody } from './wasm-direct-conv.ts';
import { backendMemory, i32Module, perMemory, type WasmHeapBackend } from './wasm-module.ts';

const I32 = 0x7f;
const V128 = 0x7b;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const F32_ADD = 0x92;
const MEMORY_FILL = [0xfc, 0x0b, 0x00];
const F32X4_GT: Op = [0xfd, 0x44];
const F32X4_GE: Op = [0xfd, 0x46];
const V128_BITSELECT: Op = [0xfd, 0x52];
const F32X4_PMAX: Op = [0xfd, 0xeb, 0x01];
const f32Load = (offset: number): Op => [0x2a, 0x02, ...uleb(offset)];
const f32Store = (offset: number): Op => [0x38, 0x02, ...uleb(offset)];
const i32x4Lane = (lane: number): Op => [0xfd, 0x1b, lane];
const f32x4Lane = (lane: number): Op => [0xfd, 0x1f, lane];
/** v128.const of four equal i32 lanes. */
function i32x4Const(value: number): Op {
  const bytes = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
  return [0xfd, 0x0c, ...bytes, ...bytes, ...bytes, ...bytes];
}

/** A pool the kernel handles: C a multiple of 4, a KH×KW window, stride 1, output H×W. */
export interface PoolShape {
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
}

/**
 * grad(xp, dy, dxp, n): xp the NaN-padded input [n, H+KH−1, W+KW−1, C], dy [n, H, W, C],
 * dxp a padded buffer like xp that this zeroes and then adds the gradients into.
 */
function gradBody(s: PoolShape): number[] {
  const [xp, dy, dxp, n] = [0, 1, 2, 3];
  const [y, xc, vc, delta, at] = [4, 5, 6, 7, 8];
  const [best, pos, v, mask, g] = [9, 10, 11, 12, 13];
  const xRow = (s.W + s.KW - 1) * s.C * 4;
  const taps: number[] = [];
  for (let kh = 0; kh < s.KH; kh++) for (let kw = 0; kw < s.KW; kw++) taps.push(kh * xRow + kw * s.C * 4);
  const centre = (taps.length - 1) / 2;
  const x = new Asm();
  x.get(dxp).i32(0).get(n).i32((s.H + s.KH - 1) * xRow).emit(I32_MUL).emit(...MEMORY_FILL);
  x.get(dxp).get(xp).emit(I32_SUB).set(delta);
  /** Takes tap t into the running maximum where its value passes `compare` against it. */
  const consider = (t: number, compare: Op): void => {
    x.get(xp).emit(...v128Load(taps[t]!)).set(v);
    x.get(v).get(best).emit(...compare).set(mask);
    // pmax(best, v) = best < v ? v : best: one instruction, and a NaN v leaves best alone.
    x.get(best).get(v).emit(...F32X4_PMAX).set(best);
    x.emit(...i32x4Const(taps[t]!)).get(pos).get(mask).emit(...V128_BITSELECT).set(pos);
  };
  countDown(x, n, 'img', () => {
    x.i32(s.H).set(y);
    countDown(x, y, 'row', () => {
      x.i32(s.W).set(xc);
      countDown(x, xc, 'col', () => {
        x.i32(s.C / 4).set(vc);
        countDown(x, vc, 'vec', () => {
          x.get(xp).emit(...v128Load(taps[centre]!)).set(best);
          x.emit(...i32x4Const(taps[centre]!)).set(pos);
          for (let t = centre - 1; t >= 0; t--) consider(t, F32X4_GE);
          for (let t = centre + 1; t < taps.length; t++) consider(t, F32X4_GT);
          x.get(dy).emit(...v128Load(0)).set(g);
          for (let lane = 0; lane < 4; lane++) {
            x.get(pos).emit(...i32x4Lane(lane)).get(xp).emit(I32_ADD).get(delta).emit(I32_ADD).set(at);
            x.get(at).get(at).emit(...f32Load(4 * lane)).get(g).emit(...f32x4Lane(lane), F32_ADD, ...f32Store(4 * lane));
          }
          x.addTo(xp, (a) => a.i32(16)).addTo(dy, (a) => a.i32(16));
        });
      });
      x.addTo(xp, (a) => a.i32((s.KW - 1) * s.C * 4));
    });
    x.addTo(xp, (a) => a.i32((s.KH - 1) * xRow));
  });
  return body([[5, I32], [5, V128]], x);
}

export interface PoolGradKernels {
  /** pad(x, xp, n): x into the NaN-padded xp. */
  pad(x: number, xp: number, n: number): void;
  grad(xp: number, dy: number, dxp: number, n: number): void;
  /** unpad(dx, dxp, n): the inside of dxp into dx. */
  unpad(dx: number, dxp: number, n: number): void;
}

export function poolGradModuleBytes(s: PoolShape): Uint8Array {
  const padShape = { H: s.H, W: s.W, Ci: s.C, KH: s.KH, KW: s.KW };
  return i32Module([
    { name: 'pad', params: 3, body: padBody(padShape, 0xff) },
    { name: 'grad', params: 4, body: gradBody(s) },
    { name: 'unpad', params: 3, body: unpadBody(padShape) },
  ]);
}

const modules = new Map<string, (memory: WasmMemory) => PoolGradKernels | null>();

/** The kernels for a shape on a heap, compiled on first use; null without wasm SIMD. */
export function poolGradKernels(memory: WasmMemory, s: PoolShape): PoolGradKernels | null {
  const key = `${s.H} ${s.W} ${s.C} ${s.KH} ${s.KW}`;
  let instances = modules.get(key);
  if (!instances) modules.set(key, (instances = perMemory<PoolGradKernels>(() => poolGradModuleBytes(s))));
  return instances(memory);
}

/**
 * dx of a stride-1, size-keeping max pool with C a multiple of 4, written into `out`
 * ([N, H, W, C]); false (nothing written) for any other pool or without wasm SIMD.
 */
export function stride1MaxPoolGrad(backend: WasmHeapBackend, input: TensorInfo, dy: TensorInfo, out: TensorInfo, info: tf.backend_util.Conv2DInfo): boolean {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, filterHeight: KH, filterWidth: KW, padInfo } = info;
  const fits =
    info.strideHeight === 1 && info.strideWidth === 1 && C % 4 === 0 && KH % 2 === 1 && KW % 2 === 1 && info.outHeight === H && info.outWidth === W &&
    padInfo.top === (KH - 1) / 2 && padInfo.bottom === (KH - 1) / 2 && padInfo.left === (KW - 1) / 2 && padInfo.right === (KW - 1) / 2;
  const memory = backendMemory(backend);
  const kernels = fits && memory ? poolGradKernels(memory, { H, W, C, KH, KW }) : null;
  if (!kernels) return false;
  const padded = [N, H + KH - 1, W + KW - 1, C];
  const xp = backend.makeOutput(padded, 'float32');
  const dxp = backend.makeOutput(padded, 'float32');
  try {
    const at = (t: TensorInfo): number => backend.getMemoryOffset(t.dataId);
    kernels.pad(at(input), at(xp), N);
    kernels.grad(at(xp), at(dy), at(dxp), N);
    kernels.unpad(at(out), at(dxp), N);
    return true;
  } finally {
    backend.disposeData(xp.dataId);
    backend.disposeData(dxp.dataId);
  }
}
