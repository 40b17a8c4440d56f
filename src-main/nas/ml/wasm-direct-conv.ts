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
 * The vector locals of a kernel whose i32 locals end before `first`: 2·tile accumulators
 * (two vectors of 4 output channels each), two operand vectors and a broadcast.
 */
function vectorLocals(first: number, tile: number): { acc: (i: number, v: number) => number; operand: (v: number) => number; splat: number; count: number } {
  return { acc: (i, v) => first + 2 * i + v, operand: (v) => first + 2 * tile + v, splat: first + 2 * tile + 2, count: 2 * tile + 3 };
}

/** Bytes per padded input row, and floats per filter row (j = kw·Ci + ci). */
function geometry(s: Pick<DirectConvShape, 'W' | 'Ci' | 'KW'>): { xRow: number; row: number } {
  return { xRow: (s.W + s.KW - 1) * s.Ci * 4, row: s.KW * s.Ci };
}

/**
 * conv(xp, wp, out, n): byte addresses of the padded input [n, H+KH−1, W+KW−1, Ci], the
 * packed weights and the output [n, H, W, Co↑8].
 */
function convBody(s: DirectConvShape, fused: boolean): number[] {
  const [xp, wp, out, n] = [0, 1, 2, 3];
  const [y, blocks, wb, rp, op, tiles, xj, wj, j] = [4, 5, 6, 7, 8, 9, 10, 11, 12];
  const I32_LOCALS = 9;
  const { acc, operand: wv, splat, count } = vectorLocals(13, TILE);
  const { xRow, row } = geometry(s);
  const Co8 = roundUp8(s.Co);
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
  return body([[I32_LOCALS, I32], [count, V128]], x);
}

type PadShape = Pick<DirectConvShape, 'H' | 'W' | 'Ci' | 'KH' | 'KW'>;

/**
 * Copies the H rows of each of n images between a dense [n, H, W, Ci] tensor (params 0) and
 * the inside of a padded [n, H+KH−1, W+KW−1, Ci] one (param 1), one memory.copy per row;
 * `toPadded` gives the direction. Param 2 is n, local 3 a row counter.
 */
function copyRows(x: Asm, s: PadShape, toPadded: boolean): void {
  const [dense, padded, n, y] = [0, 1, 2, 3];
  const { xRow } = geometry(s);
  const rowBytes = s.W * s.Ci * 4;
  x.addTo(padded, (a) => a.i32(((s.KH - 1) / 2) * xRow + ((s.KW - 1) / 2) * s.Ci * 4));
  countDown(x, n, 'img', () => {
    x.i32(s.H).set(y);
    countDown(x, y, 'row', () => {
      if (toPadded) x.get(padded).get(dense);
      else x.get(dense).get(padded);
      x.i32(rowBytes).emit(...MEMORY_COPY);
      x.addTo(dense, (a) => a.i32(rowBytes)).addTo(padded, (a) => a.i32(xRow));
    });
    x.addTo(padded, (a) => a.i32((s.KH - 1) * xRow));
  });
}

/**
 * pad(x, xp, n): the input [n, H, W, Ci] into [n, H+KH−1, W+KW−1, Ci] with (K−1)/2 rows and
 * columns on each side filled with bytes `fill` (0: zeros): one memory.fill, one memory.copy
 * per row (as typed-array calls from JavaScript the rows cost more than the convolution).
 */
export function padBody(s: PadShape, fill = 0): number[] {
  const x = new Asm();
  x.get(1).i32(fill).get(2).i32((s.H + s.KH - 1) * geometry(s).xRow).emit(I32_MUL).emit(...MEMORY_FILL);
  copyRows(x, s, true);
  return body([[1, I32]], x);
}

/** unpad(x, xp, n): the inside of the padded xp back into the dense x (the inverse of pad). */
export function unpadBody(s: PadShape): number[] {
  const x = new Asm();
  copyRows(x, s, false);
  return body([[1, I32]], x);
}

/** Filter-row entries per filter-gradient tile: 2·6 accumulators, 2 gradient vectors and a broadcast fit 16 registers. */
const ROW_TILE = 6;

/**
 * filterGrad(xp, dy, dw, n): dw[kh, j, co] = Σ over images, rows, columns of
 * xp[n, y + kh, x, j] · dy[n, y, x, co], with xp padded as for `conv` and j = kw·Ci + ci, so
 * dw comes out in the filter's own [KH, KW, Ci, Co] layout. Co must be a multiple of 8 (dy's
 * rows are read as whole vectors). A tile is up to 6 consecutive j × 8 output channels,
 * accumulated over every output position: per position two vectors of dy and a broadcast
 * of each of the 6 inputs.
 */
function filterGradBody(s: DirectConvShape, fused: boolean): number[] {
  const [xp, dy, dw, n] = [0, 1, 2, 3];
  const [images, y, xc, blocks, tiles, xq, dq, xr, dr, wo, kx, ko, kd] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  const I32_LOCALS = 13;
  const { acc, operand: dv, splat, count } = vectorLocals(17, ROW_TILE);
  const { xRow, row } = geometry(s);
  const x = new Asm();
  /** One tile of `J` filter-row entries: x from xr, dy from dr, results to wo. */
  const tile = (J: number): void => {
    for (let i = 0; i < J; i++) for (let v = 0; v < 2; v++) x.emit(...F32_ZERO, ...F32X4_SPLAT).set(acc(i, v));
    x.get(xr).set(xq).get(dr).set(dq).get(n).set(images);
    countDown(x, images, 'img', () => {
      x.i32(s.H).set(y);
      countDown(x, y, 'row', () => {
        x.i32(s.W).set(xc);
        countDown(x, xc, 'col', () => {
          for (let v = 0; v < 2; v++) x.get(dq).emit(...v128Load(16 * v)).set(dv(v));
          for (let i = 0; i < J; i++) {
            x.get(xq).emit(...load32Splat(4 * i)).set(splat);
            for (let v = 0; v < 2; v++) {
              if (fused) x.get(splat).get(dv(v)).get(acc(i, v)).emit(...F32X4_RELAXED_MADD).set(acc(i, v));
              else x.get(acc(i, v)).get(splat).get(dv(v)).emit(...F32X4_MUL, ...F32X4_ADD).set(acc(i, v));
            }
          }
          x.addTo(xq, (a) => a.i32(s.Ci * 4)).addTo(dq, (a) => a.i32(s.Co * 4));
        });
        // The padding columns at the end of this row and the start of the next.
        x.addTo(xq, (a) => a.i32((s.KW - 1) * s.Ci * 4));
      });
      x.addTo(xq, (a) => a.i32((s.KH - 1) * xRow));
    });
    for (let i = 0; i < J; i++) for (let v = 0; v < 2; v++) x.get(wo).get(acc(i, v)).emit(...v128Store(i * s.Co * 4 + 16 * v));
  };
  const fullTiles = Math.floor(row / ROW_TILE);
  const tail = row % ROW_TILE;
  x.i32(0).set(kx).get(dw).set(ko);
  x.i32(s.KH).set(kd);
  countDown(x, kd, 'kh', () => {
    x.get(dy).set(dr);
    x.i32(s.Co / 8).set(blocks);
    countDown(x, blocks, 'blk', () => {
      x.get(xp).get(kx).emit(I32_ADD).set(xr).get(ko).set(wo);
      if (fullTiles > 0) {
        x.i32(fullTiles).set(tiles);
        countDown(x, tiles, 'tile', () => {
          tile(ROW_TILE);
          x.addTo(xr, (a) => a.i32(ROW_TILE * 4)).addTo(wo, (a) => a.i32(ROW_TILE * s.Co * 4));
        });
      }
      if (tail > 0) tile(tail);
      x.addTo(dr, (a) => a.i32(32)).addTo(ko, (a) => a.i32(32));
    });
    // Next filter row: x one padded row down, dw past this row's KW·Ci × Co entries.
    x.addTo(kx, (a) => a.i32(xRow)).addTo(ko, (a) => a.i32(row * s.Co * 4 - s.Co * 4));
  });
  return body([[I32_LOCALS, I32], [count, V128]], x);
}

/** The module for one shape: `conv`, `pad` and (output channels a multiple of 8) `filterGrad`. */
export function directConvModuleBytes(shape: DirectConvShape, fused: boolean): Uint8Array {
  return i32Module([
    { name: 'conv', params: 4, body: convBody(shape, fused) },
    { name: 'pad', params: 3, body: padBody(shape) },
    ...(shape.Co % 8 === 0 ? [{ name: 'filterGrad', params: 4, body: filterGradBody(shape, fused) }] : []),
  ]);
}

export interface DirectConvKernels {
  conv(xp: number, wp: number, out: number, n: number): void;
  pad(x: number, xp: number, n: number): void;
  /** Only where Co is a multiple of 8. */
  filterGrad?: (xp: number, dy: number, dw: number, n: number) => void;
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
