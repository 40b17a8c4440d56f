/**
 * TensorFlow.js backend selection: tfjs-node-gpu → tfjs-node → wasm → cpu. The first that
 * loads and initialises wins; the result names the backend and says why each faster one
 * was not used, so a run can record it and the UI can show it. A GPU package that loads
 * but finds no GPU (CUDA 12 on a CUDA 11.2 build falls back silently) is used on the CPU
 * with a plain warning.
 *
 * The native packages are optional dependencies; they are imported through a variable so
 * that bundlers do not try to resolve them and a missing package is an ordinary outcome.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { patchWasmKernels } from './wasm-kernels.ts';

export const BACKEND_PREFERENCES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

export interface BackendChoice {
  /** tfjs backend name: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** Which package provides it, e.g. '@tensorflow/tfjs-node-gpu'. */
  package: string;
  /** Where it computes: 'gpu' or 'cpu'. */
  device: 'gpu' | 'cpu';
  /** Why no faster backend is used, e.g. 'tfjs-node-gpu not installed; tfjs-node not installed'. */
  reason: string;
  /** Plain warnings for the run log and the UI (e.g. a GPU package running on the CPU). */
  warnings: string[];
  /** One line for records: `wasm (tfjs-node-gpu not installed; tfjs-node not installed)`. */
  description: string;
}

export interface SelectBackendOptions {
  /** Default: $ARCHWALK_ML_BACKEND or 'auto'. 'tensorflow' tries the native packages only. */
  prefer?: BackendPreference;
  /** Folder holding tfjs-backend-wasm's .wasm files (for bundled apps); found via node resolution by default. */
  wasmDir?: string;
  /** For tests: replaces dynamic import of the optional native packages. */
  importer?: (specifier: string) => Promise<unknown>;
}

const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
const NODE_PACKAGE = '@tensorflow/tfjs-node';

let selected: Promise<BackendChoice> | null = null;

function shortName(pkg: string): string {
  return pkg.replace('@tensorflow/', '');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}

function isNotInstalled(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return firstLine(error).includes('tfjs-node');
  }
  return false;
}

/** The folder of tfjs-backend-wasm's binaries, or null when it cannot be found. */
export function defaultWasmDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    return existsSync(file) ? dirname(file) + '/' : null;
  } catch {
    return null;
  }
}

interface NativeBackendFlags {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

async function tryNative(
  pkg: string,
  importer: (specifier: string) => Promise<unknown>,
  skipped: string[],
  warnings: string[],
): Promise<BackendChoice | null> {
  try {
    await importer(pkg);
  } catch (error) {
    skipped.push(isNotInstalled(error) ? `${shortName(pkg)} not installed` : `${shortName(pkg)} failed to load: ${firstLine(error)}`);
    return null;
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    skipped.push(`${shortName(pkg)} loaded but registered no backend with this copy of @tensorflow/tfjs-core ${tf.version_core} (duplicate tfjs-core installs; deduplicate node_modules)`);
    return null;
  }
  let ok = false;
  try {
    ok = await tf.setBackend('tensorflow');
  } catch (error) {
    skipped.push(`${shortName(pkg)} failed to initialise: ${firstLine(error)}`);
    return null;
  }
  if (!ok) {
    skipped.push(`${shortName(pkg)} failed to initialise`);
    return null;
  }
  const flags = tf.backend() as unknown as NativeBackendFlags;
  let device: 'gpu' | 'cpu' = 'cpu';
  if (pkg === GPU_PACKAGE) {
    if (flags.isUsingGpuDevice === true) {
      device = 'gpu';
    } else {
      warnings.push(
        `${GPU_PACKAGE} is installed but TensorFlow found no usable GPU, so training runs on the CPU. ` +
          'It needs CUDA 11.2 and cuDNN 8.1; with CUDA 12 (or no driver) it falls back to the CPU silently. ' +
          'Install CUDA 11.2 + cuDNN 8.1, or expect CPU speed.',
      );
    }
  }
  return choice('tensorflow', pkg, device, skipped, warnings);
}

function choice(name: string, pkg: string, device: 'gpu' | 'cpu', skipped: string[], warnings: string[]): BackendChoice {
  const reason = skipped.join('; ');
  const where = name === 'tensorflow' ? `${shortName(pkg)}, ${device.toUpperCase()}` : '';
  const head = where ? `${name} [${where}]` : name;
  return { name, package: pkg, device, reason, warnings: warnings.slice(), description: reason ? `${head} (${reason})` : head };
}

async function doSelect(options: SelectBackendOptions): Promise<BackendChoice> {
  const envPreference = process.env.ARCHWALK_ML_BACKEND as BackendPreference | undefined;
  const prefer = options.prefer ?? (envPreference && BACKEND_PREFERENCES.includes(envPreference) ? envPreference : 'auto');
  const importer = options.importer ?? ((specifier: string) => import(specifier));
  const skipped: string[] = [];
  const warnings: string[] = [];

  if (prefer === 'auto' || prefer === 'tensorflow') {
    for (const pkg of [GPU_PACKAGE, NODE_PACKAGE]) {
      const found = await tryNative(pkg, importer, skipped, warnings);
      if (found) return found;
    }
    if (prefer === 'tensorflow') skipped.push('asked for the native backend only');
  } else {
    skipped.push(`native backends not tried (asked for ${prefer})`);
  }

  if (prefer === 'auto' || prefer === 'wasm' || prefer === 'tensorflow') {
    const dir = options.wasmDir ?? defaultWasmDir();
    if (dir === null) {
      skipped.push('tfjs-backend-wasm binaries not found');
    } else {
      try {
        setWasmPaths(dir.endsWith('/') ? dir : dir + '/');
        if (await tf.setBackend('wasm')) {
          patchWasmKernels();
          return choice('wasm', '@tensorflow/tfjs-backend-wasm', 'cpu', skipped, warnings);
        }
        skipped.push('wasm failed to initialise');
      } catch (error) {
        skipped.push(`wasm failed to initialise: ${firstLine(error)}`);
      }
    }
  } else {
    skipped.push('wasm not tried (asked for cpu)');
  }

  await tf.setBackend('cpu');
  warnings.push('running on the plain JavaScript cpu backend: training is many times slower than with wasm or tfjs-node');
  return choice('cpu', '@tensorflow/tfjs-backend-cpu', 'cpu', skipped, warnings);
}

/**
 * Pick and activate the fastest available backend, once per thread (tfjs keeps one
 * engine per JavaScript realm, so each worker thread selects its own).
 */
export function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  selected ??= doSelect(options).catch((error: unknown) => {
    selected = null;
    throw error;
  });
  return selected;
}

/** Forget the cached choice (tests that select with different options). */
export function resetBackendSelection(): void {
  selected = null;
}
