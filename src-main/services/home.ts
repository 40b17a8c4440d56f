/**
 * ARCHWALK_HOME: where the store, imported benchmarks, checkpoints and reports live.
 * The app passes Electron's userData folder as the default; the CLI uses ~/.archwalk.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveStoreUrl } from './store-url.ts';
import { UserError } from './user-error.ts';

export interface HomeLayout {
  root: string;
  database: string;
  benchmarks: string;
  checkpoints: string;
  reports: string;
}

export function resolveHome(fallback: string = join(homedir(), '.archwalk')): string {
  const fromEnv = process.env.ARCHWALK_HOME;
  return resolve(fromEnv && fromEnv.trim() !== '' ? fromEnv : fallback);
}

/**
 * The SQLite file of the home's store: `--store`/ARCHWALK_STORE when it is a sqlite: URL, else
 * ROOT/archwalk.db. A postgres:// store is refused here: the app, serve and the embedded scheduler
 * do not run on PostgreSQL yet; the lab's commands (cli/commands/lab.ts) open it themselves.
 */
export function storeDatabase(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = resolveStoreUrl(undefined, root, env);
  if (url.kind === 'postgres') {
    throw new UserError(`the store ${url.redacted} is a lab's PostgreSQL store: this command does not run on one yet; there: archwalk queue add|list, runs list, worker, store init|copy (README "Lab"). Unset ARCHWALK_STORE or use sqlite:PATH for the rest`);
  }
  return url.path;
}

/** The home's folders, created; `database`: its SQLite file (default: the store the environment names, which must be SQLite). */
export function prepareHome(root: string, database: string = storeDatabase(root)): HomeLayout {
  const layout: HomeLayout = {
    root,
    database,
    benchmarks: join(root, 'benchmarks'),
    checkpoints: join(root, 'checkpoints'),
    reports: join(root, 'reports'),
  };
  for (const dir of [layout.root, layout.benchmarks, layout.checkpoints, layout.reports]) mkdirSync(dir, { recursive: true });
  return layout;
}
