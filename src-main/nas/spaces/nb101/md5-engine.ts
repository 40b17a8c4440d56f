/**
 * Where the module hash runs its MD5 blocks: a tiny WebAssembly module when the runtime
 * has WebAssembly (Node and Electron do), else the JS block functions of md5.ts.
 *
 * Why WebAssembly: MD5 is a serial chain of 32-bit adds and rotates, so one message at
 * a time is latency-bound; interleaving independent messages fills the idle execution
 * units. Measured on the dev box, ns per block: wasm 1 lane ~113, 2 lanes ~60, 3 lanes
 * ~48, 4 lanes ~49 (register spills); JS 1 lane ~137, 2 lanes ~80, 4 lanes ~94. So the
 * engine offers 1, 2 and 3 lanes. The module is generated here from the RFC 1321 tables
 * (a few KB of bytecode): no binary blob to trust, no build step. Tests compare both
 * engines with node:crypto.
 *
 * Memory: one Int32Array (`words`) shared by the caller and the engine; offsets are in
 * words. A block reads 16 message words at `o` and updates 4 state words at `s`.
 */
import { md5Block, md5Block2 } from './md5.ts';

export interface Md5Engine {
  readonly kind: 'wasm' | 'js';
  readonly words: Int32Array;
  block(s: number, o: number): void;
  block2(s1: number, s2: number, o1: number, o2: number): void;
  block3(s1: number, s2: number, s3: number, o1: number, o2: number, o3: number): void;
}

const SHIFTS = [
  [7, 12, 17, 22],
  [5, 9, 14, 20],
  [4, 11, 16, 23],
  [6, 10, 15, 21],
];

/** Words the engine's memory holds (the wasm memory is one 64 KiB page). */
export const ENGINE_WORDS = 16384;

export function jsMd5Engine(): Md5Engine {
  const words = new Int32Array(ENGINE_WORDS);
  return {
    kind: 'js',
    words,
    block: (s, o) => md5Block(words, s, words, o),
    block2: (s1, s2, o1, o2) => md5Block2(words, s1, s2, words, o1, o2),
    // Three JS lanes spill registers; two plus one is faster.
    block3: (s1, s2, s3, o1, o2, o3) => {
      md5Block2(words, s1, s2, words, o1, o2);
      md5Block(words, s3, words, o3);
    },
  };
}

/** The slice of the WebAssembly JS API used here (the node tsconfig has no DOM lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

export function wasmMd5Engine(): Md5Engine {
  const api = wasmApi();
  if (api === undefined) throw new Error('this runtime has no WebAssembly');
  const instance = new api.Instance(new api.Module(md5Module()));
  const { memory, block, block2, block3 } = instance.exports as {
    memory: { buffer: ArrayBuffer };
    block: (s: number, o: number) => void;
    block2: (s1: number, s2: number, o1: number, o2: number) => void;
    block3: (s1: number, s2: number, s3: number, o1: number, o2: number, o3: number) => void;
  };
  return { kind: 'wasm', words: new Int32Array(memory.buffer, 0, ENGINE_WORDS), block, block2, block3 };
}

/** The wasm engine, or the JS one where WebAssembly is missing or refuses to compile. */
export function defaultMd5Engine(): Md5Engine {
  try {
    if (wasmApi() !== undefined) return wasmMd5Engine();
  } catch {
    // e.g. a content security policy without 'wasm-unsafe-eval'
  }
  return jsMd5Engine();
}

// ---- module generation -------------------------------------------------------------

const I32 = 0x7f;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I32_LOAD = 0x28;
const I32_STORE = 0x36;
const I32_ADD = 0x6a;
const I32_AND = 0x71;
const I32_OR = 0x72;
const I32_XOR = 0x73;
const I32_SHL = 0x74;
const I32_ROTL = 0x77;
const END = 0x0b;

function sleb(x: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function uleb(x: number): number[] {
  const out: number[] = [];
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

/**
 * Body of a function mixing `lanes` independent blocks. Params: state offsets, then
 * message offsets (in words). Locals: per lane a, b, c, d.
 */
function blockBody(lanes: number): number[] {
  const code: number[] = [];
  const get = (i: number): void => void code.push(LOCAL_GET, i);
  const set = (i: number): void => void code.push(LOCAL_SET, i);
  const const32 = (v: number): void => void code.push(I32_CONST, ...sleb(v));
  const load = (offsetBytes: number): void => void code.push(I32_LOAD, 2, ...uleb(offsetBytes));
  const stateParam = (l: number): number => l;
  const messageParam = (l: number): number => lanes + l;
  const reg = (l: number, k: number): number => 2 * lanes + 4 * l + k;
  // Word offsets → byte addresses, in place.
  for (let p = 0; p < 2 * lanes; p++) {
    get(p);
    const32(2);
    code.push(I32_SHL);
    set(p);
  }
  for (let l = 0; l < lanes; l++) {
    for (let k = 0; k < 4; k++) {
      get(stateParam(l));
      load(4 * k);
      set(reg(l, k));
    }
  }
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    const word = [i, (5 * i + 1) & 15, (3 * i + 5) & 15, (7 * i) & 15][round] as number;
    const shift = SHIFTS[round]![i & 3] as number;
    const k = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;
    for (let l = 0; l < lanes; l++) {
      // Registers rotate: step i updates a, d, c, b in turn.
      const [A, B, C, D] = [0, 1, 2, 3].map((j) => reg(l, (j - i + 64) & 3)) as [number, number, number, number];
      get(A);
      if (round === 0) {
        // (b & c) | (~b & d) == d ^ (b & (c ^ d))
        get(D);
        get(B);
        get(C);
        get(D);
        code.push(I32_XOR, I32_AND, I32_XOR);
      } else if (round === 1) {
        // (b & d) | (c & ~d) == c ^ (d & (b ^ c))
        get(C);
        get(D);
        get(B);
        get(C);
        code.push(I32_XOR, I32_AND, I32_XOR);
      } else if (round === 2) {
        get(B);
        get(C);
        code.push(I32_XOR);
        get(D);
        code.push(I32_XOR);
      } else {
        // c ^ (b | ~d)
        get(C);
        get(B);
        get(D);
        const32(-1);
        code.push(I32_XOR, I32_OR, I32_XOR);
      }
      code.push(I32_ADD);
      get(messageParam(l));
      load(4 * word);
      code.push(I32_ADD);
      const32(k);
      code.push(I32_ADD);
      const32(shift);
      code.push(I32_ROTL);
      get(B);
      code.push(I32_ADD);
      set(A);
    }
  }
  for (let l = 0; l < lanes; l++) {
    for (let k = 0; k < 4; k++) {
      get(stateParam(l));
      get(stateParam(l));
      load(4 * k);
      get(reg(l, k));
      code.push(I32_ADD, I32_STORE, 2, ...uleb(4 * k));
    }
  }
  code.push(END);
  const locals = [1, ...uleb(4 * lanes), I32];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

function md5Module(): Uint8Array {
  const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const funcType = (params: number): number[] => [0x60, params, ...new Array<number>(params).fill(I32), 0];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [3, ...funcType(2), ...funcType(4), ...funcType(6)]), // 2, 4 and 6 i32 params
    ...section(3, [3, 0, 1, 2]), // functions block, block2, block3 with those types
    ...section(5, [1, 0, 1]), // one memory, 1 page
    ...section(7, [4, ...name('memory'), 2, 0, ...name('block'), 0, 0, ...name('block2'), 0, 1, ...name('block3'), 0, 2]),
    ...section(10, [3, ...blockBody(1), ...blockBody(2), ...blockBody(3)]),
  ]);
}
