/**
 * A direct WebAssembly SIMD convolution for the shapes of the live network (stride 1, 'same'
 * padding, odd square-ish filters, NHWC, a few to a few dozen channels), emitted per shape.
 *
 * Why not XNNPACK (what tfjs-backend-wasm's Conv2D runs): with 8–16 channels its indirect
 * GEMM reached ~17 GFLOP/s on the live network's 3×3 layers, and every call with a new
 * filter tensor (every training step, and every input gradient) builds and packs a new
 * operator. Here one module per shape has every stride and offset baked in as an immediate,
 * so the inner step is loads and multiply-adds only:
 *
 *   out[n, y, x, co] = Σ_{kh, j} in[n, y + kh, x, j] · w[kh, j, co]
 *
 * over a zero-padded input (the caller pads it, see wasm-direct-conv-kernels.ts), with
 * j = kw·Ci + ci running over a whole filter row at once: in NHWC the KW taps of a row are
 * KW·Ci consecutive floats. A tile is P output pixels of one row × 8 output channels, its
 * 2·P accumulators held in registers over all KH·KW·Ci steps: per step two weight vectors
 * and P broadcast inputs (v128.load32_splat) feed 2·P multiply-adds (fused with relaxed SIMD
 * where the engine has it). Full tiles run in a loop along the row, the remainder as one
 * narrower tile. The weights are packed [KH, KW·Ci, Co↑8] (output channels rounded up to 8,
 * the extra columns zero), and the output has Co↑8 channels (the caller drops the extra).
 *
 * Emitted byte by byte with wasm-bmm.ts's assembler: no toolchain, nothing to rebuild.
 */
import { Asm } from './wasm-bmm.ts';
import { body, countDown, F32X4_ADD, F32X4_MUL, F32X4_RELAXED_MADD, F32X4_SPLAT, load32Splat, v128Load, v128Store } from './wasm-conv-kernels.ts';
import { i32Module, perMemory } from './wasm-module.ts';
import type { WasmMemory } from './wasm-bmm.ts';

const I32 = 0x7f;
const V128 = 0x7b;
const F32_ZERO = [0x43, 0, 0, 0, 0];
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const MEMORY_COPY = [0xfc, 0x0a, 0x00, 0x00];
const MEMORY_FILL = [0xfc, 0x0b, 0x00];

/** A convolution the kernel handles: output H×W equals the input's, the input padded by (K−1)/2 on each side. */
export interface DirectConvShape {
  H: number;
  W: number;
  /** Input channels. */
  Ci: number;
  /** Output channels. */
  Co: number;
  KH: number;
  KW: number;
}

/**
 * Output pixels per tile. 8 accumulators, 2 weights and a broadcast fit x64's 16 vector
 * registers with room to spare; 5–7 pixels fit too but measured slower (25–29 GFLOP/s
 * against 31–39 on the live network's 3×3 layers).
 */
const TILE = 4;

export const roundUp8 = (n: number): number => (n + 7) & ~7;

/**
 * conv(xp, wp, out, n): byte addresses of the padded input [n, H+KH−1, W+KW−1, Ci], the
 * packed weights and the output [n, H, W, Co↑8].
 */
function convBody(s: DirectConvShape, fused: boolean): number[] {
  const [xp, wp, out, n] = [0, 1, 2, 3];
  const [y, blocks, wb, rp, op, tiles, xj, wj, j] = [4, 5, 6, 7, 8, 9, 10, 11, 12];
  const I32_LOCALS = 9;
  const acc = (p: number, v: number): number => 13 + 2 * p + v;
  const wv = (v: number): number => 13 + 2 * TILE + v;
  const splat = 15 + 2 * TILE;
  const Wp = s.W + s.KW - 1;
  const row = s.KW * s.Ci;
  const Co8 = roundUp8(s.Co);
  const xRow = Wp * s.Ci * 4;
  const outPixel = Co8 * 4;
  const x = new Asm();
  const add = (local: number, bytes: number): void => void x.addTo(local, (a) => a.i32(bytes));
  /** One tile of `P` pixels at rp (input) and op (output), weights at wb. */
  const tile = (P: number): void => {
    for (let p = 0; p < P; p++) for (let v = 0; v < 2; v++) x.emit(...F32_ZERO, ...F32X4_SPLAT).set(acc(p, v));
    for (let kh = 0; kh < s.KH; kh++) {
      // A loop over the filter row, not straight-line code: unrolled, the 3×3 bodies
      // outgrew the instruction caches and ran at half the speed.
      x.get(rp).i32(kh * xRow).emit(I32_ADD).set(xj);
      x.get(wb).i32(kh * row * Co8 * 4).emit(I32_ADD).set(wj);
      x.i32(row).set(j);
      countDown(x, j, `k${kh}`, () => {
        for (let v = 0; v < 2; v++) x.get(wj).emit(...v128Load(16 * v)).set(wv(v));
        for (let p = 0; p < P; p++) {
          x.get(xj).emit(...load32Splat(p * s.Ci * 4)).set(splat);
          for (let v = 0; v < 2; v++) {
            if (fused) x.get(splat).get(wv(v)).get(acc(p, v)).emit(...F32X4_RELAXED_MADD).set(acc(p, v));
            else x.get(acc(p, v)).get(splat).get(wv(v)).emit(...F32X4_MUL, ...F32X4_ADD).set(acc(p, v));
          }
        }
        add(xj, 4);
        add(wj, Co8 * 4);
      });
    }
    for (let p = 0; p < P; p++) for (let v = 0; v < 2; v++) x.get(op).get(acc(p, v)).emit(...v128Store(p * outPixel + 16 * v));
  };
  const fullTiles = Math.floor(s.W / TILE);
  const tail = s.W % TILE;
  countDown(x, n, 'img', () => {
    x.i32(s.H).set(y);
    countDown(x, y, 'row', () => {
      x.get(wp).set(wb);
      x.i32(Co8 / 8).set(blocks);
      countDown(x, blocks, 'blk', () => {
        x.get(xp).set(rp).get(out).set(op);
        if (fullTiles > 0) {
          x.i32(fullTiles).set(tiles);
          countDown(x, tiles, 'tile', () => {
            tile(TILE);
            add(rp, TILE * s.Ci * 4);
            add(op, TILE * outPixel);
          });
        }
        if (tail > 0) tile(tail);
        add(wb, 32);
        add(out, 32);
      });
      // Next output row: the 8-channel blocks moved `out` by Co↑8 floats already.
      add(out, (s.W - 1) * outPixel);
      add(xp, xRow);
    });
    // Past the padding rows below this image and above the next.
    add(xp, (s.KH - 1) * xRow);
  });
  return body([[I32_LOCALS, I32], [2 * TILE + 3, V128]], x);
}

/**
 * pad(x, xp, n): the input [n, H, W, Ci] into the zeroed [n, H+KH−1, W+KW−1, Ci] with
 * (K−1)/2 rows and columns of zeros on each side: one memory.fill, one memory.copy per row
 * (as typed-array calls from JavaScript the rows cost more than the convolution).
 */
function padBody(s: DirectConvShape): number[] {
  const [src, dst, n, y] = [0, 1, 2, 3];
  const Wp = s.W + s.KW - 1;
  const xRow = Wp * s.Ci * 4;
  const rowBytes = s.W * s.Ci * 4;
  const x = new Asm();
  x.get(dst).i32(0).get(n).i32((s.H + s.KH - 1) * xRow).emit(I32_MUL).emit(...MEMORY_FILL);
  x.addTo(dst, (a) => a.i32(((s.KH - 1) / 2) * xRow + ((s.KW - 1) / 2) * s.Ci * 4));
  countDown(x, n, 'img', () => {
    x.i32(s.H).set(y);
    countDown(x, y, 'row', () => {
      x.get(dst).get(src).i32(rowBytes).emit(...MEMORY_COPY);
      x.addTo(src, (a) => a.i32(rowBytes)).addTo(dst, (a) => a.i32(xRow));
    });
    x.addTo(dst, (a) => a.i32((s.KH - 1) * xRow));
  });
  return body([[1, I32]], x);
}

/** The module for one shape: `conv` and `pad`. */
export function directConvModuleBytes(shape: DirectConvShape, fused: boolean): Uint8Array {
  return i32Module([
    { name: 'conv', params: 4, body: convBody(shape, fused) },
    { name: 'pad', params: 3, body: padBody(shape) },
  ]);
}

export interface DirectConvKernels {
  conv(xp: number, wp: number, out: number, n: number): void;
  pad(x: number, xp: number, n: number): void;
}

const modules = new Map<string, (memory: WasmMemory) => DirectConvKernels | null>();

/**
 * The kernel for a shape on a heap, compiled on first use (a network has a handful of
 * shapes); the fused module where the engine has relaxed SIMD, else the plain one, else null.
 */
export function directConvKernels(memory: WasmMemory, shape: DirectConvShape, relaxed: boolean): DirectConvKernels | null {
  const build = (fused: boolean) => {
    const key = `${shape.H} ${shape.W} ${shape.Ci} ${shape.Co} ${shape.KH} ${shape.KW} ${fused}`;
    let instances = modules.get(key);
    if (!instances) modules.set(key, (instances = perMemory<DirectConvKernels>(() => directConvModuleBytes(shape, fused))));
    return instances(memory);
  };
  return (relaxed ? build(true) : null) ?? build(false);
}
