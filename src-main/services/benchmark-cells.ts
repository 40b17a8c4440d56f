/**
 * Every cell of a registered table with its validation accuracy, and the checksum of a
 * benchmark's content. The checksum is what decides whether an agent's search is in-sample:
 * two registrations of the same table (under two names) share it; one dataset of a
 * multi-dataset source file does not share it with another dataset of that file.
 *
 * Both are computed from the values the benchmark serves, so they do not depend on how the
 * data file is laid out. Tables are read once per process per data file (keyed by path,
 * size and modification time).
 */
import { statSync } from 'node:fs';
import { loadBenchmark } from '../nas/benchmarks/load.ts';
import { tableCells, type TableCells } from '../nas/benchmarks/table-cells.ts';
import { benchmarkHandle, sha256 } from './benchmark-registry.ts';
import type { BenchmarkRow } from './store.ts';

export type { TableCells } from '../nas/benchmarks/table-cells.ts';

interface Entry {
  key: string;
  cells: TableCells | null;
  contentSha256: string;
}

const cache = new Map<string, Entry>();

function fileKey(row: BenchmarkRow): string {
  try {
    const s = statSync(row.data_path);
    return `${row.data_path}|${s.size}|${s.mtimeMs}|${row.source_sha256}`;
  } catch {
    return `${row.data_path}|missing|${row.source_sha256}`;
  }
}

/** The cells of a table benchmark in its own order; null for surrogates and live benchmarks (no finite table). */
function readCells(row: BenchmarkRow): TableCells | null {
  if (row.kind !== 'nb201' && row.kind !== 'nb101') return null;
  return tableCells(loadBenchmark(benchmarkHandle(row)));
}

function entryFor(row: BenchmarkRow): Entry {
  const key = fileKey(row);
  const hit = cache.get(row.data_path);
  if (hit && hit.key === key) return hit;
  const cells = readCells(row);
  let contentSha256: string;
  if (cells) {
    const lines = cells.hashes.map((hash, i) => `${hash} ${cells.valid[i]} ${cells.test[i]}`);
    contentSha256 = sha256(`${row.space}\n${lines.join('\n')}`);
  } else {
    // No finite table to read: the source file's checksum identifies the content.
    contentSha256 = sha256(`${row.kind}\n${row.source_sha256}`);
  }
  const entry = { key, cells, contentSha256 };
  cache.set(row.data_path, entry);
  return entry;
}

/** SHA-256 of what the benchmark serves: each cell's hash, validation and test accuracy (tables), or of its source. */
export function benchmarkContentSha256(row: BenchmarkRow): string {
  return entryFor(row).contentSha256;
}

/** Content checksums by benchmark name, each computed once (reading a table is the cost); null for a name `find` does not know. */
export function contentChecksumsByName(find: (name: string) => BenchmarkRow | undefined): (name: string) => string | null {
  const known = new Map<string, string | null>();
  return (name) => {
    if (!known.has(name)) {
      const row = find(name);
      known.set(name, row ? benchmarkContentSha256(row) : null);
    }
    return known.get(name)!;
  };
}

/** All cells of a table benchmark with their (mean) validation accuracy; null where the benchmark is no table. */
export function benchmarkCells(row: BenchmarkRow): TableCells | null {
  return entryFor(row).cells;
}
