import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './data.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string;
  /** The checkout whose launcher runs (default: this repository), e.g. an older commit's worktree. */
  checkout?: string;
  env?: Record<string, string>;
}

/** Runs the real `archwalk` launcher with ARCHWALK_HOME pointing at `home`. */
export function archwalk(home: string, args: string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [join(options.checkout ?? REPO_ROOT, 'bin', 'archwalk.mjs'), ...args], {
    env: { ...process.env, ARCHWALK_HOME: home, ...options.env },
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 120000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
