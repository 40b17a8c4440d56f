/**
 * What the hand-emitted kernel modules (wasm-conv-kernels.ts, wasm-channel-kernels.ts) share:
 * a module of i32-parameter functions over the tfjs wasm backend's imported memory, one
 * instance per memory, and the backend's heap as the kernels see it.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { isWasmMemory, name, section, uleb, wasmApi, type WasmMemory } from './wasm-bmm.ts';

const I32 = 0x7f;

export interface I32Function {
  name: string;
  params: number;
  /** The code section entry: size, locals, instructions, end. */
  body: number[];
}

/** A module importing env.memory and exporting `funcs`, each taking i32 parameters and returning nothing. */
export function i32Module(funcs: readonly I32Function[]): Uint8Array {
  const types = section(1, [funcs.length, ...funcs.flatMap((f) => [0x60, ...uleb(f.params), ...new Array<number>(f.params).fill(I32), 0])]);
  const imports = section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]);
  const functions = section(3, [funcs.length, ...funcs.map((_, i) => i)]);
  const exports = section(7, [funcs.length, ...funcs.flatMap((f, i) => [...name(f.name), 0x00, i])]);
  const code = section(10, [funcs.length, ...funcs.flatMap((f) => f.body)]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...code]);
}

/** Instances of a module's exports per memory, made once; null where the engine refuses the module (no wasm SIMD). */
export function perMemory<T>(bytes: () => Uint8Array): (memory: WasmMemory) => T | null {
  const instances = new WeakMap<WasmMemory, T | null>();
  return (memory) => {
    if (!instances.has(memory)) {
      try {
        instances.set(memory, new wasmApi.Instance(new wasmApi.Module(bytes()), { env: { memory } }).exports as T);
      } catch {
        instances.set(memory, null);
      }
    }
    return instances.get(memory)!;
  };
}

/** The part of tfjs-backend-wasm's backend object that exposes its heap. */
export interface WasmHeapOwner {
  wasm: { asm?: { memory?: WasmMemory }; wasmMemory?: WasmMemory };
}

/** The backend as the kernels use it. */
export interface WasmHeapBackend extends WasmHeapOwner {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  getMemoryOffset(dataId: object): number;
  disposeData(dataId: object): boolean;
}

/** The backend's wasm memory (where it lives depends on the Emscripten build), or null. */
export function backendMemory(backend: WasmHeapOwner): WasmMemory | null {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  return isWasmMemory(memory) ? memory : null;
}
