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

export const BENCHMARK_KINDS = ['nb201', 'nb101', 'nb301-yahpo', 'nb301-xgb', 'live'] as const;

/** Several benchmarks at once (an agent trained on several tables of one space; actor threads load them by this). */
export function loadBenchmarks(handles: BenchmarkLocation[], opening: BenchmarkOpening = {}): Benchmark<unknown>[] {
  return handles.map((handle) => loadBenchmark(handle, opening));
}

export function loadBenchmark(handle: BenchmarkLocation, opening: BenchmarkOpening = {}): Benchmark<unknown> {
  switch (handle.kind) {
    case 'nb201':
      return new Nb201TableBenchmark(handle.name, openNb201Table(handle.dataPath)) as Benchmark<unknown>;
    case 'nb101':
      return loadNb101TableSync(handle.dataPath, handle.name) as Benchmark<unknown>;
    case 'nb301-yahpo':
      return loadNb301Yahpo(handle.dataPath, handle.name) as Benchmark<unknown>;
    case 'nb301-xgb':
      return loadNb301Xgb(handle.dataPath, handle.name) as Benchmark<unknown>;
    case 'live':
      return loadLiveBenchmark(handle.name, handle.dataPath, handle.cachePath, opening.openLiveResultCache) as Benchmark<unknown>;
    default:
      throw new Error(`benchmark ${handle.name} has kind "${handle.kind}", which this archwalk cannot open (known: ${BENCHMARK_KINDS.join(', ')})`);
  }
}
