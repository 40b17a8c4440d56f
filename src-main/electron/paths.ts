/**
 * Where the built pieces of the app lie relative to the main bundle (out/main/index.js),
 * and where the app keeps its data.
 */
import { join, resolve } from 'node:path';

export interface AppPaths {
  /** out/main/worker.js: the run-process entry for utilityProcess.fork. */
  workerEntry: string;
  /** out/preload/index.cjs */
  preload: string;
  /** out/renderer */
  rendererDir: string;
  /** out/renderer/index.html */
  rendererIndex: string;
}

/** mainDir: the folder of the built main bundle (out/main). */
export function appPaths(mainDir: string): AppPaths {
  const rendererDir = join(mainDir, '..', 'renderer');
  return {
    workerEntry: join(mainDir, 'worker.js'),
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir,
    rendererIndex: join(rendererDir, 'index.html'),
  };
}

/** ARCHWALK_HOME when set, else Electron's userData folder. */
export function resolveHome(env: Readonly<Record<string, string | undefined>>, userData: () => string): string {
  const fromEnv = env['ARCHWALK_HOME'];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? resolve(fromEnv) : userData();
}
