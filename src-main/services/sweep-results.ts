/**
 * A sweep experiment's results from the store: each run's config, status and incumbent curve,
 * and for training runs what training cost (wall-clock time of the run, environment steps and
 * distinct cells queried, from the agent it registered), aggregated by shared/sweep-results.ts.
 */
import type { CurvePoint } from '#shared/api.ts';
import type { ExperimentConfig, RunConfig } from '#shared/config.ts';
import type { CurveMetric } from '#shared/curve-stats.ts';
import { sweepResults, type SweepResults, type SweepRunInput } from '#shared/sweep-results.ts';
import type { RunRow, Store } from './store.ts';

function trainingCost(store: Store, run: RunRow, config: RunConfig): SweepRunInput['training'] {
  if (config.kind !== 'train-agent') return undefined;
  const seconds = run.started_at && run.finished_at ? (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000 : null;
  const agent = run.status === 'succeeded' ? store.getAgent(config.agentName) : undefined;
  const visited = agent ? store.agentTraining(agent.id).map((t) => t.cells_queried) : [];
  const cellsQueried = visited.length > 0 && visited.every((n) => n !== null) ? visited.reduce((a, b) => a! + b!, 0)! : null;
  return { seconds, envSteps: agent?.env_steps ?? null, cellsQueried };
}

/** The results of a sweep experiment, or null when the experiment is not a sweep. */
export function sweepResultsOf(
  store: Store,
  experimentId: number,
  curveOf: (runId: number) => CurvePoint[],
  options: { metric?: CurveMetric; bestAt?: number } = {},
): SweepResults | null {
  const row = store.getExperiment(experimentId);
  if (!row) return null;
  const config = JSON.parse(row.config_json) as ExperimentConfig;
  if (config.kind !== 'train-agent' || !config.sweep) return null;
  const runs = store.listRuns({ experimentId }).map((run): SweepRunInput => {
    const runConfig = JSON.parse(run.config_json) as RunConfig;
    const training = trainingCost(store, run, runConfig);
    return { config: runConfig, status: run.status, curve: runConfig.kind === 'search' ? curveOf(run.id) : [], sample: run.agent_sample, ...(training ? { training } : {}) };
  });
  return sweepResults({ seeds: config.seeds, sweep: config.sweep }, runs, options);
}
