/**
 * How the services start a run process. The app uses Electron's utilityProcess
 * (src-main/electron/utility-launcher.ts); the CLI, the server and the tests use
 * child_process.fork (fork-launcher.ts). Both speak the worker protocol.
 */
import type { ToWorker } from '#shared/worker-protocol.ts';

export interface WorkerCallbacks {
  /** A message from the run process, not yet validated. */
  onMessage(raw: unknown): void;
  /** One line the process wrote to stdout or stderr (kept for the failure report). */
  onOutput(line: string): void;
  /** The process ended; exactly once. */
  onExit(code: number | null, signal: string | null): void;
}

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  /** Ends the process at once (SIGKILL where the platform has it). */
  kill(): void;
}

export type WorkerLauncher = (callbacks: WorkerCallbacks) => WorkerHandle;

/** Splits a byte stream into lines and hands each complete one on. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: string | Buffer): void; flush(): void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk.toString();
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.length > 0) onLine(line);
    },
    flush() {
      if (pending.length > 0) onLine(pending);
      pending = '';
    },
  };
}
