/** What every CLI command shares: the services over ARCHWALK_HOME and user-facing errors. */
import { createForkLauncher } from '../services/fork-launcher.ts';
import { createServices, type Services } from '../services/index.ts';
import { resolveHome } from '../services/home.ts';
import { terminalSafe } from './format.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `mode: 'browser'` (serve) confines Api imports to the data roots, `dataRoots` adds some. */
export async function openServices(options: { autoStart?: boolean; concurrency?: number; mode?: 'cli' | 'browser'; dataRoots?: readonly string[] } = {}): Promise<Services> {
  return createServices({
    home: resolveHome(),
    launcher: createForkLauncher(),
    mode: options.mode ?? 'cli',
    autoStart: options.autoStart ?? false,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.dataRoots !== undefined ? { dataRoots: options.dataRoots } : {}),
  });
}

export function parseId(text: string | undefined, what: string): number {
  const id = Number(text);
  if (text === undefined || !Number.isInteger(id) || id < 1) throw new UsageError(`${what} must be a positive integer id, got ${JSON.stringify(text ?? '')}`);
  return id;
}

/** A line on stdout; control characters in it (names can hold escape codes) are shown escaped. */
/** A `--flag N` value that must be a whole number of at least 1. */
export function positiveIntOption(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

export function print(line = ''): void {
  process.stdout.write(`${terminalSafe(line)}\n`);
}
