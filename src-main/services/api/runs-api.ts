/** The Api's runs: one run's detail (curve, best, metrics, log tail, provenance) and its evaluated architectures. */
import { ownerHost, type Api, type RunDetail } from '#shared/api.ts';
import type { RunConfig } from '#shared/config.ts';
import { bestFromRow, curveFromEvents, metricsFromEvents } from '../run-events.ts';
import { toRunSummary } from '../store.ts';
import { readRun, type ApiContext } from './context.ts';

/** Log lines a run's detail carries. */
const LOG_TAIL_LINES = 200;

export function runsApi({ reader }: Pick<ApiContext, 'reader'>): Pick<Api, 'getRun' | 'getRunArchitectures'> {
  return {
    async getRun(id, options = {}): Promise<RunDetail> {
      const row = await readRun(reader, id);
      const { curve, best } = options.curve === false
        ? { curve: [], best: bestFromRow(row) }
        : curveFromEvents(await reader.events(id, { type: 'architecture' }));
      const logTail = (await reader.events(id, { type: 'log', lastN: LOG_TAIL_LINES })).map((e) => {
        const d = e.data as { level: string; message: string };
        return `${new Date(e.t).toISOString()} [${d.level}] ${d.message}`;
      });
      return {
        run: toRunSummary(row),
        config: JSON.parse(row.config_json) as RunConfig,
        provenance: {
          seed: row.seed,
          configHash: row.config_hash,
          appVersion: row.app_version,
          mlBackend: row.ml_backend,
          device: row.device,
          benchmarkSha256: row.benchmark_sha256,
        },
        attempts: (await reader.attempts(id)).map((a) => ({ attempt: a.attempt, owner: a.owner, host: ownerHost(a.owner), startedAt: a.started_at, endedAt: a.ended_at, outcome: a.outcome })),
        curve,
        best,
        metrics: options.metrics === false ? {} : metricsFromEvents(await reader.events(id, { type: 'metric' })),
        logTail,
      };
    },
    async getRunArchitectures(id, options = {}) {
      await readRun(reader, id);
      return reader.architectures(id, options);
    },
  };
}
