/**
 * What a claimed run's process is started with: the `start` message (its benchmark or
 * benchmarks, where it resumes, its attempt's checkpoint, its agent), or why the run cannot
 * start (a benchmark or agent no longer registered, a checkpoint that cannot be copied).
 */
import { configBenchmarks, type RunConfig } from '#shared/config.ts';
import { WORKER_PROTOCOL_VERSION, type ArchitectureEvent, type ResumePoint, type StartMessage } from '#shared/worker-protocol.ts';
import { prepareAttemptCheckpoint } from './attempt-checkpoint.ts';
import { benchmarkHandle } from './benchmark-registry.ts';
import type { AgentRow, BenchmarkRow, RunRow, Store, StoredEvent } from './store.ts';

/** A run that cannot start fails as this attempt with this reason and error. */
export interface StartRefusal {
  reason: string;
  error: string;
}

export type RunStart = { ok: true; message: StartMessage } | { ok: false; refusal: StartRefusal };

/**
 * What a run's start is prepared from: the benchmarks as this machine holds them, the run's
 * last events of a kind (where it resumes), the agents, and the machine's cache file. The
 * embedded store answers all of it (storeSources); a lab worker reads the shared store first
 * and matches benchmarks by content checksum (lab-worker.ts).
 */
export interface RunStartSources {
  benchmark(name: string): BenchmarkRow | undefined;
  lastEvent(type: 'architecture' | 'checkpoint'): StoredEvent | undefined;
  agent(name: string): Pick<AgentRow, 'checkpoint_path'> | undefined;
  /** The SQLite file run processes cache results in (live training). */
  cachePath: string;
}

export function storeSources(store: Store, runId: number): RunStartSources {
  return {
    benchmark: (name) => store.getBenchmark(name),
    lastEvent: (type) => store.events(runId, { type, lastN: 1 })[0],
    agent: (name) => store.getAgent(name),
    cachePath: store.path,
  };
}

/** Where a run that searched before continues: after its last recorded query. */
function resumePoint(sources: RunStartSources): ResumePoint | null {
  const last = sources.lastEvent('architecture');
  if (!last) return null;
  const data = last.data as ArchitectureEvent;
  return { queries: data.query, lastHash: data.hash };
}

const notRegistered = (what: string): StartRefusal => ({ reason: 'benchmark missing', error: `benchmark "${what}" is not registered (archwalk benchmark list)` });

export function prepareRunStart(store: Store, row: RunRow, options: { checkpointsDir: string; heartbeatMs: number }): RunStart {
  return buildRunStart(storeSources(store, row.id), row, options);
}

export function buildRunStart(sources: RunStartSources, row: RunRow, options: { checkpointsDir: string; heartbeatMs: number }): RunStart {
  const config = JSON.parse(row.config_json) as RunConfig;
  const benchmark = sources.benchmark(config.benchmark);
  if (!benchmark) return { ok: false, refusal: notRegistered(config.benchmark) };
  const resume = resumePoint(sources);
  let checkpointPath: string | null = null;
  if (config.kind === 'train-agent') {
    try {
      const recorded = sources.lastEvent('checkpoint')?.data as { path?: string } | undefined;
      checkpointPath = prepareAttemptCheckpoint(options.checkpointsDir, row.id, row.attempt, recorded?.path ?? null);
    } catch (error) {
      return { ok: false, refusal: { reason: 'checkpoint not prepared', error: `could not copy the checkpoint this attempt resumes from: ${(error as Error).message}` } };
    }
  }
  // Training on several benchmarks: every one must still be registered.
  const trainingRows = config.kind === 'train-agent' ? configBenchmarks(config).map((name) => sources.benchmark(name)) : [];
  const missing = configBenchmarks(config).filter((_, i) => config.kind === 'train-agent' && !trainingRows[i]);
  if (missing.length > 0) return { ok: false, refusal: notRegistered(missing.join('", "')) };
  const trainingHandles = trainingRows.map((b) => benchmarkHandle(b!, sources.cachePath));
  let agentCheckpoint: string | null = null;
  if (config.kind === 'search' && config.searcher.kind === 'agent') {
    const agent = sources.agent(String(config.searcher.params.checkpoint));
    if (!agent) return { ok: false, refusal: { reason: 'agent missing', error: `agent "${String(config.searcher.params.checkpoint)}" is not registered (archwalk agents list)` } };
    agentCheckpoint = agent.checkpoint_path;
  }
  return {
    ok: true,
    message: {
      type: 'start',
      version: WORKER_PROTOCOL_VERSION,
      runId: row.id,
      config,
      benchmark: benchmarkHandle(benchmark, sources.cachePath),
      ...(trainingHandles.length > 1 ? { benchmarks: trainingHandles } : {}),
      resume,
      checkpointPath,
      agentCheckpoint,
      heartbeatMs: options.heartbeatMs,
    },
  };
}
