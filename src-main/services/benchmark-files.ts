/**
 * Where an imported benchmark's data lives in the home: `benchmarks/NAME.SUFFIX`, one file
 * or folder per benchmark, the suffix naming its kind. An import writes it under a staging
 * name first (`NAME.SUFFIX.import-TOKEN`), and atomic writers add temporary siblings; the
 * start-up sweep recognises all of these by name and touches nothing else in the folder.
 */
import { join } from 'node:path';
import { BENCHMARK_KIND_SPECS, BENCHMARK_KINDS, type BenchmarkKind } from '#shared/benchmark-kinds.ts';
import type { HomeLayout } from './home.ts';

export function benchmarkDataPath(home: HomeLayout, name: string, kind: BenchmarkKind): string {
  return join(home.benchmarks, `${name}.${BENCHMARK_KIND_SPECS[kind].dataSuffix}`);
}

/** Shipped tables copied into a home (embedded.ts) have a suffix of their own. */
const SHIPPED_SUFFIXES = ['nb201'];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * Names archwalk writes in the benchmarks folder: a data path, optionally its staging name,
 * optionally a temporary file of an atomic write (writeFileAtomic's `.tmp-PID-…`, the NB101
 * writer's `.PID-HEX.tmp`).
 */
const ARCHWALK_ENTRY = new RegExp(
  `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\.(?:${[...BENCHMARK_KINDS.map((kind) => BENCHMARK_KIND_SPECS[kind].dataSuffix), ...SHIPPED_SUFFIXES].map(escape).join('|')})(?:\\.import-[0-9a-f]+)?(?:\\.tmp-[0-9a-z-]+|\\.[0-9]+-[0-9a-f]+\\.tmp)?$`,
);

export function isArchwalkBenchmarkEntry(entry: string): boolean {
  return ARCHWALK_ENTRY.test(entry);
}
