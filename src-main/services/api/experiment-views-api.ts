/**
 * The Api's experiments as read: the list, one experiment's detail, its runs' curves and the
 * distinct architectures they evaluated. Read through the asynchronous store interface, so
 * the embedded store and a lab's PostgreSQL store serve them alike.
 */
import { distinctArchitectures, type Api, type CurvePoint } from '#shared/api.ts';
import { configBenchmarks, type ExperimentConfig } from '#shared/config.ts';
import { summariseExperiment } from '../experiments.ts';
import { curveFromEvents } from '../run-events.ts';
import { groupBy } from '#shared/group-by.ts';
import { toRunSummary } from '../store.ts';
import { readExperiment, type ApiContext } from './context.ts';

export function experimentViewsApi({ reader }: Pick<ApiContext, 'reader'>): Pick<Api, 'listExperiments' | 'getExperiment' | 'getExperimentCurves' | 'getExperimentArchitectures'> {
  return {
    async listExperiments() {
      // Two reads, whatever the number of experiments (a lab's store answers over the network).
      const [experiments, runs] = await Promise.all([reader.listExperiments(), reader.listRuns()]);
      const byExperiment = groupBy(runs, (run) => run.experiment_id);
      return experiments.map((row) => summariseExperiment(row, byExperiment.get(row.id) ?? []));
    },
    async getExperiment(id) {
      const row = await readExperiment(reader, id);
      const runs = await reader.listRuns({ experimentId: id });
      return {
        experiment: summariseExperiment(row, runs),
        config: JSON.parse(row.config_json) as ExperimentConfig,
        configHash: row.config_hash,
        runs: runs.map(toRunSummary),
      };
    },
    async getExperimentCurves(id) {
      await readExperiment(reader, id);
      const runs = await reader.listRuns({ experimentId: id });
      const curves = await Promise.all(runs.map(async (run) => curveFromEvents(await reader.events(run.id, { type: 'architecture' })).curve));
      return Object.fromEntries(runs.map((run, i) => [run.id, curves[i]!])) as Record<number, CurvePoint[]>;
    },
    async getExperimentArchitectures(id, options = {}) {
      const row = await readExperiment(reader, id);
      // Numbers of two tables are never pooled: one benchmark at a time, the experiment's first by default.
      const benchmark = options.benchmark ?? configBenchmarks(JSON.parse(row.config_json) as ExperimentConfig)[0];
      const runs = (await reader.listRuns({ experimentId: id })).filter((run) => run.benchmark === benchmark);
      const evaluated = await Promise.all(runs.map(async (run) => (await reader.architectures(run.id, {})).map((a) => ({ ...a, runId: run.id }))));
      return distinctArchitectures(evaluated.flat());
    },
  };
}
