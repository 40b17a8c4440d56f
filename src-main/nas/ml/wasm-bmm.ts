/**
 * A WebAssembly SIMD kernel for batched small matrix products, C[g] = A[g]·B[g], run in
 * place on the tfjs wasm backend's heap.
 *
 * Why: tfjs-backend-wasm 4.22 computes any product with a batch larger than 1 in a naive
 * scalar loop (~1.5–2 GFLOP/s here). Attention scores and attention-weighted values are
 * exactly such products (batch × heads small matrices), and they dominated the learner
 * step. This kernel vectorises the inner loop with f32x4 (row of C += a_ik · row k of B).
 *
 * The module is emitted byte by byte below (no toolchain needed) and imports the tfjs
 * module's own memory, so operands are read where tfjs keeps them and nothing is copied.
 */

export type Op = number[];

export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

export function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

/** A tiny structured assembler: labels by name, branch depths computed. */
export class Asm {
  readonly code: number[] = [];
  private readonly labels: string[] = [];

  emit(...bytes: Op): this {
    this.code.push(...bytes);
    return this;
  }

  get(local: number): this {
    return this.emit(0x20, ...uleb(local));
  }

  set(local: number): this {
    return this.emit(0x21, ...uleb(local));
  }

  i32(value: number): this {
    return this.emit(0x41, ...sleb(value));
  }

  block(label: string): this {
    this.labels.push(label);
    return this.emit(0x02, 0x40);
  }

  loop(label: string): this {
    this.labels.push(label);
    return this.emit(0x03, 0x40);
  }

  end(): this {
    this.labels.pop();
    return this.emit(0x0b);
  }

  private depth(label: string): number {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error(`no label ${label}`);
    return this.labels.length - 1 - at;
  }

  br(label: string): this {
    return this.emit(0x0c, ...uleb(this.depth(label)));
  }

  brIf(label: string): this {
    return this.emit(0x0d, ...uleb(this.depth(label)));
  }

  /** local += value of the expression emitted by `f`. */
  addTo(local: number, f: (a: Asm) => void): this {
    this.get(local);
    f(this);
    return this.emit(0x6a).set(local);
  }

  /** Pushes base + index*4. */
  addr(base: number, index: number): this {
    return this.get(base).get(index).i32(2).emit(0x74, 0x6a);
  }
}

const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const I32_AND = 0x71;
const I32_GE_U = 0x4f;
const F32_LOAD: Op = [0x2a, 0x02, 0x00];
const F32_STORE: Op = [0x38, 0x02, 0x00];
const F32_ADD = 0x92;
const F32_MUL = 0x94;
const V128_LOAD: Op = [0xfd, 0x00, 0x00, 0x00];
const V128_STORE: Op = [0xfd, 0x0b, 0x00, 0x00];
const F32X4_SPLAT: Op = [0xfd, 0x13];
const F32X4_ADD: Op = [0xfd, 0xe4, 0x01];
const F32X4_MUL: Op = [0xfd, 0xe6, 0x01];

/**
 * bmm(a, b, c, G, M, K, N): byte offsets and sizes; C[g] (M×N) = A[g] (M×K) · B[g] (K×N).
 * Blocks of 4 rows × 4 columns accumulate in four f32x4 registers over k (one vector load
 * of B and four broadcasts of A per k); the leftover columns and rows use a scalar loop.
 */
function bmmBody(): number[] {
  const [A, B, C, G, M, K, N] = [0, 1, 2, 3, 4, 5, 6];
  const [g, i, k, j, crow, arow, nvec, i4, ap, bp, ks, ks2, ks3, ns, cp, r, rEnd, cStart] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
  const I32_LOCALS = 18;
  const [bv, c0, c1, c2, c3] = [25, 26, 27, 28, 29];
  const V128_LOCALS = 5;
  const sum = 30;
  const x = new Asm();
  const zeroVec = (local: number): void => {
    x.emit(0x43, 0, 0, 0, 0, ...F32X4_SPLAT).set(local);
  };
  /** Scalar dot products for rows [r, rEnd) and columns [cStart, N) (r, rEnd, cStart set by the caller). */
  const scalarBlock = (tag: string): void => {
    x.block(`${tag}rd`).loop(`${tag}rl`);
    x.get(r).get(rEnd).emit(I32_GE_U).brIf(`${tag}rd`);
    x.get(cStart).set(j);
    x.block(`${tag}jd`).loop(`${tag}jl`);
    x.get(j).get(N).emit(I32_GE_U).brIf(`${tag}jd`);
    x.emit(0x43, 0, 0, 0, 0).set(sum);
    x.get(A).get(r).get(ks).emit(I32_MUL, I32_ADD).set(ap);
    x.addr(B, j).set(bp);
    x.i32(0).set(k);
    x.block(`${tag}kd`).loop(`${tag}kl`);
    x.get(k).get(K).emit(I32_GE_U).brIf(`${tag}kd`);
    x.get(sum).get(ap).emit(...F32_LOAD).get(bp).emit(...F32_LOAD, F32_MUL, F32_ADD).set(sum);
    x.addTo(ap, (a) => a.i32(4));
    x.addTo(bp, (a) => a.get(ns));
    x.addTo(k, (a) => a.i32(1)).br(`${tag}kl`);
    x.end().end();
    x.get(C).get(r).get(ns).emit(I32_MUL, I32_ADD).get(j).i32(2).emit(I32_SHL, I32_ADD).get(sum).emit(...F32_STORE);
    x.addTo(j, (a) => a.i32(1)).br(`${tag}jl`);
    x.end().end();
    x.addTo(r, (a) => a.i32(1)).br(`${tag}rl`);
    x.end().end();
  };

  x.get(N).i32(-4).emit(I32_AND).set(nvec);
  x.get(M).i32(-4).emit(I32_AND).set(i4);
  x.get(K).i32(2).emit(I32_SHL).set(ks);
  x.get(ks).i32(1).emit(I32_SHL).set(ks2);
  x.get(ks2).get(ks).emit(I32_ADD).set(ks3);
  x.get(N).i32(2).emit(I32_SHL).set(ns);
  x.i32(0).set(g);
  x.block('gd').loop('gl');
  x.get(g).get(G).emit(I32_GE_U).brIf('gd');
  x.i32(0).set(i);
  x.block('id').loop('il');
  x.get(i).get(i4).emit(I32_GE_U).brIf('id');
  x.get(A).get(i).get(ks).emit(I32_MUL, I32_ADD).set(arow);
  x.get(C).get(i).get(ns).emit(I32_MUL, I32_ADD).set(crow);
  x.i32(0).set(j);
  x.block('jd').loop('jl');
  x.get(j).get(nvec).emit(I32_GE_U).brIf('jd');
  for (const c of [c0, c1, c2, c3]) zeroVec(c);
  x.get(arow).set(ap);
  x.addr(B, j).set(bp);
  x.i32(0).set(k);
  x.block('kd').loop('kl');
  x.get(k).get(K).emit(I32_GE_U).brIf('kd');
  x.get(bp).emit(...V128_LOAD).set(bv);
  const rows: [number, number | null][] = [[c0, null], [c1, ks], [c2, ks2], [c3, ks3]];
  for (const [acc, offset] of rows) {
    x.get(acc).get(ap);
    if (offset !== null) x.get(offset).emit(I32_ADD);
    x.emit(...F32_LOAD, ...F32X4_SPLAT).get(bv).emit(...F32X4_MUL, ...F32X4_ADD).set(acc);
  }
  x.addTo(ap, (a) => a.i32(4));
  x.addTo(bp, (a) => a.get(ns));
  x.addTo(k, (a) => a.i32(1)).br('kl');
  x.end().end();
  x.addr(crow, j).set(cp);
  for (const acc of [c0, c1, c2, c3]) {
    x.get(cp).get(acc).emit(...V128_STORE);
    x.addTo(cp, (a) => a.get(ns));
  }
  x.addTo(j, (a) => a.i32(4)).br('jl');
  x.end().end();
  // Leftover columns of these 4 rows.
  x.get(i).set(r);
  x.get(i).i32(4).emit(I32_ADD).set(rEnd);
  x.get(nvec).set(cStart);
  scalarBlock('c');
  x.addTo(i, (a) => a.i32(4)).br('il');
  x.end().end();
  // Leftover rows, all columns.
  x.get(i4).set(r);
  x.get(M).set(rEnd);
  x.i32(0).set(cStart);
  scalarBlock('r');
  x.addTo(A, (a) => a.get(M).get(ks).emit(I32_MUL));
  x.addTo(B, (a) => a.get(K).get(ns).emit(I32_MUL));
  x.addTo(C, (a) => a.get(M).get(ns).emit(I32_MUL));
  x.addTo(g, (a) => a.i32(1)).br('gl');
  x.end().end();
  x.emit(0x0b);
  const locals = [3, ...uleb(I32_LOCALS), 0x7f, ...uleb(V128_LOCALS), 0x7b, ...uleb(1), 0x7d];
  const body = [...locals, ...x.code];
  return [...uleb(body.length), ...body];
}

export function bmmModuleBytes(): Uint8Array {
  const type = section(1, [1, 0x60, 7, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]);
  const imports = section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]);
  const funcs = section(3, [1, 0]);
  const exports = section(7, [1, ...name('bmm'), 0x00, 0]);
  const code = section(10, [1, ...bmmBody()]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imports, ...funcs, ...exports, ...code]);
}

export type BmmKernel = (a: number, b: number, c: number, g: number, m: number, k: number, n: number) => void;

/** The slice of the WebAssembly API used here (the project's type libraries do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export function isWasmMemory(value: unknown): value is WasmMemory {
  return value instanceof wasmApi.Memory;
}

/** Instantiate against `memory`; null when this engine lacks wasm SIMD. */
export function createBmmKernel(memory: WasmMemory): BmmKernel | null {
  try {
    const module = new wasmApi.Module(bmmModuleBytes());
    const instance = new wasmApi.Instance(module, { env: { memory } });
    return instance.exports.bmm as BmmKernel;
  } catch {
    return null;
  }
}
