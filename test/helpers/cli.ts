import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './data.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `archwalk` launcher with ARCHWALK_HOME pointing at `home`. */
export function archwalk(home: string, args: string[], options: { input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'archwalk.mjs'), ...args], {
    env: { ...process.env, ARCHWALK_HOME: home },
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 120000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
