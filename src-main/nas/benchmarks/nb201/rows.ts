/**
 * The row walk every NAS-Bench-201 CSV layout shares: a header naming its columns, then one
 * row per cell keyed by an arch string. Checked here once for all layouts: the header has
 * unique names and the layout's columns, every row has as many fields as the header, every arch string is an
 * NB201 cell, no cell appears twice and all 15,625 appear. Errors name the line.
 */
import { formatNb201, nb201FromIndex, nb201Index, NB201_SIZE, parseNb201, type Nb201Cell } from '../../spaces/nb201/space.ts';
import { readCsvHeader, splitCsvLine } from '../csv.ts';
import { Nb201ImportError, NB201_TABLE_FORMAT, NB201_TABLE_VERSION, type Nb201Table } from './table.ts';

export interface Nb201CsvLayout {
  /** What the layout is called in errors, e.g. "the multi-dataset NAS-Bench-201 layout". */
  label: string;
  archColumn: string;
  /** Columns the layout must have besides the arch column. */
  required: readonly string[];
}

/** A parsed CSV before its rows are read: the header's column names and the data lines. */
export interface Nb201Csv {
  header: string[];
  /** Data lines; line i is file line i + 2. */
  lines: string[];
}

export function splitNb201Csv(text: string): Nb201Csv {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new Nb201ImportError('the file is empty');
  return { header: [...readCsvHeader(lines[0]!).names], lines: lines.slice(1) };
}

/** Index of every column the layout needs; a missing one is refused, naming the layout's columns. */
export function requireColumns(csv: Nb201Csv, layout: Nb201CsvLayout): Map<string, number> {
  const columns = new Map<string, number>();
  for (const name of [layout.archColumn, ...layout.required]) {
    const index = csv.header.indexOf(name);
    if (index < 0) {
      throw new Nb201ImportError(`line 1: the header has no "${name}" column; ${layout.label} has columns ${[layout.archColumn, ...layout.required].join(', ')}`);
    }
    columns.set(name, index);
  }
  return columns;
}

/**
 * Calls `visit` with each row's cell index (nb201Index), fields and file line number, after
 * the checks above; throws Nb201ImportError at the first problem.
 */
export function forEachNb201Row(csv: Nb201Csv, archColumn: number, visit: (index: number, fields: string[], lineNo: number) => void): void {
  const seenOnLine = new Int32Array(NB201_SIZE);
  csv.lines.forEach((line, i) => {
    const lineNo = i + 2;
    const fields = splitCsvLine(line);
    if (fields.length !== csv.header.length) {
      throw new Nb201ImportError(`line ${lineNo}: expected ${csv.header.length} fields like the header, found ${fields.length} (is the file truncated?)`);
    }
    let cell: Nb201Cell;
    try {
      cell = parseNb201(fields[archColumn]!);
    } catch (error) {
      throw new Nb201ImportError(`line ${lineNo}: ${(error as Error).message}`);
    }
    const index = nb201Index(cell);
    if (seenOnLine[index] !== 0) {
      throw new Nb201ImportError(`line ${lineNo}: architecture ${formatNb201(cell)} already appeared on line ${seenOnLine[index]}`);
    }
    seenOnLine[index] = lineNo;
    visit(index, fields, lineNo);
  });
  if (csv.lines.length !== NB201_SIZE) {
    const missing = seenOnLine.findIndex((line) => line === 0);
    throw new Nb201ImportError(
      `the file has ${csv.lines.length} architectures; NAS-Bench-201 has ${NB201_SIZE}` + (missing >= 0 ? ` (missing e.g. ${formatNb201(nb201FromIndex(missing))}; is the file truncated?)` : ''),
    );
  }
}

/** A table with no results yet (NaN everywhere) for the given dataset. */
export function emptyNb201Table(dataset: string | null, epochs: number | null): Nb201Table {
  const column = (): number[] => new Array<number>(NB201_SIZE).fill(Number.NaN);
  return { format: NB201_TABLE_FORMAT, version: NB201_TABLE_VERSION, dataset, epochs, valid: column(), test: column(), train: column(), trainSeconds: column() };
}
