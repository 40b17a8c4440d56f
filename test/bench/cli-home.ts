/**
 * The CLI as evidence scripts drive it: `archwalk` commands in one home, run to completion as
 * separate processes (the product's own path, not a re-implementation), with the time each took
 * on stderr, and the shape of `archwalk run --json`'s runs that the scripts summarise.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CurvePoint, RunStatus } from '#shared/api.ts';
import { REPO_ROOT } from '../helpers/data.ts';

export interface CliHome {
  /** Runs `archwalk ARGS` in the home; its stdout, or an error with its stderr. */
  archwalk(args: string[]): string;
  /** Writes a config file into the home; its path. */
  configFile(name: string, text: string): string;
}

export function cliHome(home: string): CliHome {
  return {
    archwalk(args) {
      const started = performance.now();
      const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'archwalk.mjs'), ...args], { env: { ...process.env, ARCHWALK_HOME: home }, encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0) throw new Error(`archwalk ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
      process.stderr.write(`archwalk ${args.slice(0, 2).join(' ')}: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      return r.stdout;
    },
    configFile(name, text) {
      const path = join(home, `${name}.yaml`);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** One run of `archwalk run --json`, as far as the evidence scripts read it. */
export interface RunJson {
  searcher: string;
  benchmark: string;
  sample: string | null;
  status: RunStatus;
  budget: number;
  curve: CurvePoint[];
}
