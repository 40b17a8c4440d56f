/**
 * Landscape analyses of registered benchmarks: served from the store when this content
 * (benchmark content checksum) was analysed with these parameters before, otherwise computed in
 * a run process (the launcher the runs use) and stored. One analysis process at a time (they are
 * CPU-bound and the queue's runs come first in the user's mind); identical requests while one is
 * computing share it.
 */
import { canonicalJson } from '#shared/config.ts';
import { resolveLandscapeParams, type BenchmarkAnalysis, type LandscapeAnalysis, type LandscapeParams } from '#shared/landscape.ts';
import { APP_VERSION } from '#shared/version.ts';
import { parseWorkerMessage, WORKER_PROTOCOL_VERSION } from '#shared/worker-protocol.ts';
import { benchmarkContentSha256 } from './benchmark-cells.ts';
import { benchmarkHandle, sha256 } from './benchmark-registry.ts';
import type { Store } from './store.ts';
import { UserError } from './user-error.ts';
import type { WorkerHandle, WorkerLauncher } from './worker-launcher.ts';

export interface AnalysisProgress {
  benchmark: string;
  phase: string;
  done: number;
  total: number;
}

export interface LandscapeAnalysesOptions {
  store: Store;
  launcher: WorkerLauncher;
  onProgress: (progress: AnalysisProgress) => void;
  heartbeatMs?: number;
  /** An analysis process silent for this long (no heartbeat, no progress) is ended and its request fails. */
  silenceLimitMs?: number;
}

/** Heartbeats come every second; a process this long silent is hung (or stopped by the system). */
const DEFAULT_SILENCE_LIMIT_MS = 30_000;

/** Output lines of a failed analysis process quoted in its error. */
const OUTPUT_LINES_KEPT = 20;

export function landscapeParamsHash(params: LandscapeParams): string {
  return sha256(canonicalJson(params));
}

export class LandscapeAnalyses {
  private readonly options: LandscapeAnalysesOptions;
  private readonly pending = new Map<string, Promise<BenchmarkAnalysis>>();
  /** The chain of analyses: each starts when the one before has ended. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly workers = new Set<WorkerHandle>();
  private closed = false;

  constructor(options: LandscapeAnalysesOptions) {
    this.options = options;
  }

  async get(name: string, given: Partial<LandscapeParams> = {}): Promise<BenchmarkAnalysis> {
    const { store } = this.options;
    const row = store.getBenchmark(name);
    if (!row) throw new UserError(`there is no benchmark named "${name}"`);
    if (row.kind === 'live') throw new UserError(`benchmark "${name}" is live: each of its queries trains a network, so archwalk does not analyse its landscape`);
    const params = resolveLandscapeParams(given);
    if (new Set(params.alphas).size !== params.alphas.length) throw new UserError(`params.alphas lists a value twice: ${params.alphas.join(', ')}`);
    const contentSha256 = benchmarkContentSha256(row);
    const paramsHash = landscapeParamsHash(params);
    const stored = store.getAnalysis('landscape', contentSha256, paramsHash);
    if (stored) {
      return { benchmark: name, contentSha256, cached: true, computedAt: stored.createdAt, analysis: JSON.parse(stored.resultJson) as LandscapeAnalysis };
    }
    const key = `${contentSha256}:${paramsHash}`;
    const running = this.pending.get(key);
    if (running) return { ...(await running), benchmark: name };
    const computing = this.tail.then(async () => {
      const analysis = await this.compute(name, params);
      const createdAt = new Date().toISOString();
      store.putAnalysis({ kind: 'landscape', subject: contentSha256, paramsHash, paramsJson: canonicalJson(params), resultJson: JSON.stringify(analysis), appVersion: APP_VERSION, createdAt });
      return { benchmark: name, contentSha256, cached: false, computedAt: createdAt, analysis };
    });
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

  private compute(name: string, params: LandscapeParams): Promise<LandscapeAnalysis> {
    if (this.closed) return Promise.reject(new Error('archwalk is shutting down'));
    const row = this.options.store.getBenchmark(name);
    if (!row) return Promise.reject(new UserError(`benchmark "${name}" was removed before its analysis started`));
    return new Promise((resolve, reject) => {
      const output: string[] = [];
      let result: LandscapeAnalysis | null = null;
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
              worker.send({ type: 'analyse', version: WORKER_PROTOCOL_VERSION, benchmark: benchmarkHandle(row), params, heartbeatMs: this.options.heartbeatMs ?? 1000 });
              return;
            case 'progress':
              this.options.onProgress({ benchmark: name, phase: message.unit, done: message.done, total: message.total });
              return;
            case 'analysis':
              result = message.analysis;
              return;
            case 'failed':
              failure = message.error;
              return;
            default:
              return;
          }
        },
        onOutput: (line) => {
          output.push(line);
          if (output.length > OUTPUT_LINES_KEPT) output.shift();
        },
        onExit: (code, signal) => {
          clearInterval(watchdog);
          this.workers.delete(worker);
          if (result) resolve(result);
          else if (failure) reject(new UserError(`the analysis of "${name}" failed: ${failure}`));
          else reject(new Error(`the analysis process of "${name}" ended (${signal ?? `exit code ${code}`}) without a result${output.length ? `; its last output:\n${output.join('\n')}` : ''}`));
        },
      });
      this.workers.add(worker);
    });
  }
}
