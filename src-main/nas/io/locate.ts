/**
 * Finds files that ship beside the code (the run-process entry, the built renderer).
 * The same module runs from the TypeScript sources and from bundles whose chunks sit
 * at different depths, so it looks upwards from its own location.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The first `dir/relative` that exists, for dir = `from` and each of its ancestors. */
export function findUpwards(from: string, relatives: readonly string[]): string | null {
  let dir = from;
  for (;;) {
    for (const relative of relatives) {
      const candidate = join(dir, relative);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function hereDir(metaUrl: string): string {
  return dirname(fileURLToPath(metaUrl));
}

export function isSourceModule(metaUrl: string): boolean {
  return metaUrl.endsWith('.ts');
}
