/**
 * Every cell of a table benchmark with its validation and test accuracy (the mean over training
 * repeats), in the table's own order: what the transfer statistics, the content checksum and the
 * landscape analyses read.
 */
import { Nb101TableBenchmark } from './nb101/table-benchmark.ts';
import { Nb201TableBenchmark } from './nb201/table.ts';
import type { Benchmark } from './types.ts';
import { Rng } from '../rng.ts';
import { nb201FromIndex, NB201_SIZE, formatNb201 } from '../spaces/nb201/space.ts';
import type { CellValues } from '../transfer.ts';

export interface TableCells extends CellValues {
  hashes: string[];
  valid: Float64Array;
  test: Float64Array;
}

/** The cells of a table benchmark; null for surrogates and live benchmarks (no finite table). */
export function tableCells(benchmark: Benchmark<unknown>): TableCells | null {
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
