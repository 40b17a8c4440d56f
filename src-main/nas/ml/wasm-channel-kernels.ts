/**
 * WebAssembly SIMD passes over a channels-last activation [M, C] (M = N·H·W) with
 * per-channel arrays: the building blocks of the fused batch norm + ReLU kernels
 * (wasm-bn-kernels.ts). Each pass walks the rows once; inside a row four channels at a time
 * (f32x4), then the channels past the last multiple of four one at a time, so any C works
 * without touching memory past a row. A per-channel array is indexed by the same byte
 * offset as the row's channel. All arguments are byte addresses, except M and C.
 *
 *   sums(x, M, C, acc)                         acc[c] += x[m, c]
 *   centredSquares(x, M, C, mean, acc)         acc[c] += (x[m, c] − mean[c])²
 *   affineRelu(x, M, C, scale, shift, y)       y = max(x·scale + shift, 0)
 *   maskedSums(dy, y, x, M, C, mean, g, gx)    with d = dy where y > 0, else 0:
 *                                              g[c] += d, gx[c] += d·(x − mean[c])
 *   maskedAffine(dy, y, x, M, C, a, b, k, dx)  dx = a·d + b·x + k (d as above)
 *
 * Emitted with wasm-bmm.ts's assembler, like the other kernels: nothing to build.
 */
import { Asm, uleb, type Op } from './wasm-bmm.ts';
import { i32Module, perMemory } from './wasm-module.ts';

const I32 = 0x7f;
const V128 = 0x7b;
const F32 = 0x7d;
const I32_EQZ = 0x45;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_AND = 0x71;
const I32_GE_S = 0x4e;
const F32_ZERO: Op = [0x43, 0, 0, 0, 0];

/** The instructions of one lane width: f32x4 for the vector part of a row, f32 for the rest. */
interface Lane {
  load: Op;
  store: Op;
  add: Op;
  sub: Op;
  mul: Op;
  max: Op;
  zero: Op;
  /** Bytes per step along the row. */
  step: number;
  /** Two scratch locals of this lane's type. */
  temps: [number, number];
  /** (value, test) on the stack → value where test > 0, else 0. */
  keepWherePositive(x: Asm): void;
}

function lanePair(vTemps: [number, number], sTemps: [number, number]): [Lane, Lane] {
  const vZero: Op = [...F32_ZERO, 0xfd, 0x13];
  const vector: Lane = {
    load: [0xfd, 0x00, 0x00, 0x00],
    store: [0xfd, 0x0b, 0x00, 0x00],
    add: [0xfd, 0xe4, 0x01],
    sub: [0xfd, 0xe5, 0x01],
    mul: [0xfd, 0xe6, 0x01],
    max: [0xfd, 0xe9, 0x01],
    zero: vZero,
    step: 16,
    temps: vTemps,
    // test > 0 gives all-ones lanes where true; and-ing keeps the value there.
    keepWherePositive: (x) => void x.emit(...vZero, 0xfd, 0x44, 0xfd, 0x4e),
  };
  const scalar: Lane = {
    load: [0x2a, 0x02, 0x00],
    store: [0x38, 0x02, 0x00],
    add: [0x92],
    sub: [0x93],
    mul: [0x94],
    max: [0x97],
    zero: F32_ZERO,
    step: 4,
    temps: sTemps,
    // select(value, 0, test > 0), the test parked in a scratch local.
    keepWherePositive: (x) => void x.set(sTemps[1]).emit(...F32_ZERO).get(sTemps[1]).emit(...F32_ZERO, 0x5e, 0x1b),
  };
  return [vector, scalar];
}

interface PassSpec {
  name: string;
  params: number;
  /** Parameter indices of M and C. */
  M: number;
  C: number;
  /** Parameters that point at rows (advanced by a row each step); the others are per-channel. */
  rows: number[];
  /** One element (or four) of the pass; `at(p)` pushes parameter p's address of the current channel. */
  body(x: Asm, lane: Lane, at: (p: number) => Asm): void;
}

function passBody(spec: PassSpec): number[] {
  const base = spec.params;
  const [cb, cv, rowBytes] = [base, base + 1, base + 2];
  const vTemps: [number, number] = [base + 3, base + 4];
  const sTemps: [number, number] = [base + 5, base + 6];
  const [vector, scalar] = lanePair(vTemps, sTemps);
  const x = new Asm();
  const at = (p: number): Asm => x.get(p).get(cb).emit(I32_ADD);
  x.get(spec.C).i32(4).emit(I32_MUL).set(rowBytes);
  x.get(spec.C).i32(-4).emit(I32_AND).i32(4).emit(I32_MUL).set(cv);
  x.block('md').loop('ml');
  x.get(spec.M).emit(I32_EQZ).brIf('md');
  x.i32(0).set(cb);
  for (const [lane, end, tag] of [[vector, cv, 'v'], [scalar, rowBytes, 's']] as const) {
    x.block(`${tag}d`).loop(`${tag}l`);
    x.get(cb).get(end).emit(I32_GE_S).brIf(`${tag}d`);
    spec.body(x, lane, at);
    x.addTo(cb, (a) => a.i32(lane.step)).br(`${tag}l`);
    x.end().end();
  }
  for (const p of spec.rows) x.addTo(p, (a) => a.get(rowBytes));
  x.get(spec.M).i32(-1).emit(I32_ADD).set(spec.M);
  x.br('ml');
  x.end().end();
  const locals = [3, ...uleb(3), I32, ...uleb(2), V128, ...uleb(2), F32];
  const code = [...locals, ...x.code, 0x0b];
  return [...uleb(code.length), ...code];
}

const PASSES: PassSpec[] = [
  {
    name: 'sums',
    params: 4, M: 1, C: 2, rows: [0],
    body: (x, l, at) => {
      at(3);
      at(3).emit(...l.load);
      at(0).emit(...l.load).emit(...l.add, ...l.store);
    },
  },
  {
    name: 'centredSquares',
    params: 5, M: 1, C: 2, rows: [0],
    body: (x, l, at) => {
      at(0).emit(...l.load);
      at(3).emit(...l.load).emit(...l.sub).set(l.temps[0]);
      at(4);
      at(4).emit(...l.load).get(l.temps[0]).get(l.temps[0]).emit(...l.mul, ...l.add, ...l.store);
    },
  },
  {
    name: 'affineRelu',
    params: 6, M: 1, C: 2, rows: [0, 5],
    body: (x, l, at) => {
      at(5);
      at(0).emit(...l.load);
      at(3).emit(...l.load).emit(...l.mul);
      at(4).emit(...l.load).emit(...l.add, ...l.zero, ...l.max, ...l.store);
    },
  },
  {
    name: 'maskedSums',
    params: 8, M: 3, C: 4, rows: [0, 1, 2],
    body: (x, l, at) => {
      at(0).emit(...l.load);
      at(1).emit(...l.load);
      l.keepWherePositive(x);
      x.set(l.temps[0]);
      at(6);
      at(6).emit(...l.load).get(l.temps[0]).emit(...l.add, ...l.store);
      at(7);
      at(7).emit(...l.load).get(l.temps[0]);
      at(2).emit(...l.load);
      at(5).emit(...l.load).emit(...l.sub, ...l.mul, ...l.add, ...l.store);
    },
  },
  {
    name: 'maskedAffine',
    params: 9, M: 3, C: 4, rows: [0, 1, 2, 8],
    body: (x, l, at) => {
      at(8);
      at(0).emit(...l.load);
      at(1).emit(...l.load);
      l.keepWherePositive(x);
      at(5).emit(...l.load).emit(...l.mul);
      at(2).emit(...l.load);
      at(6).emit(...l.load).emit(...l.mul, ...l.add);
      at(7).emit(...l.load).emit(...l.add, ...l.store);
    },
  },
];

export function channelModuleBytes(): Uint8Array {
  return i32Module(PASSES.map((p) => ({ name: p.name, params: p.params, body: passBody(p) })));
}

type Pass = (...args: number[]) => void;

export interface ChannelKernels {
  sums: Pass;
  centredSquares: Pass;
  affineRelu: Pass;
  maskedSums: Pass;
  maskedAffine: Pass;
}

/** The passes bound to `memory` (instantiated once per memory); null when this engine lacks wasm SIMD. */
export const channelKernels = perMemory<ChannelKernels>(channelModuleBytes);
