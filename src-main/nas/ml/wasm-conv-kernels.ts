/**
 * WebAssembly SIMD kernels for the two convolution-network gradients that tfjs-backend-wasm
 * 4.22 lacks or gets wrong, run in place on the backend's heap like wasm-bmm.ts's product:
 *
 * - `filterBlock{1,2}`: a block of the convolution filter gradient without an im2col copy
 *   (multiply-adds fused with relaxed SIMD where the engine has it, see convModuleBytes).
 *   For one filter tap (kh, kw) the gradient is dW[kh, kw, ci, co] = Σ_m x[m shifted by the
 *   tap, ci] · dy[m, co] over the output positions m whose shifted input lies inside the
 *   image. A call computes 4 input channels × 4·V output channels (V = 1 or 2 vectors) of
 *   one tap, keeping the 4·V accumulators in registers over all m: per position it loads V
 *   vectors of dy and broadcasts 4 scalars of x (v128.load32_splat). The caller passes the
 *   tap's first input and output addresses and the strides, so padding and stride never
 *   reach the inner loop. It reads up to 3 channels past ci and 4·V − 1 past co (the caller
 *   keeps them inside the heap and throws their sums away).
 *
 * - `maxPoolGrad`: routes each output gradient to the first maximum of its window in
 *   row-major window order, as the cpu backend does (padding skipped); four channels at a
 *   time with a per-lane argmax (f32x4.gt + bitselect), the channels past the last multiple
 *   of four one at a time. The result is added into dx, which the caller zeroes.
 *
 * Emitted byte by byte with wasm-bmm.ts's assembler: no toolchain, nothing to rebuild.
 */
import { Asm, uleb, type Op } from './wasm-bmm.ts';
import { backendMemory, i32Module, perMemory, type WasmHeapOwner } from './wasm-module.ts';

const I32 = 0x7f;
const V128 = 0x7b;
const F32 = 0x7d;
const I32_EQZ = 0x45;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_AND = 0x71;
const I32_OR = 0x72;
const I32_GT_S = 0x4a;
const I32_LT_S = 0x48;
const I32_GE_S = 0x4e;
const SELECT = 0x1b;
const F32_ADD = 0x92;
const F32_GT = 0x5e;
const memarg = (align: number, offset: number): Op => [align, ...uleb(offset)];
const f32Load = (offset = 0): Op => [0x2a, ...memarg(2, offset)];
const f32Store = (offset = 0): Op => [0x38, ...memarg(2, offset)];
export const v128Load = (offset = 0): Op => [0xfd, 0x00, ...memarg(0, offset)];
export const v128Store = (offset = 0): Op => [0xfd, 0x0b, ...memarg(0, offset)];
export const load32Splat = (offset = 0): Op => [0xfd, 0x09, ...memarg(2, offset)];
export const F32X4_SPLAT: Op = [0xfd, 0x13];
const I32X4_SPLAT: Op = [0xfd, 0x11];
export const F32X4_ADD: Op = [0xfd, 0xe4, 0x01];
export const F32X4_MUL: Op = [0xfd, 0xe6, 0x01];
const F32X4_GT: Op = [0xfd, 0x44];
/** a·b + c, fused where the CPU has FMA (relaxed SIMD; the engine may also round twice). */
export const F32X4_RELAXED_MADD: Op = [0xfd, 0x85, 0x02];
const V128_BITSELECT: Op = [0xfd, 0x52];
const i32x4Lane = (lane: number): Op => [0xfd, 0x1b, lane];
const f32x4Lane = (lane: number): Op => [0xfd, 0x1f, lane];

/** A counted loop: `counter` runs down from its current value to 0; `body` runs while it is not 0. */
export function countDown(x: Asm, counter: number, tag: string, body: () => void): void {
  x.block(`${tag}d`).loop(`${tag}l`);
  x.get(counter).emit(I32_EQZ).brIf(`${tag}d`);
  body();
  x.get(counter).i32(-1).emit(I32_ADD).set(counter);
  x.br(`${tag}l`);
  x.end().end();
}

/** A loop over `local` from its current value while it is below `limit` (signed), stepping by 1. */
function upTo(x: Asm, local: number, limit: number, tag: string, body: () => void): void {
  x.block(`${tag}d`).loop(`${tag}l`);
  x.get(local).get(limit).emit(I32_GE_S).brIf(`${tag}d`);
  body();
  x.addTo(local, (a) => a.i32(1)).br(`${tag}l`);
  x.end().end();
}

function localDecls(groups: [number, number][]): number[] {
  const used = groups.filter(([count]) => count > 0);
  return [...uleb(used.length), ...used.flatMap(([count, type]) => [...uleb(count), type])];
}

export function body(locals: [number, number][], x: Asm): number[] {
  const code = [...localDecls(locals), ...x.code, 0x0b];
  return [...uleb(code.length), ...code];
}

/**
 * filterBlock(xp, dyp, outp, n, ny, nx, xImg, xRow, xCol, dyImg, dyRow, dyCol, outRow): all
 * byte addresses and byte strides. out[i][4·v..] = Σ over images, rows, columns of
 * x[xp + i·4] · dy[dyp .. +16·V], for i < 4; rows of out are outRow bytes apart.
 */
function filterBlockBody(vectors: number, fused: boolean): number[] {
  const [xp, dyp, outp, n, ny, nx, xImg, xRow, xCol, dyImg, dyRow, dyCol, outRow] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [r, c, xr, dr, xc, dc] = [13, 14, 15, 16, 17, 18];
  const I32_LOCALS = 6;
  const acc = (i: number, v: number): number => 19 + i * vectors + v;
  const dv = (v: number): number => 19 + 4 * vectors + v;
  const x = new Asm();
  for (let i = 0; i < 4; i++) for (let v = 0; v < vectors; v++) x.emit(0x43, 0, 0, 0, 0, ...F32X4_SPLAT).set(acc(i, v));
  countDown(x, n, 'img', () => {
    x.get(xp).set(xr).get(dyp).set(dr).get(ny).set(r);
    countDown(x, r, 'row', () => {
      x.get(xr).set(xc).get(dr).set(dc).get(nx).set(c);
      countDown(x, c, 'col', () => {
        for (let v = 0; v < vectors; v++) x.get(dc).emit(...v128Load(16 * v)).set(dv(v));
        for (let i = 0; i < 4; i++) {
          // The broadcast goes straight into the products: no local for it.
          for (let v = 0; v < vectors; v++) {
            if (fused) x.get(xc).emit(...load32Splat(4 * i)).get(dv(v)).get(acc(i, v)).emit(...F32X4_RELAXED_MADD).set(acc(i, v));
            else x.get(acc(i, v)).get(xc).emit(...load32Splat(4 * i)).get(dv(v)).emit(...F32X4_MUL, ...F32X4_ADD).set(acc(i, v));
          }
        }
        x.addTo(xc, (a) => a.get(xCol)).addTo(dc, (a) => a.get(dyCol));
      });
      x.addTo(xr, (a) => a.get(xRow)).addTo(dr, (a) => a.get(dyRow));
    });
    x.addTo(xp, (a) => a.get(xImg)).addTo(dyp, (a) => a.get(dyImg));
  });
  for (let i = 0; i < 4; i++) {
    for (let v = 0; v < vectors; v++) x.get(outp).get(acc(i, v)).emit(...v128Store(16 * v));
    x.addTo(outp, (a) => a.get(outRow));
  }
  return body([[I32_LOCALS, I32], [5 * vectors, V128]], x);
}

/**
 * maxPoolGrad(x, dy, dx, N, H, W, C, Ho, Wo, KH, KW, SH, SW, top, left): byte addresses of
 * the NHWC input, the output gradient and the input gradient (zeroed by the caller).
 */
function maxPoolGradBody(): number[] {
  const [X, DY, DX, N, H, W, C, Ho, Wo, KH, KW, SH, SW, top, left] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const [n, oy, ox, y0, y1, x0, x1, t, image, rowStride, colStride, cvBytes, cb, gp, gStart, p0, iy, ix, p, delta, at] = [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];
  const I32_LOCALS = 21;
  const [best, pos, v, mask] = [36, 37, 38, 39];
  const [bestS, vS] = [40, 41];
  const x = new Asm();
  /** lo = max(0, t), hi = min(limit, t + size), with t in its local. */
  const clampWindow = (lo: number, hi: number, limit: number, size: number): void => {
    x.get(t).i32(0).get(t).i32(0).emit(I32_GT_S, SELECT).set(lo);
    x.get(t).get(size).emit(I32_ADD).set(hi);
    x.get(hi).get(limit).get(hi).get(limit).emit(I32_LT_S, SELECT).set(hi);
  };
  /** Runs `each` with `p` at every window pixel (its channel 0), row by row. */
  const window = (tag: string, each: () => void): void => {
    x.get(y0).set(iy);
    upTo(x, iy, y1, `${tag}y`, () => {
      x.get(image).get(iy).get(rowStride).emit(I32_MUL, I32_ADD).get(x0).get(colStride).emit(I32_MUL, I32_ADD).set(p);
      x.get(x0).set(ix);
      upTo(x, ix, x1, `${tag}x`, () => {
        each();
        x.addTo(p, (a) => a.get(colStride));
      });
    });
  };
  x.get(W).get(C).emit(I32_MUL).i32(4).emit(I32_MUL).set(rowStride);
  x.get(C).i32(4).emit(I32_MUL).set(colStride);
  x.get(C).i32(-4).emit(I32_AND).i32(4).emit(I32_MUL).set(cvBytes);
  x.get(DX).get(X).emit(I32_SUB).set(delta);
  x.get(DY).set(gp);
  x.i32(0).set(n);
  upTo(x, n, N, 'n', () => {
    x.get(X).get(n).get(H).get(rowStride).emit(I32_MUL, I32_MUL, I32_ADD).set(image);
    x.i32(0).set(oy);
    upTo(x, oy, Ho, 'oy', () => {
      x.get(oy).get(SH).emit(I32_MUL).get(top).emit(I32_SUB).set(t);
      clampWindow(y0, y1, H, KH);
      x.i32(0).set(ox);
      upTo(x, ox, Wo, 'ox', () => {
        x.get(ox).get(SW).emit(I32_MUL).get(left).emit(I32_SUB).set(t);
        clampWindow(x0, x1, W, KW);
        x.get(gp).set(gStart);
        x.block('empty');
        // A window wholly in the padding routes its gradient nowhere.
        x.get(y0).get(y1).emit(I32_GE_S).get(x0).get(x1).emit(I32_GE_S).emit(I32_OR).brIf('empty');
        x.get(image).get(y0).get(rowStride).emit(I32_MUL, I32_ADD).get(x0).get(colStride).emit(I32_MUL, I32_ADD).set(p0);
        x.i32(0).set(cb);
        // Four channels at a time: a per-lane running maximum and the pixel it came from.
        x.block('vd').loop('vl');
        x.get(cb).get(cvBytes).emit(I32_GE_S).brIf('vd');
        x.get(p0).get(cb).emit(I32_ADD).emit(...v128Load()).set(best);
        x.get(p0).emit(...I32X4_SPLAT).set(pos);
        window('v', () => {
          x.get(p).get(cb).emit(I32_ADD).emit(...v128Load()).set(v);
          // Strictly greater: on ties the earlier pixel keeps the gradient.
          x.get(v).get(best).emit(...F32X4_GT).set(mask);
          x.get(v).get(best).get(mask).emit(...V128_BITSELECT).set(best);
          x.get(p).emit(...I32X4_SPLAT).get(pos).get(mask).emit(...V128_BITSELECT).set(pos);
        });
        x.get(gp).emit(...v128Load()).set(v);
        for (let lane = 0; lane < 4; lane++) {
          x.get(pos).emit(...i32x4Lane(lane)).get(delta).emit(I32_ADD).get(cb).emit(I32_ADD).set(at);
          x.get(at).get(at).emit(...f32Load(4 * lane)).get(v).emit(...f32x4Lane(lane), F32_ADD, ...f32Store(4 * lane));
        }
        x.addTo(gp, (a) => a.i32(16));
        x.addTo(cb, (a) => a.i32(16));
        x.br('vl');
        x.end().end();
        // The channels past the last multiple of four, one at a time.
        x.block('sd').loop('sl');
        x.get(cb).get(colStride).emit(I32_GE_S).brIf('sd');
        x.get(p0).get(cb).emit(I32_ADD).emit(...f32Load()).set(bestS);
        x.get(p0).set(at);
        window('s', () => {
          x.get(p).get(cb).emit(I32_ADD).emit(...f32Load()).set(vS);
          x.get(p).get(at).get(vS).get(bestS).emit(F32_GT, SELECT).set(at);
          x.get(vS).get(bestS).get(vS).get(bestS).emit(F32_GT, SELECT).set(bestS);
        });
        x.get(at).get(delta).emit(I32_ADD).get(cb).emit(I32_ADD).set(at);
        x.get(at).get(at).emit(...f32Load()).get(gp).emit(...f32Load(), F32_ADD, ...f32Store());
        x.addTo(gp, (a) => a.i32(4));
        x.addTo(cb, (a) => a.i32(4));
        x.br('sl');
        x.end().end();
        x.end();
        // Every output position holds C gradients, whether its window was empty or not.
        x.get(gStart).get(colStride).emit(I32_ADD).set(gp);
      });
    });
  });
  return body([[I32_LOCALS, I32], [4, V128], [2, F32]], x);
}

/**
 * The module: filterBlock1, filterBlock2, maxPoolGrad, all over the imported memory. With
 * `fused`, the filter blocks multiply-add with relaxed SIMD's f32x4.relaxed_madd (one FMA
 * instead of a multiply and an add); engines without relaxed SIMD refuse that module and get
 * the plain one.
 */
export function convModuleBytes(fused = false): Uint8Array {
  return i32Module([
    { name: 'filterBlock1', params: 13, body: filterBlockBody(1, fused) },
    { name: 'filterBlock2', params: 13, body: filterBlockBody(2, fused) },
    { name: 'maxPoolGrad', params: 15, body: maxPoolGradBody() },
  ]);
}

type I32Fn = (...args: number[]) => void;

export interface ConvKernels {
  filterBlock1: I32Fn;
  filterBlock2: I32Fn;
  maxPoolGrad: I32Fn;
}

const withFma = perMemory<ConvKernels>(() => convModuleBytes(true));
const withoutFma = perMemory<ConvKernels>(() => convModuleBytes(false));
/** For tests: false keeps the plain multiply + add module even where relaxed SIMD exists. */
export const useRelaxedSimd = { value: true };

/** The kernels bound to the backend's heap (instantiated once per heap), or null without SIMD. */
export function convKernelsOf(backend: WasmHeapOwner): ConvKernels | null {
  const memory = backendMemory(backend);
  if (!memory) return null;
  return (useRelaxedSimd.value ? withFma(memory) : null) ?? withoutFma(memory);
}
