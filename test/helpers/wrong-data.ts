/**
 * Wrong benchmark data made from the real files (issue 14, item 5): an NB201 table with edited
 * fields, the NB101 30-model TFRecord with its records rearranged, the YAHPO NB301 model with
 * flipped weight bytes. Shared by the import tests and test/bench/reliability-scenarios.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeTfRecord, readTfRecordsSync } from '../../src-main/nas/benchmarks/nb101/index.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { BENCHMARK_DATA, NB201_CSV } from './data.ts';

export const NB101_REAL30 = join(BENCHMARK_DATA, 'nb101', 'nb101_real30.tfrecord');
export const YAHPO_ONNX = join(BENCHMARK_DATA, 'nb301', 'new_model.onnx');
export const YAHPO_ENCODING = join(BENCHMARK_DATA, 'nb301', 'encoding.json');
export const NB201_ACCURACY_COLUMNS: ReadonlySet<string> = new Set(['train-accuracy', 'valid-accuracy', 'test-accuracy']);

/** The real NB201 table with each field passed through `edit(column name, field, row)` (row 0 is the header). */
export function editedNb201Csv(edit: (column: string, field: string, row: number) => string): string {
  const lines = readFileSync(NB201_CSV, 'utf8').split('\n');
  const header = lines[0]!.split(',');
  return lines.map((line, row) => (line === '' ? line : line.split(',').map((f, c) => edit(header[c]!, f, row)).join(','))).join('\n');
}

/** Writes the real 30-model NB101 file with its rows rearranged by `edit`, each framed as the official writer does. */
export function writeRewrittenNb101(path: string, edit: (rows: unknown[][]) => unknown[][]): string {
  const rows = [...readTfRecordsSync(NB101_REAL30)].map((r) => JSON.parse(Buffer.from(r.data).toString()) as unknown[]);
  writeFileSync(path, Buffer.concat(edit(rows).map((row) => encodeTfRecord(new TextEncoder().encode(JSON.stringify(row))))));
  return path;
}

/**
 * The YAHPO model with 50 bytes inverted at seeded offsets in its middle (the weights; the graph's
 * header and names stay readable). Seed 2 used to import: ~100 % for every architecture.
 */
export function flippedYahpoModel(seed: number): Uint8Array {
  const bytes = new Uint8Array(readFileSync(YAHPO_ONNX));
  const rng = new Rng(seed);
  for (let i = 0; i < 50; i++) bytes[200_000 + rng.int(bytes.length - 400_000)]! ^= 0xff;
  return bytes;
}
