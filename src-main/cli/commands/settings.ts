/**
 * `archwalk settings`: what only the machine's user may change, never the Api: the folders
 * imports from the app and browser may read, how many runs one experiment may queue and how
 * long a sweep may train without confirmation.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareHome, resolveHome } from '../../services/home.ts';
import { dataRoots, realPathOf, setStoredDataRoots, storedDataRoots } from '../../services/data-roots.ts';
import { maxRunsSetting, maxSweepMinutesSetting, MAX_RUNS_SETTING, MAX_SWEEP_MINUTES_SETTING } from '../../services/index.ts';
import { Store } from '../../services/store.ts';
import { MAX_RUNS_CEILING } from '#shared/run-limits.ts';
import { print, UsageError } from '../context.ts';

export const SETTINGS_USAGE = `archwalk settings [list]                          data roots and the run limit
archwalk settings add-data-root DIR | remove-data-root DIR
                                                       folders imports from the app or a browser may read
archwalk settings set max-runs N                  runs one experiment may queue (default 10000)
archwalk settings set sweep-minutes N             training minutes a sweep may take without sweep.confirm (default 120)`;

/** The numeric settings \`settings set\` changes: their store key, reader and ceiling. */
const NUMERIC_SETTINGS: Record<string, { key: string; read: (store: Store) => number; max: number }> = {
  'max-runs': { key: MAX_RUNS_SETTING, read: maxRunsSetting, max: MAX_RUNS_CEILING },
  'sweep-minutes': { key: MAX_SWEEP_MINUTES_SETTING, read: maxSweepMinutesSetting, max: 60 * 24 * 365 },
};

function existingFolder(dir: string | undefined): string {
  if (!dir) throw new UsageError('usage: archwalk settings add-data-root DIR');
  const full = resolve(dir);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new UsageError(`${full} is not a folder`);
  return realPathOf(full);
}

export async function settingsCommand(argv: string[]): Promise<number> {
  const [sub = 'list', ...rest] = argv;
  const home = prepareHome(resolveHome());
  const store = new Store(home.database);
  try {
    const stored = storedDataRoots(store);
    switch (sub) {
      case 'list':
        print(`data roots: ${dataRoots(home.root, stored).join(', ')}`);
        for (const [name, setting] of Object.entries(NUMERIC_SETTINGS)) print(`${name}: ${setting.read(store)}`);
        return 0;
      case 'add-data-root': {
        const dir = existingFolder(rest[0]);
        setStoredDataRoots(store, [...stored, dir]);
        print(`imports may now read ${dir}`);
        return 0;
      }
      case 'remove-data-root': {
        // Roots are stored as real paths (add-data-root); the folder may be named by a link to it,
        // or be gone already (then its path as typed is all there is).
        const named = rest[0] ? [realPathOf(rest[0]), resolve(rest[0])] : [];
        const dir = stored.find((root) => named.includes(root));
        if (dir === undefined) throw new UsageError(`${rest[0] ?? '(none)'} is not an added data root; added: ${stored.join(', ') || 'none'}`);
        setStoredDataRoots(store, stored.filter((root) => root !== dir));
        print(`imports no longer read ${dir}`);
        return 0;
      }
      case 'set': {
        const [key, value] = rest;
        const setting = NUMERIC_SETTINGS[key ?? ''];
        if (!setting) throw new UsageError(`archwalk settings set takes ${Object.keys(NUMERIC_SETTINGS).map((k) => `${k} N`).join(' or ')}, got ${JSON.stringify(key ?? '')}`);
        const n = Number(value);
        if (!/^\d+$/.test(value ?? '') || n < 1 || n > setting.max) throw new UsageError(`${key} must be an integer from 1 to ${setting.max}, got ${JSON.stringify(value ?? '')}`);
        store.setSetting(setting.key, String(n));
        print(`${key}: ${n}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown settings command ${JSON.stringify(sub)}\n${SETTINGS_USAGE}`);
    }
  } finally {
    store.close();
  }
}
