/**
 * importNb101TfRecord: official NB101 .tfrecord → compact table file.
 *
 * Streams the source (constant memory apart from the growing table), verifies every
 * record CRC, checks each new cell's official hash against its own adjacency and ops
 * (catches a mislabelled or hand-edited file before it silently answers queries for the
 * wrong cell), takes the source's SHA-256 in the same pass (the file is read once), and
 * writes the table atomically: temp file + rename, nothing left behind on error.
 *
 * Two entry points over one core: the async one for callers that can await, the sync one
 * for callers that cannot (the benchmark registry's import is synchronous).
 */
import { createHash, type Hash } from 'node:crypto';
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Nb101Cell } from '../../spaces/nb101/matrix.ts';
import { hashGraph } from '../../spaces/nb101/hash.ts';
import { prunedProblem, prune } from '../../spaces/nb101/prune.ts';
import type { BestKnown } from '../types.ts';
import { parseNb101Row } from './rows.ts';
import { Nb101TableBenchmark } from './table-benchmark.ts';
import { Nb101TableBuilder } from './table-builder.ts';
import { digestHex } from './table-keys.ts';
import { writeNb101Table, writeNb101TableSync, type Nb101Table } from './table-format.ts';
import { readTfRecords, readTfRecordsSync, type ReadOptions, type TfRecord } from './tfrecord.ts';

export interface ImportProgress {
  /** Bytes of the source processed so far (whole records). */
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
  /** Size of the written table file. */
  bytes: number;
  /** SHA-256 (hex) of the source file, taken while reading it. */
  sourceSha256: string;
  /** Best mean validation accuracy at the default budget (108 epochs when imported), with its mean test accuracy. */
  best: BestKnown<Nb101Cell>;
}

/** Everything one import pass holds: the builder, the source checksum, progress. */
class ImportPass {
  readonly builder = new Nb101TableBuilder();
  private readonly sha: Hash = createHash('sha256');
  private readonly srcPath: string;
  private readonly totalBytes: number;
  private readonly verify: boolean;
  private readonly interval: number;
  private readonly onProgress: ((p: ImportProgress) => void) | undefined;
  private bytesRead = 0;
  private lastReport = 0;

  constructor(srcPath: string, totalBytes: number, onProgress: ((p: ImportProgress) => void) | undefined, options: ImportOptions) {
    this.srcPath = srcPath;
    this.totalBytes = totalBytes;
    this.onProgress = onProgress;
    this.verify = options.verifyHashes ?? true;
    this.interval = options.progressIntervalMs ?? 200;
  }

  get readOptions(): ReadOptions {
    return { onChunk: (bytes) => this.sha.update(bytes) };
  }

  add(record: TfRecord): void {
    // Progress counts bytes of records processed, not read ahead, so it agrees with the row count.
    this.bytesRead = record.offset + record.data.length + 16;
    const where = `${this.srcPath}: record at byte ${record.offset}`;
    const row = parseNb101Row(record.data, where);
    const fresh = this.builder.add(row);
    if (fresh && this.verify) {
      const p = prune(row.graph);
      const problem = prunedProblem(p);
      if (problem !== null || p === null) throw new Error(`${where}: cell ${row.hash} is outside the NB101 space: ${problem}`);
      if (p.n !== row.graph.n) throw new Error(`${where}: cell ${row.hash} is stored unpruned; official files store pruned cells`);
      const h = hashGraph(p);
      if (h !== row.hash) throw new Error(`${where}: the row says hash ${row.hash} but its adjacency and ops hash to ${h}`);
    }
    this.report(false);
  }

  report(force: boolean): void {
    const now = Date.now();
    if (!this.onProgress || (!force && now - this.lastReport < this.interval)) return;
    this.lastReport = now;
    this.onProgress({ bytesRead: this.bytesRead, totalBytes: this.totalBytes, records: this.builder.rows, models: this.builder.models });
  }

  finish(): { table: Nb101Table; sourceSha256: string } {
    const builder = this.builder;
    if (builder.rows === 0) throw new Error(`${this.srcPath} holds no records; is it an NB101 .tfrecord file?`);
    const table = builder.finish({ file: basename(this.srcPath), bytes: this.totalBytes, records: builder.rows });
    checkOfficialLayout(table, this.srcPath);
    return { table, sourceSha256: this.sha.digest('hex') };
  }

  summary(table: Nb101Table, sourceSha256: string, bytes: number): ImportSummary {
    const best = new Nb101TableBenchmark(table).best();
    return { models: table.count, records: this.builder.rows, epochs: table.epochs, repeats: table.repeats, bytes, sourceSha256, best };
  }
}

/** Training repeats per model and epoch budget in the official files. */
export const NB101_OFFICIAL_REPEATS = 3;
/** The epoch budgets of nasbench_only108.tfrecord and of nasbench_full.tfrecord. */
const OFFICIAL_EPOCH_SETS: readonly (readonly number[])[] = [[108], [4, 12, 36, 108]];

/**
 * The official files evaluate every model at every budget of the file, exactly
 * NB101_OFFICIAL_REPEATS times. A file with 6 repeats (rows doubled) or a missing one is
 * not the official data: its means would silently differ from the published ones.
 */
function checkOfficialLayout(table: Nb101Table, srcPath: string): void {
  if (!OFFICIAL_EPOCH_SETS.some((set) => set.length === table.epochs.length && set.every((e, i) => e === table.epochs[i]))) {
    throw new Error(`${srcPath} has epoch budgets ${table.epochs.join(', ')}; the official NAS-Bench-101 files have 108 (nasbench_only108) or 4, 12, 36, 108 (nasbench_full)`);
  }
  const budgets = table.epochs.length;
  let first = -1;
  let wrong = 0;
  table.repeatCounts.forEach((n, i) => {
    if (n === NB101_OFFICIAL_REPEATS) return;
    wrong++;
    if (first < 0) first = i;
  });
  if (first < 0) return;
  const model = Math.floor(first / budgets);
  throw new Error(
    `${srcPath}: model ${digestHex(table.hashes, 16 * model)} has ${table.repeatCounts[first]} training repeats at ${table.epochs[first % budgets]} epochs; ` +
      `the official NAS-Bench-101 files hold exactly ${NB101_OFFICIAL_REPEATS} per model and epoch budget (${wrong.toLocaleString('en-US')} of ${table.repeatCounts.length.toLocaleString('en-US')} differ)`,
  );
}

export async function importNb101TfRecord(
  srcPath: string,
  destPath: string,
  onProgress?: (p: ImportProgress) => void,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const pass = new ImportPass(srcPath, (await stat(srcPath)).size, onProgress, options);
  for await (const record of readTfRecords(srcPath, pass.readOptions)) pass.add(record);
  const { table, sourceSha256 } = pass.finish();
  const summary = pass.summary(table, sourceSha256, 0);
  await writeNb101Table(table, destPath);
  pass.report(true);
  return { ...summary, bytes: (await stat(destPath)).size };
}

/** importNb101TfRecord without awaiting: blocks its thread for the whole import. */
export function importNb101TfRecordSync(
  srcPath: string,
  destPath: string,
  onProgress?: (p: ImportProgress) => void,
  options: ImportOptions = {},
): ImportSummary {
  const pass = new ImportPass(srcPath, statSync(srcPath).size, onProgress, options);
  for (const record of readTfRecordsSync(srcPath, pass.readOptions)) pass.add(record);
  const { table, sourceSha256 } = pass.finish();
  const summary = pass.summary(table, sourceSha256, 0);
  writeNb101TableSync(table, destPath);
  pass.report(true);
  return { ...summary, bytes: statSync(destPath).size };
}
