/** Real benchmark data lives beside the repository in ../shared/benchmark-data, never inside it. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCHMARK_DATA = process.env.ARCHWALK_BENCHMARK_DATA ?? resolve(REPO_ROOT, '..', 'shared', 'benchmark-data');
export const NB201_CSV = join(BENCHMARK_DATA, 'nb201', 'cifar10_avg.csv');

/** For `test(name, { skip: skipWithout(path) }, …)`: a reason string when the data is missing. */
export function skipWithout(path: string): string | false {
  return existsSync(path) ? false : `benchmark data not found at ${path} (see ../shared/benchmark-data/SOURCES.md)`;
}

export function tempDir(prefix = 'archwalk-test-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
