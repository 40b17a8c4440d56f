/**
 * What a claimed run's process is started with: the `start` message (its benchmark or
 * benchmarks, where it resumes, its attempt's checkpoint, its agent), or why the run cannot
 * start (a benchmark or agent no longer registered, a checkpoint that cannot be copied).
 */
import { configBenchmarks, type RunConfig } from '#shared/config.ts';
import { WORKER_PROTOCOL_VERSION, type ArchitectureEvent, type ResumePoint, type StartMessage } from '#shared/worker-protocol.ts';
import { prepareAttemptCheckpoint } from './attempt-checkpoint.ts';
import { benchmarkHandle } from './benchmark-registry.ts';
import type { RunRow, Store } from './store.ts';

/** A run that cannot start fails as this attempt with this reason and error. */
export interface StartRefusal {
  reason: string;
  error: string;
}

export type RunStart = { ok: true; message: StartMessage } | { ok: false; refusal: StartRefusal };

/** Where a run that searched before continues: after its last recorded query. */
function resumePoint(store: Store, runId: number): ResumePoint | null {
  const last = store.events(runId, { type: 'architecture', lastN: 1 })[0];
  if (!last) return null;
  const data = last.data as ArchitectureEvent;
  return { queries: data.query, lastHash: data.hash };
}

const notRegistered = (what: string): StartRefusal => ({ reason: 'benchmark missing', error: `benchmark "${what}" is not registered (archwalk benchmark list)` });

export function prepareRunStart(store: Store, row: RunRow, options: { checkpointsDir: string; heartbeatMs: number }): RunStart {
  const config = JSON.parse(row.config_json) as RunConfig;
  const benchmark = store.getBenchmark(config.benchmark);
  if (!benchmark) return { ok: false, refusal: notRegistered(config.benchmark) };
  const resume = resumePoint(store, row.id);
  let checkpointPath: string | null = null;
  if (config.kind === 'train-agent') {
    try {
      const recorded = store.events(row.id, { type: 'checkpoint', lastN: 1 })[0]?.data as { path?: string } | undefined;
      checkpointPath = prepareAttemptCheckpoint(options.checkpointsDir, row.id, row.attempt, recorded?.path ?? null);
    } catch (error) {
      return { ok: false, refusal: { reason: 'checkpoint not prepared', error: `could not copy the checkpoint this attempt resumes from: ${(error as Error).message}` } };
    }
  }
  // Training on several benchmarks: every one must still be registered.
  const trainingRows = config.kind === 'train-agent' ? configBenchmarks(config).map((name) => store.getBenchmark(name)) : [];
  const missing = configBenchmarks(config).filter((_, i) => config.kind === 'train-agent' && !trainingRows[i]);
  if (missing.length > 0) return { ok: false, refusal: notRegistered(missing.join('", "')) };
  const trainingHandles = trainingRows.map((b) => benchmarkHandle(b!, store.path));
  let agentCheckpoint: string | null = null;
  if (config.kind === 'search' && config.searcher.kind === 'agent') {
    const agent = store.getAgent(String(config.searcher.params.checkpoint));
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
      benchmark: benchmarkHandle(benchmark, store.path),
      ...(trainingHandles.length > 1 ? { benchmarks: trainingHandles } : {}),
      resume,
      checkpointPath,
      agentCheckpoint,
      heartbeatMs: options.heartbeatMs,
    },
  };
}
