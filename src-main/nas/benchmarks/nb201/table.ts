/**
 * NAS-Bench-201 as a table: metrics in arrays indexed by the cell's base-5 index, and the
 * benchmark that answers queries from them. The CSV layouts are read by landscapes.ts and
 * multi-dataset.ts (source.ts picks one); tables are stored by table-file.ts.
 */
import { readFileSync } from 'node:fs';
import type { Rng } from '../../rng.ts';
import { formatNb201, nb201FromIndex, nb201Index, NB201_SIZE, nb201Space, type Nb201Cell } from '../../spaces/nb201/space.ts';
import type { BestKnown, Metrics, TabularBenchmark } from '../types.ts';

export const NB201_TABLE_FORMAT = 'archwalk-nb201-table';
export const NB201_TABLE_VERSION = 1;

/** Metrics per cell, indexed by nb201Index; accuracies as fractions, NaN where absent. */
export interface Nb201Table {
  format: typeof NB201_TABLE_FORMAT;
  version: number;
  /** The NB201 API's name of the dataset (see datasets.ts); null when the source does not say. */
  dataset: string | null;
  /** Training epochs of the results; null or absent when the source does not say. */
  epochs?: number | null;
  valid: number[];
  test: number[];
  train: number[];
  trainSeconds: number[];
}

export class Nb201ImportError extends Error {
  override name = 'Nb201ImportError';
}

function checkTable(value: unknown, path: string): Nb201Table {
  const table = value as Partial<Nb201Table> | null;
  if (!table || table.format !== NB201_TABLE_FORMAT) throw new Error(`${path} is not an archwalk NAS-Bench-201 table`);
  if (table.version !== NB201_TABLE_VERSION) throw new Error(`${path} has table version ${table.version}; this archwalk reads version ${NB201_TABLE_VERSION}`);
  for (const key of ['valid', 'test', 'train', 'trainSeconds'] as const) {
    if (!Array.isArray(table[key]) || table[key]!.length !== NB201_SIZE) throw new Error(`${path} is damaged: ${key} does not hold ${NB201_SIZE} values; import the benchmark again`);
  }
  return table as Nb201Table;
}

export function loadNb201Table(path: string): Nb201Table {
  let parsed: unknown;
  try {
    // JSON stores NaN as null; map it back in the value arrays (elements have index keys), not in dataset or epochs.
    parsed = JSON.parse(readFileSync(path, 'utf8'), (key, v: unknown) => (v === null && /^\d+$/.test(key) ? Number.NaN : v));
  } catch (error) {
    throw new Error(`cannot read the NAS-Bench-201 table ${path}: ${(error as Error).message}`);
  }
  return checkTable(parsed, path);
}

export class Nb201TableBenchmark implements TabularBenchmark<Nb201Cell> {
  readonly space = nb201Space;
  readonly size = NB201_SIZE;
  private readonly table: Nb201Table;
  readonly name: string;

  constructor(name: string, table: Nb201Table) {
    this.name = name;
    this.table = table;
  }

  query(cell: Nb201Cell): Metrics {
    const index = nb201Index(cell);
    const valid = this.table.valid[index];
    if (valid === undefined || Number.isNaN(valid)) throw new Error(`${this.name} has no record of ${formatNb201(cell)}`);
    const trainSeconds = this.table.trainSeconds[index]!;
    const metrics: Metrics = { valid, test: this.table.test[index]!, cost: Number.isNaN(trainSeconds) ? 0 : trainSeconds };
    const train = this.table.train[index]!;
    if (!Number.isNaN(train)) metrics.train = train;
    if (!Number.isNaN(trainSeconds)) metrics.trainSeconds = trainSeconds;
    return metrics;
  }

  sample(rng: Rng): Nb201Cell {
    return nb201FromIndex(rng.int(NB201_SIZE));
  }

  /** The cell with the highest validation accuracy (ties: lowest index). */
  best(): BestKnown<Nb201Cell> {
    let bestIndex = 0;
    for (let i = 1; i < NB201_SIZE; i++) if (this.table.valid[i]! > this.table.valid[bestIndex]!) bestIndex = i;
    const arch = nb201FromIndex(bestIndex);
    return { arch, hash: formatNb201(arch), valid: this.table.valid[bestIndex]!, test: this.table.test[bestIndex]! };
  }

  /** Highest test accuracy of any cell: the oracle optimum for regret. */
  bestTest(): number {
    return Math.max(...this.table.test.filter((t) => !Number.isNaN(t)));
  }
}
