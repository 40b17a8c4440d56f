/**
 * Opens a registered benchmark's data file by kind. The run process calls this; it
 * never touches the store itself: a live benchmark's result cache is opened by the function
 * the caller passes (the app's is services/live-result-store.ts).
 */
import { loadNb101TableSync } from './nb101/table-benchmark.ts';
import { Nb201TableBenchmark } from './nb201/table.ts';
import { openNb201Table } from './nb201/table-file.ts';
import { loadNb301Xgb, loadNb301Yahpo } from './nb301/index.ts';
import type { Benchmark } from './types.ts';
import { loadLiveBenchmark } from '../live/live-benchmark.ts';
import type { OpenLiveResultCache } from '../live/result-cache.ts';

/** Where a benchmark's data lies (shared/worker-protocol.ts's BenchmarkHandle has this shape). */
export interface BenchmarkLocation {
  name: string;
  kind: string;
  /** Absolute path of the benchmark's data file. */
  dataPath: string;
  /** For benchmarks that cache results (kind `live`): what `openLiveResultCache` opens. */
  cachePath?: string;
}

/** What opening some kinds needs from the caller. */
export interface BenchmarkOpening {
  openLiveResultCache?: OpenLiveResultCache;
}

/** Opens one kind's data file. */
type Opener = (handle: BenchmarkLocation, opening: BenchmarkOpening) => Benchmark<unknown>;

/**
 * How each kind opens, by the kind names the registry records (shared/benchmark-kinds.ts holds
 * what each kind is; the run process makes the compiler check that its kinds are exactly these).
 */
export const BENCHMARK_OPENERS = {
  nb201: (handle) => new Nb201TableBenchmark(handle.name, openNb201Table(handle.dataPath)) as Benchmark<unknown>,
  nb101: (handle) => loadNb101TableSync(handle.dataPath, handle.name) as Benchmark<unknown>,
  'nb301-yahpo': (handle) => loadNb301Yahpo(handle.dataPath, handle.name) as Benchmark<unknown>,
  'nb301-xgb': (handle) => loadNb301Xgb(handle.dataPath, handle.name) as Benchmark<unknown>,
  live: (handle, opening) => loadLiveBenchmark(handle.name, handle.dataPath, handle.cachePath, opening.openLiveResultCache) as Benchmark<unknown>,
} as const satisfies Record<string, Opener>;

export type OpenableKind = keyof typeof BENCHMARK_OPENERS;

export function loadBenchmark(handle: BenchmarkLocation, opening: BenchmarkOpening = {}): Benchmark<unknown> {
  if (!Object.hasOwn(BENCHMARK_OPENERS, handle.kind)) {
    throw new Error(`benchmark ${handle.name} has kind "${handle.kind}", which this archwalk cannot open (known: ${Object.keys(BENCHMARK_OPENERS).join(', ')})`);
  }
  return BENCHMARK_OPENERS[handle.kind as OpenableKind](handle, opening);
}
