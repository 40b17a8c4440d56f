/**
 * Importing and listing benchmarks. An import validates the whole source file first,
 * then writes the data file atomically and registers it in one step, so a bad file
 * changes nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseNb201Csv, Nb201TableBenchmark } from '../nas/benchmarks/nb201/table.ts';
import type { BenchmarkHandle } from '../shared/worker-protocol.ts';
import type { HomeLayout } from './home.ts';
import type { BenchmarkRow, Store } from './store.ts';
import { writeFileAtomic } from './atomic-file.ts';

export const IMPORTABLE_KINDS = ['nb201'] as const;
export type ImportableKind = (typeof IMPORTABLE_KINDS)[number];

export class UserError extends Error {
  override name = 'UserError';
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function importBenchmark(store: Store, home: HomeLayout, request: { kind: string; path: string; name: string }): BenchmarkRow {
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
  const bytes = readFileSync(source);
  let table;
  try {
    table = parseNb201Csv(bytes.toString('utf8'));
  } catch (error) {
    throw new UserError(`cannot import ${source}: ${(error as Error).message}. Nothing was imported.`);
  }
  const benchmark = new Nb201TableBenchmark(name, table);
  const best = benchmark.best();
  const dataPath = join(home.benchmarks, `${name}.nb201.json`);
  writeFileAtomic(dataPath, JSON.stringify(table));
  try {
    return store.insertBenchmark({
      name,
      kind,
      space: 'nb201',
      size: benchmark.size,
      source_path: source,
      source_sha256: sha256(bytes),
      data_path: dataPath,
      best_valid: best.valid,
      best_test: best.test,
    });
  } catch (error) {
    rmSync(dataPath, { force: true });
    throw error;
  }
}

export function benchmarkHandle(row: BenchmarkRow): BenchmarkHandle {
  return { name: row.name, kind: row.kind, dataPath: row.data_path };
}
