/**
 * The analysis processes the services start (landscape analyses, agents' latent maps): one at a
 * time (they are CPU-bound and the queue's runs come first in the user's mind), identical
 * requests while one is computing share it, and a process silent for too long (no heartbeat, no
 * progress) is ended by a watchdog and its request fails saying so.
 */
import { parseWorkerMessage, type FromWorker, type ToWorker } from '#shared/worker-protocol.ts';
import { UserError } from './user-error.ts';
import type { WorkerHandle, WorkerLauncher } from './worker-launcher.ts';

export interface AnalysisProcessesOptions {
  launcher: WorkerLauncher;
  heartbeatMs?: number;
  /** An analysis process silent for this long (no heartbeat, no progress) is ended and its request fails. */
  silenceLimitMs?: number;
}

/** One computation in its own process. */
export interface AnalysisJob<T> {
  /** The request sent when the process is ready (given the heartbeat interval to use). */
  request: (heartbeatMs: number) => ToWorker;
  /** The result, when `message` carries it. */
  result: (message: FromWorker) => T | undefined;
  onProgress: (phase: string, done: number, total: number) => void;
  /** What the errors call it: `the analysis of "nb201"` → "… failed: …"; its process: "… ended …". */
  name: string;
  processName: string;
}

/** Heartbeats come every second; a process this long silent is hung (or stopped by the system). */
const DEFAULT_SILENCE_LIMIT_MS = 30_000;

/** Output lines of a failed analysis process quoted in its error. */
const OUTPUT_LINES_KEPT = 20;

export class AnalysisProcesses {
  private readonly options: AnalysisProcessesOptions;
  private readonly pending = new Map<string, Promise<unknown>>();
  /** The chain of analyses: each starts when the one before has ended. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly workers = new Set<WorkerHandle>();
  private closed = false;

  constructor(options: AnalysisProcessesOptions) {
    this.options = options;
  }

  /** `task` once the analyses queued before it have ended; a request whose key is in flight shares that one's answer. */
  async queue<T>(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return (await running) as T;
    const computing = this.tail.then(task);
    this.tail = computing.catch(() => undefined);
    this.pending.set(key, computing);
    try {
      return await computing;
    } finally {
      this.pending.delete(key);
    }
  }

  /** Ends analysis processes still running (their callers get an error). */
  close(): void {
    this.closed = true;
    for (const worker of this.workers) worker.kill();
  }

  /** Runs `job` in a new process and answers its result. */
  compute<T>(job: AnalysisJob<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('archwalk is shutting down'));
    return new Promise((resolve, reject) => {
      const output: string[] = [];
      let result: T | undefined;
      let failure: string | null = null;
      let heardAt = Date.now();
      const silenceLimit = this.options.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS;
      const watchdog = setInterval(() => {
        if (Date.now() - heardAt <= silenceLimit) return;
        failure = `its process did not answer for ${silenceLimit >= 1000 ? `${Math.round(silenceLimit / 1000)} s` : `${silenceLimit} ms`} and was ended`;
        worker.kill();
      }, Math.max(50, Math.min(1000, silenceLimit / 4)));
      const worker = this.options.launcher({
        onMessage: (raw) => {
          heardAt = Date.now();
          const message = parseWorkerMessage(raw);
          if (!message) return;
          switch (message.type) {
            case 'ready':
              worker.send(job.request(this.options.heartbeatMs ?? 1000));
              return;
            case 'progress':
              job.onProgress(message.unit, message.done, message.total);
              return;
            case 'failed':
              failure = message.error;
              return;
            default:
              result = job.result(message) ?? result;
          }
        },
        onOutput: (line) => {
          output.push(line);
          if (output.length > OUTPUT_LINES_KEPT) output.shift();
        },
        onExit: (code, signal) => {
          clearInterval(watchdog);
          this.workers.delete(worker);
          if (result !== undefined) resolve(result);
          else if (failure) reject(new UserError(`${job.name} failed: ${failure}`));
          else reject(new Error(`${job.processName} ended (${signal ?? `exit code ${code}`}) without a result${output.length ? `; its last output:\n${output.join('\n')}` : ''}`));
        },
      });
      this.workers.add(worker);
    });
  }
}
