/**
 * NAS-Bench-201 as a table: import from the CSV layout of NAS-Landscapes'
 * `cifar10_avg.csv` (arch_str, train/valid/test accuracy in percent, times), validate
 * every row, and answer queries from arrays indexed by the cell's base-5 index.
 */
import { readFileSync } from 'node:fs';
import type { Rng } from '../../rng.ts';
import { formatNb201, nb201FromIndex, nb201Index, NB201_SIZE, nb201Space, parseNb201, type Nb201Cell } from '../../spaces/nb201/space.ts';
import type { BestKnown, Metrics, TabularBenchmark } from '../types.ts';
import { checkAccuracyScale, readAccuracy, type AccuracyScale } from '../accuracy.ts';
import { fieldPlace, readCsvHeader, requireDecimal, splitCsvLine } from '../csv.ts';

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

const REQUIRED_COLUMNS = ['arch_str', 'valid-accuracy', 'test-accuracy'] as const;
const OPTIONAL_COLUMNS = ['train-accuracy', 'train-all-time'] as const;

/** An accuracy field, strict decimal at the table's scale, as a fraction; errors name line, column and field. */
function parseAccuracy(fields: readonly string[], column: number, name: string, lineNo: number, scale: AccuracyScale): number {
  return readAccuracy(fields[column], fieldPlace(lineNo, column, name), scale);
}

/**
 * Parse and validate a whole CSV; throws naming the line (and column) and problem. Column
 * names must be unique, numbers decimal, accuracies percentages unless `scale` says fractions.
 */
export function parseNb201Csv(text: string, dataset = 'cifar10-valid', options: { scale?: AccuracyScale | undefined } = {}): Nb201Table {
  const scale = options.scale ?? 'percent';
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new Nb201ImportError('the file is empty');
  const header = readCsvHeader(lines[0]!).names;
  const col = (name: string): number => header.indexOf(name);
  for (const name of REQUIRED_COLUMNS) {
    if (col(name) < 0) {
      throw new Nb201ImportError(`line 1: the header has no "${name}" column; expected the NAS-Bench-201 CSV layout with columns ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(', ')}`);
    }
  }
  const table: Nb201Table = {
    format: NB201_TABLE_FORMAT,
    version: NB201_TABLE_VERSION,
    dataset,
    valid: new Array<number>(NB201_SIZE).fill(Number.NaN),
    test: new Array<number>(NB201_SIZE).fill(Number.NaN),
    train: new Array<number>(NB201_SIZE).fill(Number.NaN),
    trainSeconds: new Array<number>(NB201_SIZE).fill(Number.NaN),
  };
  const seenOnLine = new Int32Array(NB201_SIZE);
  const archCol = col('arch_str');
  const trainCol = col('train-accuracy');
  const timeCol = col('train-all-time');
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const fields = splitCsvLine(lines[i]!);
    if (fields.length !== header.length) {
      throw new Nb201ImportError(`line ${lineNo}: expected ${header.length} fields like the header, found ${fields.length} (is the file truncated?)`);
    }
    let cell: Nb201Cell;
    try {
      cell = parseNb201(fields[archCol]!);
    } catch (error) {
      throw new Nb201ImportError(`line ${lineNo}: ${(error as Error).message}`);
    }
    const index = nb201Index(cell);
    if (seenOnLine[index] !== 0) {
      throw new Nb201ImportError(`line ${lineNo}: architecture ${formatNb201(cell)} already appeared on line ${seenOnLine[index]}`);
    }
    seenOnLine[index] = lineNo;
    table.valid[index] = parseAccuracy(fields, col('valid-accuracy'), 'valid-accuracy', lineNo, scale);
    table.test[index] = parseAccuracy(fields, col('test-accuracy'), 'test-accuracy', lineNo, scale);
    if (trainCol >= 0) table.train[index] = parseAccuracy(fields, trainCol, 'train-accuracy', lineNo, scale);
    if (timeCol >= 0) {
      const place = fieldPlace(lineNo, timeCol, 'train-all-time');
      const seconds = requireDecimal(fields[timeCol], place);
      if (seconds < 0) throw new Nb201ImportError(`${place}: ${seconds} is negative; training times are seconds`);
      table.trainSeconds[index] = seconds;
    }
  }
  const rows = lines.length - 1;
  if (rows !== NB201_SIZE) {
    const missing = seenOnLine.findIndex((line) => line === 0);
    throw new Nb201ImportError(
      `the file has ${rows} architectures; NAS-Bench-201 has ${NB201_SIZE}` + (missing >= 0 ? ` (missing e.g. ${formatNb201(nb201FromIndex(missing))}; is the file truncated?)` : ''),
    );
  }
  checkAccuracyScale(Math.max(...table.valid.filter((v) => !Number.isNaN(v))), scale, 'valid-accuracy');
  return table;
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
