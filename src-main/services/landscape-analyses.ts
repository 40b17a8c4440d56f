/**
 * Landscape analyses of registered benchmarks: served from the store when this content
 * (benchmark content checksum) was analysed with these parameters before, otherwise computed in
 * an analysis process (services/analysis-processes.ts: one at a time, identical requests share
 * one) and stored.
 */
import { canonicalJson } from '#shared/config.ts';
import { resolveLandscapeParams, type BenchmarkAnalysis, type LandscapeAnalysis, type LandscapeParams } from '#shared/landscape.ts';
import { APP_VERSION } from '#shared/version.ts';
import { WORKER_PROTOCOL_VERSION } from '#shared/worker-protocol.ts';
import { AnalysisProcesses } from './analysis-processes.ts';
import { benchmarkContentSha256 } from './benchmark-cells.ts';
import { benchmarkHandle, sha256 } from './benchmark-registry.ts';
import type { Store } from './store.ts';
import { UserError } from './user-error.ts';
import type { WorkerLauncher } from './worker-launcher.ts';

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
  /** The analysis processes to share (one at a time across kinds); its own otherwise. */
  processes?: AnalysisProcesses;
}

export function landscapeParamsHash(params: LandscapeParams): string {
  return sha256(canonicalJson(params));
}

export class LandscapeAnalyses {
  private readonly options: LandscapeAnalysesOptions;
  private readonly processes: AnalysisProcesses;

  constructor(options: LandscapeAnalysesOptions) {
    this.options = options;
    this.processes = options.processes ?? new AnalysisProcesses(options);
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
    const result = await this.processes.queue(`landscape:${contentSha256}:${paramsHash}`, async () => {
      const analysis = await this.compute(name, params);
      const createdAt = new Date().toISOString();
      store.putAnalysis({ kind: 'landscape', subject: contentSha256, paramsHash, paramsJson: canonicalJson(params), resultJson: JSON.stringify(analysis), appVersion: APP_VERSION, createdAt });
      return { benchmark: name, contentSha256, cached: false, computedAt: createdAt, analysis };
    });
    return { ...result, benchmark: name };
  }

  /** Ends analysis processes still running (their callers get an error). */
  close(): void {
    this.processes.close();
  }

  private compute(name: string, params: LandscapeParams): Promise<LandscapeAnalysis> {
    const row = this.options.store.getBenchmark(name);
    if (!row) return Promise.reject(new UserError(`benchmark "${name}" was removed before its analysis started`));
    return this.processes.compute({
      request: (heartbeatMs) => ({ type: 'analyse', version: WORKER_PROTOCOL_VERSION, benchmark: benchmarkHandle(row), params, heartbeatMs }),
      result: (message) => (message.type === 'analysis' ? message.analysis : undefined),
      onProgress: (phase, done, total) => this.options.onProgress({ benchmark: name, phase, done, total }),
      name: `the analysis of "${name}"`,
      processName: `the analysis process of "${name}"`,
    });
  }
}
