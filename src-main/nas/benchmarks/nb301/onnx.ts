/**
 * The ONNX runtime behind the YAHPO surrogate: onnxruntime-web (Microsoft, MIT), whose
 * WebAssembly build runs under plain Node, in Electron's utility process and in a browser.
 * Why not onnxruntime-node: its npm tarball does ship the CPU binaries (bin/napi-v6/*), but
 * its install script downloads the CUDA provider from NuGet on linux/x64 whenever install
 * scripts run, and it adds ~290 MB of native code for every platform. onnxruntime-web has
 * no install script at all; for this small MLP it is ~3× slower per single query than the
 * native build (both far above what a search needs) and batches well.
 *
 * Loaded lazily: importing this module costs nothing until a session is created.
 */
import type * as Ort from 'onnxruntime-web';

let ortPromise: Promise<typeof Ort> | null = null;

export function loadOrt(): Promise<typeof Ort> {
  ortPromise ??= import('onnxruntime-web').then((ort) => {
    // One thread: the run process hosts one search, and wasm threads would need workers.
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    return ort;
  });
  return ortPromise;
}

export type OrtSession = Ort.InferenceSession;
export type OrtTensor = Ort.Tensor;

export async function createSession(model: Uint8Array): Promise<OrtSession> {
  const ort = await loadOrt();
  return ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', logSeverityLevel: 4 });
}

export async function int32Tensor(data: Int32Array, dims: number[]): Promise<OrtTensor> {
  const ort = await loadOrt();
  return new ort.Tensor('int32', data, dims);
}

export async function float32Tensor(data: Float32Array, dims: number[]): Promise<OrtTensor> {
  const ort = await loadOrt();
  return new ort.Tensor('float32', data, dims);
}

export interface TensorInfo {
  name: string;
  type: string | null;
  shape: (number | string)[] | null;
}

/** Names, element types and shapes of a session's inputs and outputs. */
export function sessionSignature(session: OrtSession): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  const describe = (meta: readonly Ort.InferenceSession.ValueMetadata[] | undefined, names: readonly string[]): TensorInfo[] =>
    names.map((name, i) => {
      const m = meta?.[i];
      if (m && m.isTensor) return { name, type: m.type, shape: [...m.shape] };
      return { name, type: null, shape: null };
    });
  return { inputs: describe(session.inputMetadata, session.inputNames), outputs: describe(session.outputMetadata, session.outputNames) };
}
