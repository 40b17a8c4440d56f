/**
 * Where imports requested through the Api (the app's window, a browser on `archwalk serve`) may
 * read: the user's home folder, ARCHWALK_HOME, the folders stored in the `import.dataRoots`
 * setting (`archwalk settings add-data-root DIR`) and those `serve --data-root DIR` adds. A path
 * is checked after resolving its symlinks, so a link inside a root cannot lead out of it. The
 * CLI's own `benchmark import` is not confined: its user typed the path on their own machine.
 */
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Store } from './store.ts';

const DATA_ROOTS_SETTING = 'import.dataRoots';

export class OutsideDataRootsError extends Error {
  override name = 'OutsideDataRootsError';
  readonly code = 'outside-data-roots';
}

export function storedDataRoots(store: Pick<Store, 'getSetting'>): string[] {
  const raw = store.getSetting(DATA_ROOTS_SETTING);
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string' && isAbsolute(p)) : [];
  } catch {
    return [];
  }
}

export function setStoredDataRoots(store: Pick<Store, 'setSetting'>, roots: readonly string[]): void {
  store.setSetting(DATA_ROOTS_SETTING, JSON.stringify([...new Set(roots)]));
}

/** The real path of `path`; for a path that does not exist yet, its deepest existing folder's real path plus the rest. */
export function realPathOf(path: string): string {
  const full = resolve(path);
  if (existsSync(full)) return realpathSync(full);
  const parent = dirname(full);
  return parent === full ? full : join(realPathOf(parent), basename(full));
}

function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Every root in order, without duplicates: the home folder, ARCHWALK_HOME, the stored ones, the
 * extra ones. The home folder is a root only by default, so it is left out when it is the
 * filesystem's root (HOME=/ in some containers and service accounts): otherwise every path would
 * pass. Roots the user names explicitly are kept as named.
 */
export function dataRoots(archwalkHome: string, stored: readonly string[], extra: readonly string[] = [], home: string = homedir()): string[] {
  const implicitHome = isFilesystemRoot(resolve(home)) ? [] : [home];
  return [...new Set([...implicitHome, archwalkHome, ...stored, ...extra].map((root) => resolve(root)))];
}

function isFilesystemRoot(path: string): boolean {
  return dirname(path) === path;
}

/**
 * The real path an import may read, or an OutsideDataRootsError naming the roots. Nothing about
 * the file (whether it exists, its size) is said before it is known to lie inside a root.
 */
export function confineToDataRoots(path: string, roots: readonly string[]): string {
  const real = realPathOf(path);
  if (roots.some((root) => within(real, realPathOf(root)))) return real;
  throw new OutsideDataRootsError(
    `cannot import ${path}: imports through the app read only from its data roots (${roots.join(', ')}); ` +
      'add a folder with archwalk settings add-data-root DIR, or start archwalk serve with --data-root DIR',
  );
}
