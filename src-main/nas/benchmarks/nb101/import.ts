/**
 * importNb101TfRecord: official NB101 .tfrecord → compact table file.
 *
 * Streams the source (constant memory apart from the growing table), verifies every
 * record CRC, checks each new cell's official hash against its own adjacency and ops
 * (catches a mislabelled or hand-edited file before it silently answers queries for the
 * wrong cell), and writes the table atomically: temp file + rename, nothing left behind
 * on error.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { hashGraph } from '../../spaces/nb101/hash.ts';
import { prunedProblem, prune } from '../../spaces/nb101/prune.ts';
import { parseNb101Row } from './rows.ts';
import { Nb101TableBuilder } from './table-builder.ts';
import { writeNb101Table } from './table-format.ts';
import { readTfRecords } from './tfrecord.ts';

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  records: number;
  models: number;
}

export interface ImportOptions {
  /** Recompute each new cell's official hash and compare (default true). */
  verifyHashes?: boolean;
  /** Minimum milliseconds between progress calls (default 200; the last call always comes). */
  progressIntervalMs?: number;
}

export interface ImportSummary {
  models: number;
  records: number;
  epochs: number[];
  repeats: number;
  bytes: number;
}

export async function importNb101TfRecord(
  srcPath: string,
  destPath: string,
  onProgress?: (p: ImportProgress) => void,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const verify = options.verifyHashes ?? true;
  const interval = options.progressIntervalMs ?? 200;
  const totalBytes = (await stat(srcPath)).size;
  const builder = new Nb101TableBuilder();
  let bytesRead = 0;
  let lastReport = 0;
  const report = (force: boolean): void => {
    const now = Date.now();
    if (!onProgress || (!force && now - lastReport < interval)) return;
    lastReport = now;
    onProgress({ bytesRead, totalBytes, records: builder.rows, models: builder.models });
  };
  for await (const record of readTfRecords(srcPath, { onBytes: (b) => (bytesRead = b) })) {
    const where = `${srcPath}: record at byte ${record.offset}`;
    const row = parseNb101Row(record.data, where);
    const fresh = builder.add(row);
    if (fresh && verify) {
      const p = prune(row.graph);
      const problem = prunedProblem(p);
      if (problem !== null || p === null) throw new Error(`${where}: cell ${row.hash} is outside the NB101 space: ${problem}`);
      if (p.n !== row.graph.n) throw new Error(`${where}: cell ${row.hash} is stored unpruned; official files store pruned cells`);
      const h = hashGraph(p);
      if (h !== row.hash) throw new Error(`${where}: the row says hash ${row.hash} but its adjacency and ops hash to ${h}`);
    }
    report(false);
  }
  if (builder.rows === 0) throw new Error(`${srcPath} holds no records; is it an NB101 .tfrecord file?`);
  const table = builder.finish({ file: basename(srcPath), bytes: totalBytes, records: builder.rows });
  await writeNb101Table(table, destPath);
  report(true);
  const { size } = await stat(destPath);
  return { models: table.count, records: builder.rows, epochs: table.epochs, repeats: table.repeats, bytes: size };
}
