/** Starts run processes with child_process.fork (CLI, browser mode, tests). */
import { fork } from 'node:child_process';
import { findUpwards, hereDir, isSourceModule } from '../nas/io/locate.ts';
import { lineSplitter, type WorkerLauncher } from './worker-launcher.ts';

/** The run-process entry: the TypeScript source in a checkout, out/main/worker.js in a build. */
export function defaultWorkerEntry(): string {
  const relatives = isSourceModule(import.meta.url) ? ['src-main/worker/run-process.ts'] : ['worker.js', 'main/worker.js'];
  const found = findUpwards(hereDir(import.meta.url), relatives);
  if (!found) throw new Error(`cannot find the archwalk run-process entry (${relatives.join(' or ')}); rebuild with npm run build`);
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
    // 'close', not 'exit': a process that sends its last message (done, failed) and exits at once
    // can be reaped before the parent has read that message from the IPC channel; 'close' comes
    // only after the channel and the output pipes are drained, so the message is seen first.
    child.on('close', onExit);
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
