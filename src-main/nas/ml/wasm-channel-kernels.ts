/**
 * WebAssembly SIMD passes over a channels-last activation [M, C] (M = N·H·W) with
 * per-channel arrays: the building blocks of the fused batch norm + ReLU kernels
 * (wasm-bn-kernels.ts). Each pass walks the rows once; inside a row four channels at a time
 * (f32x4), then the channels past the last multiple of four one at a time, so any C works
 * without touching memory past a row. A per-channel array is indexed by the same byte
 * offset as the row's channel. All arguments are byte addresses, except M and C. One
 * module per channel count (C is baked in; the argument must match it).
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
import { Asm, uleb, type Op, type WasmMemory } from './wasm-bmm.ts';
import { i32Module, perMemory } from './wasm-module.ts';

const V128 = 0x7b;
const F32 = 0x7d;
const I32_EQZ = 0x45;
const I32_ADD = 0x6a;
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
  /** Two scratch locals of this lane's type. */
  temps: [number, number];
  /** (value, test) on the stack → value where test > 0, else 0. */
  keepWherePositive(x: Asm): void;
}

/** The lanes at byte `offset` into a row (and into the per-channel arrays). */
function lanePair(vTemps: [number, number], sTemps: [number, number], offset: number): [Lane, Lane] {
  const vZero: Op = [...F32_ZERO, 0xfd, 0x13];
  const vector: Lane = {
    load: [0xfd, 0x00, 0x00, ...uleb(offset)],
    store: [0xfd, 0x0b, 0x00, ...uleb(offset)],
    add: [0xfd, 0xe4, 0x01],
    sub: [0xfd, 0xe5, 0x01],
    mul: [0xfd, 0xe6, 0x01],
    max: [0xfd, 0xe9, 0x01],
    zero: vZero,
    temps: vTemps,
    // test > 0 gives all-ones lanes where true; and-ing keeps the value there.
    keepWherePositive: (x) => void x.emit(...vZero, 0xfd, 0x44, 0xfd, 0x4e),
  };
  const scalar: Lane = {
    load: [0x2a, 0x02, ...uleb(offset)],
    store: [0x38, 0x02, ...uleb(offset)],
    add: [0x92],
    sub: [0x93],
    mul: [0x94],
    max: [0x97],
    zero: F32_ZERO,
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
  /** Per-channel parameters the pass adds into: held in locals over the rows, read and written once. */
  sums?: number[];
  /**
   * One element (or four) of the pass; `at(p)` pushes parameter p's address of the current
   * channel, `add(p, value)` adds what `value` pushes to p's sum of the current channel.
   */
  body(x: Asm, lane: Lane, at: (p: number) => Asm, add: (p: number, value: () => void) => void): void;
}

/**
 * A pass for C channels: the row is unrolled (four channels a step, then the rest one at a
 * time) with each channel's byte offset baked into its loads and stores, so a row costs its
 * arithmetic and one pointer step per row pointer, and sums stay in registers over all rows
 * (the previous runtime channel loop, with sums read and written in memory every row, spent
 * more on bookkeeping and store-to-load chains than on the arithmetic at 8–16 channels).
 */
function passBody(spec: PassSpec, C: number): number[] {
  const base = spec.params;
  const sums = spec.sums ?? [];
  const steps: { offset: number; vector: boolean }[] = [];
  for (let c = 0; c < C; c += c + 4 <= C ? 4 : 1) steps.push({ offset: c * 4, vector: c + 4 <= C });
  const vectorSteps = steps.filter((st) => st.vector).length;
  const scalarSteps = steps.length - vectorSteps;
  // Locals: two vector temporaries and the vector sums, then two scalar temporaries and the scalar sums.
  const vTemps: [number, number] = [base, base + 1];
  const sBase = base + 2 + sums.length * vectorSteps;
  const sTemps: [number, number] = [sBase, sBase + 1];
  const sumLocal = (p: number, step: number): number => {
    const k = sums.indexOf(p);
    const vectorsBefore = steps.slice(0, step).filter((st) => st.vector).length;
    return steps[step]!.vector ? base + 2 + k * vectorSteps + vectorsBefore : sBase + 2 + k * scalarSteps + (step - vectorsBefore);
  };
  const x = new Asm();
  const at = (p: number): Asm => x.get(p);
  const lanes = steps.map(({ offset, vector }) => lanePair(vTemps, sTemps, offset)[vector ? 0 : 1]);
  steps.forEach((_, i) => sums.forEach((p) => x.get(p).emit(...lanes[i]!.load).set(sumLocal(p, i))));
  x.block('md').loop('ml');
  x.get(spec.M).emit(I32_EQZ).brIf('md');
  steps.forEach((_, i) => {
    const lane = lanes[i]!;
    spec.body(x, lane, at, (p, value) => {
      x.get(sumLocal(p, i));
      value();
      x.emit(...lane.add).set(sumLocal(p, i));
    });
  });
  for (const p of spec.rows) x.addTo(p, (a) => a.i32(C * 4));
  x.get(spec.M).i32(-1).emit(I32_ADD).set(spec.M);
  x.br('ml');
  x.end().end();
  steps.forEach((_, i) => sums.forEach((p) => x.get(p).get(sumLocal(p, i)).emit(...lanes[i]!.store)));
  const locals = [2, ...uleb(2 + sums.length * vectorSteps), V128, ...uleb(2 + sums.length * scalarSteps), F32];
  const code = [...locals, ...x.code, 0x0b];
  return [...uleb(code.length), ...code];
}

const PASSES: PassSpec[] = [
  {
    name: 'sums',
    params: 4, M: 1, C: 2, rows: [0], sums: [3],
    body: (x, l, at, add) => add(3, () => at(0).emit(...l.load)),
  },
  {
    name: 'centredSquares',
    params: 5, M: 1, C: 2, rows: [0], sums: [4],
    body: (x, l, at, add) => {
      at(0).emit(...l.load);
      at(3).emit(...l.load).emit(...l.sub).set(l.temps[0]);
      add(4, () => x.get(l.temps[0]).get(l.temps[0]).emit(...l.mul));
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
    params: 8, M: 3, C: 4, rows: [0, 1, 2], sums: [6, 7],
    body: (x, l, at, add) => {
      at(0).emit(...l.load);
      at(1).emit(...l.load);
      l.keepWherePositive(x);
      x.set(l.temps[0]);
      add(6, () => x.get(l.temps[0]));
      add(7, () => {
        x.get(l.temps[0]);
        at(2).emit(...l.load);
        at(5).emit(...l.load).emit(...l.sub, ...l.mul);
      });
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

/** The passes for C channels (the C argument of each pass must be that C). */
export function channelModuleBytes(C: number): Uint8Array {
  return i32Module(PASSES.map((p) => ({ name: p.name, params: p.params, body: passBody(p, C) })));
}

type Pass = (...args: number[]) => void;

export interface ChannelKernels {
  sums: Pass;
  centredSquares: Pass;
  affineRelu: Pass;
  maskedSums: Pass;
  maskedAffine: Pass;
}

const modules = new Map<number, (memory: WasmMemory) => ChannelKernels | null>();

/** The passes for C channels bound to `memory` (compiled once per C and memory); null when this engine lacks wasm SIMD. */
export function channelKernels(memory: WasmMemory, C: number): ChannelKernels | null {
  let instances = modules.get(C);
  if (!instances) modules.set(C, (instances = perMemory<ChannelKernels>(() => channelModuleBytes(C))));
  return instances(memory);
}
