/**
 * How the run process opens its benchmarks, in its main thread and in the agent's actor threads
 * (which import this module by URL, see entries.ts): the library's loader with the app's
 * live-result cache, the one piece of services the run process uses (layer rules:
 * .dependency-cruiser.cjs allows exactly this import).
 */
import type { Benchmark } from '../nas/benchmarks/types.ts';
import { loadBenchmark as openBenchmark, type BenchmarkLocation, type OpenableKind } from '../nas/benchmarks/load.ts';
import type { BenchmarkKind } from '#shared/benchmark-kinds.ts';
import { openLiveResultCache } from '../services/live-result-store.ts';
import type { Same } from './type-agreement.ts';

/** Every kind shared/benchmark-kinds.ts specifies has an opener in the library, and no other. */
const benchmarkKindsAgree: Same<BenchmarkKind, OpenableKind> = true;
void benchmarkKindsAgree;

export function loadBenchmark(handle: BenchmarkLocation): Benchmark<unknown> {
  return openBenchmark(handle, { openLiveResultCache });
}

/** Several benchmarks at once (an agent trained on several tables of one space). */
export function loadBenchmarks(handles: BenchmarkLocation[]): Benchmark<unknown>[] {
  return handles.map(loadBenchmark);
}
