/** Starts run processes with child_process.fork (CLI, browser mode, tests). */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineSplitter, type WorkerLauncher } from './worker-launcher.ts';

/** The run-process entry beside this module: the TypeScript source in a checkout, worker.js in a build. */
export function defaultWorkerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const candidates = here.endsWith('.ts')
    ? [join(dirname(here), '..', 'worker', 'run-process.ts')]
    : [join(dirname(here), 'worker.js'), join(dirname(here), '..', 'main', 'worker.js')];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`cannot find the archwalk run-process entry (looked for ${candidates.join(', ')}); rebuild with npm run build`);
  return found;
}

export function createForkLauncher(entry: string = defaultWorkerEntry()): WorkerLauncher {
  return (callbacks) => {
    const child = fork(entry, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: ['--disable-warning=ExperimentalWarning'],
      serialization: 'json',
    });
    let exited = false;
    const lines = lineSplitter(callbacks.onOutput);
    child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk));
    child.on('message', (message) => callbacks.onMessage(message));
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (exited) return;
      exited = true;
      lines.flush();
      callbacks.onExit(code, signal);
    };
    child.on('exit', onExit);
    child.on('error', (error) => {
      callbacks.onOutput(`run process error: ${error.message}`);
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) onExit(null, null);
    });
    return {
      get pid() {
        return child.pid;
      },
      send(message) {
        if (child.connected) child.send(message);
      },
      kill() {
        if (!exited) child.kill('SIGKILL');
      },
    };
  };
}
