/**
 * Opens a registered benchmark's data file by kind. The run process calls this; it
 * never touches the store.
 */
import type { BenchmarkHandle } from '#shared/worker-protocol.ts';
import { loadNb101TableSync } from './nb101/table-benchmark.ts';
import { Nb201TableBenchmark } from './nb201/table.ts';
import { openNb201Table } from './nb201/table-file.ts';
import { loadNb301Xgb, loadNb301Yahpo } from './nb301/index.ts';
import type { Benchmark } from './types.ts';
import { loadLiveBenchmark } from '../live/live-benchmark.ts';

export const BENCHMARK_KINDS = ['nb201', 'nb101', 'nb301-yahpo', 'nb301-xgb', 'live'] as const;

/** Several benchmarks at once (an agent trained on several tables of one space; actor threads load them by this). */
export function loadBenchmarks(handles: BenchmarkHandle[]): Benchmark<unknown>[] {
  return handles.map(loadBenchmark);
}

export function loadBenchmark(handle: BenchmarkHandle): Benchmark<unknown> {
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
      return loadLiveBenchmark(handle.name, handle.dataPath, handle.cachePath) as Benchmark<unknown>;
    default:
      throw new Error(`benchmark ${handle.name} has kind "${handle.kind}", which this archwalk cannot open (known: ${BENCHMARK_KINDS.join(', ')})`);
  }
}
