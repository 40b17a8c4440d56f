/**
 * WorkerLauncher over Electron's utilityProcess: each run gets its own Node process
 * under the app, named "archwalk run" in the OS and in app.getAppMetrics().
 */
import type { ForkOptions } from 'electron';
import type { ToWorker } from '#shared/worker-protocol.ts';
import { lineSplitter } from '../services/worker-launcher.ts';
import type { WorkerCallbacks, WorkerHandle, WorkerLauncher } from '../services/worker-launcher.ts';

export const RUN_SERVICE_NAME = 'archwalk run';

/** The part of a child's stdout/stderr used here. */
export interface OutputStreamLike {
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of Electron's UtilityProcess used here. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stdout: OutputStreamLike | null;
  readonly stderr: OutputStreamLike | null;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown;
  postMessage(message: unknown): void;
  kill(): boolean;
}

export interface UtilityProcessModuleLike {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcessLike;
}

export interface UtilityLauncherOptions {
  /**
   * Sends a signal to a pid (process.kill). utilityProcess.kill() only sends SIGTERM,
   * and WorkerHandle.kill promises an immediate end, so the launcher SIGKILLs the pid
   * itself and falls back to kill() when that is not possible.
   */
  killPid?(pid: number, signal: 'SIGKILL'): void;
}

export function createUtilityLauncher(
  utilityProcess: UtilityProcessModuleLike,
  entryPath: string,
  options: UtilityLauncherOptions = {},
): WorkerLauncher {
  const killPid = options.killPid ?? ((pid: number, signal: 'SIGKILL') => void process.kill(pid, signal));

  return (callbacks: WorkerCallbacks): WorkerHandle => {
    const child = utilityProcess.fork(entryPath, [], { stdio: 'pipe', serviceName: RUN_SERVICE_NAME });
    let exited = false;
    let killRequested = false;

    const output = (line: string): void => {
      if (!exited) callbacks.onOutput(line);
    };
    const splitters = [child.stdout, child.stderr].map((stream) => {
      const splitter = lineSplitter(output);
      stream?.on('data', (chunk) => splitter.push(chunk));
      // A broken pipe must not become an unhandled 'error' that takes down the main process.
      stream?.on('error', (error) => output(`[archwalk] output stream failed: ${error.message}`));
      return splitter;
    });

    child.on('message', (message) => {
      if (!exited) callbacks.onMessage(message);
    });
    // Without a listener an 'error' event would throw in the main process; 'exit' still follows it.
    child.on('error', (type, location) => output(`[archwalk] run process ${type}${location ? ` at ${location}` : ''}`));
    const terminate = (): void => {
      const pid = child.pid;
      if (pid !== undefined) {
        try {
          killPid(pid, 'SIGKILL');
          return;
        } catch {
          // Already gone, or not ours to signal: let Electron end it.
        }
      }
      child.kill();
    };
    // kill() before the process existed: end it as soon as it does.
    child.on('spawn', () => {
      if (killRequested && !exited) terminate();
    });
    child.on('exit', (code) => {
      if (exited) return;
      for (const splitter of splitters) splitter.flush();
      exited = true;
      callbacks.onExit(code, killRequested && code !== 0 ? 'SIGKILL' : null);
    });

    return {
      get pid() {
        return child.pid;
      },
      send(message: ToWorker): void {
        // A run that already ended has nobody to read the message; the exit is reported separately.
        if (!exited) child.postMessage(message);
      },
      kill(): void {
        if (exited) return;
        killRequested = true;
        terminate();
      },
    };
  };
}
