/** The Api's experiments on the embedded store: validating and creating configs, sweep results, deleting (reading them: experiment-views-api.ts). */
import type { Api, CurvePoint } from '#shared/api.ts';
import { createExperiment, estimateWork, parseExperimentConfig, summariseExperiment } from '../experiments.ts';
import { curveFromEvents } from '../run-events.ts';
import { configLimits } from '../settings.ts';
import { toRunSummary } from '../store.ts';
import { sweepResultsOf } from '../sweep-results.ts';
import { requireExperiment, type ApiContext } from './context.ts';

/** How long deleting an experiment waits for its active runs to stop. */
const DELETE_WAIT_MS = 6000;

export function experimentsApi({ store, scheduler, emit }: ApiContext): Pick<
  Api,
  'validateConfig' | 'createExperiment' | 'deleteExperiment' | 'getSweepResults'
> {
  const curveOf = (runId: number): CurvePoint[] => curveFromEvents(store.events(runId, { type: 'architecture' })).curve;
  return {
    async validateConfig(text) {
      const parsed = parseExperimentConfig(text, store, configLimits(store));
      return parsed.ok ? { ok: true, issues: [], estimate: estimateWork(parsed.config) } : { ok: false, issues: parsed.issues, estimate: null };
    },
    async createExperiment(text) {
      const parsed = parseExperimentConfig(text, store, configLimits(store));
      if (!parsed.ok) return parsed;
      const id = createExperiment(store, parsed.config);
      emit({ type: 'experiment-updated', experimentId: id });
      scheduler.pump();
      return { ok: true, experiment: summariseExperiment(requireExperiment(store, id), store.listRuns({ experimentId: id })) };
    },
    async deleteExperiment(id) {
      requireExperiment(store, id);
      const runs = store.listRuns({ experimentId: id });
      for (const run of runs) if (scheduler.activeRunIds.includes(run.id)) scheduler.cancel(run.id);
      const deadline = Date.now() + DELETE_WAIT_MS;
      while (runs.some((r) => scheduler.activeRunIds.includes(r.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      store.deleteExperiment(id);
      emit({ type: 'experiment-updated', experimentId: id });
    },
    async getSweepResults(id, options = {}) {
      requireExperiment(store, id);
      return sweepResultsOf(store, id, curveOf, options);
    },
  };
}
