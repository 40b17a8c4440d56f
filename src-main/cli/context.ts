/** What every CLI command shares: the services over ARCHWALK_HOME and user-facing errors. */
import { createForkLauncher } from '../services/fork-launcher.ts';
import { createServices, type Services } from '../services/index.ts';
import { resolveHome } from '../services/home.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export async function openServices(options: { autoStart?: boolean; concurrency?: number } = {}): Promise<Services> {
  return createServices({
    home: resolveHome(),
    launcher: createForkLauncher(),
    mode: 'cli',
    autoStart: options.autoStart ?? false,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
}

export function parseId(text: string | undefined, what: string): number {
  const id = Number(text);
  if (text === undefined || !Number.isInteger(id) || id < 1) throw new UsageError(`${what} must be a positive integer id, got ${JSON.stringify(text ?? '')}`);
  return id;
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}
