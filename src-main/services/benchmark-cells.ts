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
import { Nb101TableBenchmark } from '../nas/benchmarks/nb101/table-benchmark.ts';
import { Nb201TableBenchmark } from '../nas/benchmarks/nb201/table.ts';
import { Rng } from '../nas/rng.ts';
import { nb201FromIndex, NB201_SIZE, formatNb201 } from '../nas/spaces/nb201/space.ts';
import type { CellValues } from '../nas/transfer.ts';
import { benchmarkHandle, sha256 } from './benchmark-registry.ts';
import type { BenchmarkRow } from './store.ts';

export interface TableCells extends CellValues {
  hashes: string[];
  valid: Float64Array;
  test: Float64Array;
}

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
  const benchmark = loadBenchmark(benchmarkHandle(row));
  const rng = new Rng(0);
  if (benchmark instanceof Nb201TableBenchmark) {
    const hashes: string[] = [];
    const valid: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < NB201_SIZE; i++) {
      const cell = nb201FromIndex(i);
      let metrics;
      try {
        metrics = benchmark.query(cell);
      } catch {
        continue; // a cell the table does not hold
      }
      hashes.push(formatNb201(cell));
      valid.push(metrics.valid);
      test.push(metrics.test);
    }
    return { hashes, valid: Float64Array.from(valid), test: Float64Array.from(test) };
  }
  if (benchmark instanceof Nb101TableBenchmark) {
    const n = benchmark.size;
    const cells: TableCells = { hashes: new Array<string>(n), valid: new Float64Array(n), test: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      const hash = benchmark.hashAt(i);
      cells.hashes[i] = hash;
      try {
        const m = benchmark.queryHash(hash, { rng, repeat: 'mean' });
        cells.valid[i] = m.valid;
        cells.test[i] = m.test;
      } catch {
        cells.valid[i] = Number.NaN;
        cells.test[i] = Number.NaN;
      }
    }
    return cells;
  }
  return null;
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

/** All cells of a table benchmark with their (mean) validation accuracy; null where the benchmark is no table. */
export function benchmarkCells(row: BenchmarkRow): TableCells | null {
  return entryFor(row).cells;
}
