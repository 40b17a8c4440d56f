/**
 * Importing and listing benchmarks. An import validates the whole source file first,
 * then writes the data file atomically and registers it in one step, so a bad file
 * changes nothing: no data file, no registry row.
 *
 * importBenchmark is the single entry for every kind; it dispatches to the kind's
 * importer. It is synchronous (its callers do not await it); the NB101 import of the
 * full 500 MB file takes tens of seconds, so hosts with a UI should move it off their
 * main thread.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { importNb101TfRecord, type ImportProgress } from '../nas/benchmarks/nb101/import.ts';
import { parseNb201Csv, Nb201TableBenchmark } from '../nas/benchmarks/nb201/table.ts';
import { importNb301Xgb, importNb301Yahpo } from '../nas/benchmarks/nb301/index.ts';
import { IMPORTABLE_KINDS, type ImportableKind } from '../shared/benchmark-kinds.ts';
import type { BenchmarkHandle } from '../shared/worker-protocol.ts';
import type { HomeLayout } from './home.ts';
import type { BenchmarkRow, Store } from './store.ts';
import { writeFileAtomic } from '../nas/io/atomic-file.ts';
import { createLiveBenchmarkFile } from '../nas/live/live-benchmark.ts';
import { enumerateNb101 } from '../nas/spaces/nb101/enumerate.ts';
import { NB101_MAX_VERTICES, NB101_SIZE } from '../nas/spaces/nb101/ops.ts';

export { IMPORTABLE_KINDS, type ImportableKind } from '../shared/benchmark-kinds.ts';

export class UserError extends Error {
  override name = 'UserError';
}

/** What a long import reports as it goes (NB101: bytes of the source read, rows, cells). */
export type BenchmarkImportProgress = ImportProgress;

export interface ImportRequest {
  kind: string;
  path: string;
  name: string;
}

export interface ImportHooks {
  onProgress?: (progress: BenchmarkImportProgress) => void;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

type NewBenchmark = Omit<BenchmarkRow, 'id' | 'created_at' | 'name' | 'kind' | 'source_path'>;

/** Kinds whose source is a folder rather than a file. */
const FOLDER_SOURCES: readonly string[] = ['nb301-xgb'];

export async function importBenchmark(store: Store, home: HomeLayout, request: ImportRequest, hooks: ImportHooks = {}): Promise<BenchmarkRow> {
  const { kind, name } = request;
  if (!(IMPORTABLE_KINDS as readonly string[]).includes(kind)) {
    throw new UserError(`cannot import benchmark kind "${kind}"; importable kinds: ${IMPORTABLE_KINDS.join(', ')}`);
  }
  if (!NAME_PATTERN.test(name)) {
    throw new UserError(`benchmark name "${name}" is not allowed: use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  if (store.getBenchmark(name)) throw new UserError(`a benchmark named "${name}" is already registered; choose another name`);
  const source = resolve(request.path);
  if (!existsSync(source)) throw new UserError(`cannot import ${source}: no such file`);
  const folder = FOLDER_SOURCES.includes(kind);
  if (folder ? !statSync(source).isDirectory() : !statSync(source).isFile()) {
    throw new UserError(`cannot import ${source}: ${kind} imports from ${folder ? 'a folder' : 'a regular file'}`);
  }
  const imported = await IMPORTERS[kind as ImportableKind](home, source, name, hooks);
  try {
    return store.insertBenchmark({ name, kind, source_path: source, ...imported });
  } catch (error) {
    rmSync(imported.data_path, { force: true, recursive: true });
    throw error;
  }
}

/** The source's own path prefix is dropped from a library error: the message already names the file. */
function refusal(source: string, error: unknown): UserError {
  let message = (error as Error).message ?? String(error);
  if (message.startsWith(`${source}: `)) message = message.slice(source.length + 2);
  return new UserError(`cannot import ${source}: ${message}. Nothing was imported.`);
}

function importNb201(home: HomeLayout, source: string, name: string): NewBenchmark {
  const bytes = readFileSync(source);
  let table;
  try {
    table = parseNb201Csv(bytes.toString('utf8'));
  } catch (error) {
    throw refusal(source, error);
  }
  const benchmark = new Nb201TableBenchmark(name, table);
  const best = benchmark.best();
  const dataPath = join(home.benchmarks, `${name}.nb201.json`);
  writeFileAtomic(dataPath, JSON.stringify(table));
  return {
    space: 'nb201',
    size: benchmark.size,
    source_sha256: sha256(bytes),
    data_path: dataPath,
    best_valid: best.valid,
    best_test: best.test,
  };
}

/** Streams the official .tfrecord once: CRCs, hashes, SHA-256 and the compact table in one pass. */
async function importNb101(home: HomeLayout, source: string, name: string, hooks: ImportHooks): Promise<NewBenchmark> {
  const dataPath = join(home.benchmarks, `${name}.nb101`);
  let summary;
  try {
    // Streamed asynchronously, so the app and `archwalk serve` keep answering during a long import.
    summary = await importNb101TfRecord(source, dataPath, hooks.onProgress);
  } catch (error) {
    // The importer writes temp + rename only after the whole file passed; make sure anyway.
    rmSync(dataPath, { force: true });
    throw refusal(source, error);
  }
  return {
    space: 'nb101',
    size: summary.models,
    source_sha256: summary.sourceSha256,
    data_path: dataPath,
    best_valid: summary.best.valid,
    best_test: summary.best.test,
  };
}

/** Every DARTS genotype: per cell, inputs C(2,2)·C(3,2)·C(4,2)·C(5,2) = 180 ways × 7^8 operations, squared. */
const NB301_SPACE_SIZE = (180 * 7 ** 8) ** 2;

async function importYahpo(home: HomeLayout, source: string, name: string): Promise<NewBenchmark> {
  const encoding = join(dirname(source), 'encoding.json');
  if (!existsSync(encoding)) throw new UserError(`cannot import ${source}: YAHPO's encoding.json must lie beside the model (looked for ${encoding}). Nothing was imported.`);
  const dir = join(home.benchmarks, `${name}.nb301-yahpo`);
  let summary;
  try {
    summary = await importNb301Yahpo(source, encoding, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw refusal(source, error);
  }
  return { space: 'nb301', size: NB301_SPACE_SIZE, source_sha256: summary.manifest.sha256, data_path: summary.dir, best_valid: null, best_test: null };
}

async function importXgb(home: HomeLayout, source: string, name: string): Promise<NewBenchmark> {
  const dir = join(home.benchmarks, `${name}.nb301-xgb`);
  let imported;
  try {
    imported = importNb301Xgb(source, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw refusal(source, error);
  }
  return { space: 'nb301', size: NB301_SPACE_SIZE, source_sha256: folderSha256(source), data_path: imported.dir, best_valid: null, best_test: null };
}

/** A folder's checksum: SHA-256 over "name sha256" lines of its files, in name order. */
function folderSha256(dir: string): string {
  const lines = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort()
    .map((file) => `${file} ${sha256(readFileSync(join(dir, file)))}`);
  return sha256(lines.join('\n'));
}

/** A live benchmark: the definition is checked and its data read once (fingerprint); nothing is trained yet. */
function importLive(home: HomeLayout, source: string, name: string): NewBenchmark {
  let file;
  try {
    file = createLiveBenchmarkFile(source);
  } catch (error) {
    throw refusal(source, error);
  }
  const dataPath = join(home.benchmarks, `${name}.live.json`);
  writeFileAtomic(dataPath, JSON.stringify(file, null, 2) + '\n');
  const size = file.maxVertices === NB101_MAX_VERTICES ? NB101_SIZE : enumerateNb101({ maxVertices: file.maxVertices, hashes: true }).total;
  return { space: 'nb101', size, source_sha256: sha256(readFileSync(source)), data_path: dataPath, best_valid: null, best_test: null };
}

type Importer = (home: HomeLayout, source: string, name: string, hooks: ImportHooks) => NewBenchmark | Promise<NewBenchmark>;

const IMPORTERS: Record<ImportableKind, Importer> = {
  nb201: (home, source, name) => importNb201(home, source, name),
  nb101: importNb101,
  'nb301-yahpo': (home, source, name) => importYahpo(home, source, name),
  'nb301-xgb': (home, source, name) => importXgb(home, source, name),
  live: (home, source, name) => importLive(home, source, name),
};

export function benchmarkHandle(row: BenchmarkRow, cachePath?: string): BenchmarkHandle {
  return { name: row.name, kind: row.kind, dataPath: row.data_path, ...(cachePath !== undefined ? { cachePath } : {}) };
}
