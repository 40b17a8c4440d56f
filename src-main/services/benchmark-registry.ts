/**
 * Importing benchmarks. An import first reserves the name (benchmark-reservations.ts: a
 * second import of the same name is refused before it writes anything), validates the whole
 * source, writes the data under its own staging name, and then publishes and registers it in
 * one transaction. A bad file, a refusal or a failure removes only what this import wrote:
 * no data file, no registry row, no reservation.
 *
 * importBenchmark is the single entry for every kind; it dispatches to the kind's
 * importer. The NB101 and YAHPO importers are asynchronous (the 500 MB NB101 file streams
 * for tens of seconds, refreshing the reservation's heartbeat as it reports progress); the
 * others read their source synchronously.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { importNb101TfRecord, type ImportProgress } from '../nas/benchmarks/nb101/import.ts';
import { parseNb201Source } from '../nas/benchmarks/nb201/source.ts';
import { Nb201TableBenchmark } from '../nas/benchmarks/nb201/table.ts';
import { importNb301Xgb, importNb301Yahpo } from '../nas/benchmarks/nb301/index.ts';
import type { BenchmarkImportRequest } from '#shared/api.ts';
import { ACCURACY_SCALES, BENCHMARK_KIND_SPECS, IMPORTABLE_KINDS, type ImportableKind } from '#shared/benchmark-kinds.ts';
import type { BenchmarkHandle } from '#shared/worker-protocol.ts';
import { benchmarkDataPath } from './benchmark-files.ts';
import { abandonReservation, registerReserved, reservationHeartbeat, reserveBenchmarkName } from './benchmark-reservations.ts';
import type { HomeLayout } from './home.ts';
import type { BenchmarkRow, Store } from './store.ts';
import { UserError } from './user-error.ts';
import { writeFileAtomic } from '../nas/io/atomic-file.ts';
import { createLiveBenchmarkFile } from '../nas/live/live-benchmark.ts';
import { enumerateNb101 } from '../nas/spaces/nb101/enumerate.ts';
import { NB101_MAX_VERTICES, NB101_SIZE } from '../nas/spaces/nb101/ops.ts';

export { IMPORTABLE_KINDS, type ImportableKind } from '#shared/benchmark-kinds.ts';

/** What a long import reports as it goes (NB101: bytes of the source read, rows, cells). */
export type BenchmarkImportProgress = ImportProgress;

/** The Api's request, as the registry takes it. */
export type ImportRequest = BenchmarkImportRequest;

export interface ImportHooks {
  onProgress?: (progress: BenchmarkImportProgress) => void;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What an importer learns from its source (the kind's spec supplies the space). */
type NewBenchmark = Omit<BenchmarkRow, 'id' | 'created_at' | 'name' | 'kind' | 'space' | 'source_path' | 'data_path'>;

function isImportableKind(kind: string): kind is ImportableKind {
  return (IMPORTABLE_KINDS as readonly string[]).includes(kind);
}

export async function importBenchmark(store: Store, home: HomeLayout, request: ImportRequest, hooks: ImportHooks = {}): Promise<BenchmarkRow> {
  const { kind, name } = request;
  if (!isImportableKind(kind)) {
    throw new UserError(`cannot import benchmark kind "${kind}"; importable kinds: ${IMPORTABLE_KINDS.join(', ')}`);
  }
  if (!NAME_PATTERN.test(name)) {
    throw new UserError(`benchmark name "${name}" is not allowed: use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  checkImportOptions(request);
  const source = resolve(request.path);
  if (!existsSync(source)) throw new UserError(`cannot import ${source}: no such file`);
  const spec = BENCHMARK_KIND_SPECS[kind];
  const folder = spec.sourceIs === 'folder';
  if (folder ? !statSync(source).isDirectory() : !statSync(source).isFile()) {
    throw new UserError(`cannot import ${source}: ${kind} imports from ${folder ? 'a folder' : 'a regular file'}`);
  }
  const reservation = reserveBenchmarkName(store, name, kind, benchmarkDataPath(home, name, kind));
  const heartbeat = reservationHeartbeat(store, reservation);
  try {
    const imported = await IMPORTERS[kind](source, reservation.staging_path, request, {
      onProgress: (progress) => {
        heartbeat();
        hooks.onProgress?.(progress);
      },
    });
    return registerReserved(store, reservation, { source_path: source, space: spec.space, ...imported });
  } catch (error) {
    try {
      abandonReservation(store, reservation);
    } catch {
      // The store refused even that: the reservation goes stale and the start-up sweep clears it.
    }
    throw error;
  }
}

/** An option the kind does not take is refused rather than silently ignored. */
function checkImportOptions(request: ImportRequest): void {
  if (request.scale !== undefined) {
    if (!(ACCURACY_SCALES as readonly string[]).includes(request.scale)) throw new UserError(`the accuracy scale must be one of ${ACCURACY_SCALES.join(', ')}, not ${JSON.stringify(request.scale)}`);
    if (request.kind !== 'nb201') throw new UserError(`an accuracy scale applies to nb201 tables, not to ${request.kind} imports`);
  }
  if (request.unpinnedModel !== undefined && request.kind !== 'nb301-yahpo') throw new UserError(`accepting an unpinned model applies to nb301-yahpo imports, not to ${request.kind}`);
  if ((request.dataset !== undefined || request.epochs !== undefined) && request.kind !== 'nb201') {
    throw new UserError(`a dataset and epochs are given for nb201 tables; a ${request.kind} benchmark records what its source says`);
  }
  if (request.epochs !== undefined && !(Number.isInteger(request.epochs) && request.epochs >= 1 && request.epochs <= MAX_EPOCHS)) {
    throw new UserError(`the training epochs must be a whole number from 1 to ${MAX_EPOCHS}, not ${JSON.stringify(request.epochs)}`);
  }
}

/** The most training epochs a table may record (NB201 trains 1 to 200). */
const MAX_EPOCHS = 10_000;

/** The source's own path prefix is dropped from a library error: the message already names the file. */
function refusal(source: string, error: unknown): UserError {
  let message = (error as Error).message ?? String(error);
  if (message.startsWith(`${source}: `)) message = message.slice(source.length + 2);
  return new UserError(`cannot import ${source}: ${message}. Nothing was imported.`);
}

/** Either NB201 CSV layout (single- or multi-dataset), one dataset of it. */
function importNb201(source: string, dest: string, request: ImportRequest): NewBenchmark {
  const bytes = readFileSync(source);
  let table;
  try {
    table = parseNb201Source(bytes.toString('utf8'), { dataset: request.dataset, epochs: request.epochs, scale: request.scale });
  } catch (error) {
    throw refusal(source, error);
  }
  const benchmark = new Nb201TableBenchmark(request.name, table);
  const best = benchmark.best();
  writeFileAtomic(dest, JSON.stringify(table));
  return {
    dataset: table.dataset,
    epochs: table.epochs ?? null,
    size: benchmark.size,
    source_sha256: sha256(bytes),
    best_valid: best.valid,
    best_test: best.test,
  };
}

/** Streams the official .tfrecord once: CRCs, hashes, SHA-256 and the compact table in one pass. */
async function importNb101(source: string, dest: string, _request: ImportRequest, hooks: ImportHooks): Promise<NewBenchmark> {
  let summary;
  try {
    // Streamed asynchronously, so the app and `archwalk serve` keep answering during a long import.
    summary = await importNb101TfRecord(source, dest, hooks.onProgress);
  } catch (error) {
    throw refusal(source, error);
  }
  return {
    size: summary.models,
    source_sha256: summary.sourceSha256,
    best_valid: summary.best.valid,
    best_test: summary.best.test,
  };
}

/** Every DARTS genotype: per cell, inputs C(2,2)·C(3,2)·C(4,2)·C(5,2) = 180 ways × 7^8 operations, squared. */
const NB301_SPACE_SIZE = (180 * 7 ** 8) ** 2;

async function importYahpo(source: string, dest: string, request: ImportRequest): Promise<NewBenchmark> {
  const encoding = join(dirname(source), 'encoding.json');
  if (!existsSync(encoding)) throw new UserError(`cannot import ${source}: YAHPO's encoding.json must lie beside the model (looked for ${encoding}). Nothing was imported.`);
  let summary;
  try {
    summary = await importNb301Yahpo(source, encoding, dest, { unpinnedModel: request.unpinnedModel ?? false });
  } catch (error) {
    throw refusal(source, error);
  }
  return { size: NB301_SPACE_SIZE, source_sha256: summary.manifest.sha256, best_valid: null, best_test: null };
}

function importXgb(source: string, dest: string): NewBenchmark {
  try {
    importNb301Xgb(source, dest);
  } catch (error) {
    throw refusal(source, error);
  }
  return { size: NB301_SPACE_SIZE, source_sha256: folderSha256(source), best_valid: null, best_test: null };
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
function importLive(source: string, dest: string): NewBenchmark {
  let file;
  try {
    file = createLiveBenchmarkFile(source);
  } catch (error) {
    throw refusal(source, error);
  }
  writeFileAtomic(dest, JSON.stringify(file, null, 2) + '\n');
  const size = file.maxVertices === NB101_MAX_VERTICES ? NB101_SIZE : enumerateNb101({ maxVertices: file.maxVertices, hashes: true }).total;
  return { size, source_sha256: sha256(readFileSync(source)), best_valid: null, best_test: null };
}

/** Reads `source`, checks it whole, and writes the benchmark's data to `dest` (this import's staging path). */
type Importer = (source: string, dest: string, request: ImportRequest, hooks: ImportHooks) => NewBenchmark | Promise<NewBenchmark>;

/** How each importable kind imports (shared/benchmark-kinds.ts says which kinds are importable: a missing one does not compile). */
const IMPORTERS: Record<ImportableKind, Importer> = {
  nb201: importNb201,
  nb101: importNb101,
  'nb301-yahpo': importYahpo,
  'nb301-xgb': importXgb,
  live: importLive,
};

export function benchmarkHandle(row: BenchmarkRow, cachePath?: string): BenchmarkHandle {
  return { name: row.name, kind: row.kind, dataPath: row.data_path, ...(cachePath !== undefined ? { cachePath } : {}) };
}
