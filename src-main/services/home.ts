/**
 * ARCHWALK_HOME: where the store, imported benchmarks, checkpoints and reports live.
 * The app passes Electron's userData folder as the default; the CLI uses ~/.archwalk.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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

export function prepareHome(root: string): HomeLayout {
  const layout: HomeLayout = {
    root,
    database: join(root, 'archwalk.db'),
    benchmarks: join(root, 'benchmarks'),
    checkpoints: join(root, 'checkpoints'),
    reports: join(root, 'reports'),
  };
  for (const dir of [layout.root, layout.benchmarks, layout.checkpoints, layout.reports]) mkdirSync(dir, { recursive: true });
  return layout;
}
