/**
 * The ONNX runtime behind the YAHPO surrogate: onnxruntime-node's native CPU build when it
 * loads, onnxruntime-web's WebAssembly build otherwise (both Microsoft, MIT).
 *
 * Why two: the native build runs this small MLP about 3.5× faster on batches than the wasm
 * build on one thread (on a par with Python's onnxruntime) and can use a second core; but
 * it is an optional dependency. Its npm tarball ships the CPU binaries (bin/napi-v6/*); its
 * install script (which would download the CUDA provider from NuGet on linux/x64) is denied
 * in package.json's allowScripts, and on a platform without a binary, or where optional
 * dependencies were left out, the import fails and the wasm build takes over. Both give the
 * same predictions to float rounding (test/integration/nb301-yahpo.test.ts).
 *
 * ARCHWALK_ONNX_RUNTIME=auto|node|web forces one (default auto); ARCHWALK_ONNX_THREADS
 * sets the native build's threads (default: 2 where the machine has 2 cores, else 1).
 * Its threads do not spin while waiting, so a busy machine loses nothing to them. The wasm
 * build keeps one thread: its threads need worker threads set up per process.
 *
 * Loaded lazily: importing this module costs nothing until a session is created.
 */
import type * as Ort from 'onnxruntime-web';
import { availableParallelism } from 'node:os';

export const ONNX_RUNTIME_PREFERENCES = ['auto', 'node', 'web'] as const;
export type OnnxRuntimePreference = (typeof ONNX_RUNTIME_PREFERENCES)[number];

/** Which runtime a session runs on, for records and benchmarks. */
export interface OnnxRuntimeChoice {
  package: 'onnxruntime-node' | 'onnxruntime-web';
  threads: number;
  /** e.g. 'onnxruntime-node 1.30.0 (native CPU, 2 threads)'; a fallback says why. */
  description: string;
}

interface LoadedRuntime extends OnnxRuntimeChoice {
  ort: typeof Ort;
  options: Ort.InferenceSession.SessionOptions;
}

/** Imported through a variable so bundlers leave the optional native package alone. */
const NODE_PACKAGE = 'onnxruntime-node';
const WEB_PACKAGE = 'onnxruntime-web';

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 200);
}

export function onnxRuntimePreference(value = process.env.ARCHWALK_ONNX_RUNTIME): OnnxRuntimePreference {
  if (value === undefined || value === '') return 'auto';
  if (!(ONNX_RUNTIME_PREFERENCES as readonly string[]).includes(value)) {
    throw new RangeError(`ARCHWALK_ONNX_RUNTIME is ${JSON.stringify(value)}; expected one of ${ONNX_RUNTIME_PREFERENCES.join(', ')}`);
  }
  return value as OnnxRuntimePreference;
}

export function onnxThreads(value = process.env.ARCHWALK_ONNX_THREADS): number {
  if (value === undefined || value === '') return Math.min(2, availableParallelism());
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`ARCHWALK_ONNX_THREADS is ${JSON.stringify(value)}; expected a whole number from 1 to 64`);
  return n;
}

type Importer = (specifier: string) => Promise<unknown>;
const importModule: Importer = (specifier) => import(specifier);

async function loadNode(threads: number, importer: Importer): Promise<LoadedRuntime> {
  const imported = (await importer(NODE_PACKAGE)) as typeof Ort & { default?: typeof Ort };
  const ort = imported.InferenceSession ? imported : imported.default!;
  ort.env.logLevel = 'error';
  return {
    package: 'onnxruntime-node',
    threads,
    description: `onnxruntime-node ${ort.env.versions?.node ?? ''} (native CPU, ${threads} thread${threads === 1 ? '' : 's'})`.replace('  ', ' '),
    ort,
    options: {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      logSeverityLevel: 4,
      // Waiting threads sleep instead of spinning: the run process shares the machine with actors and the UI.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    },
  };
}

async function loadWeb(why: string, importer: Importer): Promise<LoadedRuntime> {
  const ort = (await importer(WEB_PACKAGE)) as typeof Ort;
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  return {
    package: 'onnxruntime-web',
    threads: 1,
    description: `onnxruntime-web ${ort.env.versions?.web ?? ''} (wasm, 1 thread${why ? `; ${why}` : ''})`.replace('  ', ' '),
    ort,
    options: { executionProviders: ['wasm'], graphOptimizationLevel: 'all', logSeverityLevel: 4 },
  };
}

/** Loads the runtime a preference asks for; `importer` replaces dynamic import in tests. */
function chooseRuntime(prefer: OnnxRuntimePreference, threads: number, importer: Importer): Promise<LoadedRuntime> {
  if (prefer === 'web') return loadWeb('asked for onnxruntime-web', importer);
  return loadNode(threads, importer).catch((error: unknown) => {
    if (prefer === 'node') throw new Error(`onnxruntime-node does not load here: ${firstLine(error)}`);
    return loadWeb(`onnxruntime-node does not load: ${firstLine(error)}`, importer);
  });
}

const runtimes = new Map<string, Promise<LoadedRuntime>>();

/** The runtime for a preference, loaded once per process. */
function loadRuntime(prefer: OnnxRuntimePreference): Promise<LoadedRuntime> {
  const threads = onnxThreads();
  const key = `${prefer}/${threads}`;
  let loaded = runtimes.get(key);
  if (!loaded) {
    loaded = chooseRuntime(prefer, threads, importModule);
    runtimes.set(key, loaded);
  }
  return loaded;
}

/** What a preference would get with `importer` standing in for dynamic import (for tests; nothing is cached). */
export async function chooseOnnxRuntime(prefer: OnnxRuntimePreference, threads: number, importer: Importer): Promise<OnnxRuntimeChoice> {
  const { package: pkg, threads: n, description } = await chooseRuntime(prefer, threads, importer);
  return { package: pkg, threads: n, description };
}

/** Which runtime sessions get under a preference (loads it). */
export async function onnxRuntime(prefer: OnnxRuntimePreference = onnxRuntimePreference()): Promise<OnnxRuntimeChoice> {
  const { package: pkg, threads, description } = await loadRuntime(prefer);
  return { package: pkg, threads, description };
}

export type OrtTensor = Ort.Tensor;

/** An inference session with tensors made by the same runtime (the two runtimes' tensors do not mix). */
export class OnnxSession {
  readonly runtime: OnnxRuntimeChoice;
  private readonly ort: typeof Ort;
  private readonly session: Ort.InferenceSession;

  private constructor(runtime: LoadedRuntime, session: Ort.InferenceSession) {
    this.runtime = { package: runtime.package, threads: runtime.threads, description: runtime.description };
    this.ort = runtime.ort;
    this.session = session;
  }

  static async create(model: Uint8Array, prefer: OnnxRuntimePreference = onnxRuntimePreference()): Promise<OnnxSession> {
    const runtime = await loadRuntime(prefer);
    return new OnnxSession(runtime, await runtime.ort.InferenceSession.create(model, runtime.options));
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  int32(data: Int32Array, dims: number[]): OrtTensor {
    return new this.ort.Tensor('int32', data, dims);
  }

  float32(data: Float32Array, dims: number[]): OrtTensor {
    return new this.ort.Tensor('float32', data, dims);
  }

  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>> {
    // Errors reach the caller as exceptions; keep onnxruntime from also printing them.
    return this.session.run(feeds, { logSeverityLevel: 4 });
  }

  /** Names, element types and shapes of the inputs and outputs. */
  signature(): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
    const describe = (meta: readonly Ort.InferenceSession.ValueMetadata[] | undefined, names: readonly string[]): TensorInfo[] =>
      names.map((name, i) => {
        const m = meta?.[i];
        if (m && m.isTensor) return { name, type: m.type, shape: [...m.shape] };
        return { name, type: null, shape: null };
      });
    return { inputs: describe(this.session.inputMetadata, this.session.inputNames), outputs: describe(this.session.outputMetadata, this.session.outputNames) };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

export interface TensorInfo {
  name: string;
  type: string | null;
  shape: (number | string)[] | null;
}
