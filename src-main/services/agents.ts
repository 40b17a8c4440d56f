/**
 * Trained agents as artifacts: hyperparameter resolution for training runs, where their
 * checkpoints live, and the registry rows written when a training run succeeds.
 */
import { join } from 'node:path';
import { checkHyperparameters } from '../nas/agent/check-hyperparameters.ts';
import type { AgentInfo, TransferStat } from '#shared/api.ts';
import type { AgentHyperparameters, AgentPresetName } from '#shared/agent-config.ts';
import { applyOverrides } from '#shared/agent-presets.ts';
import { configBenchmarks, type HyperResolver, type TrainRunConfig } from '#shared/config.ts';
import type { TrainingSummary } from '#shared/worker-protocol.ts';
import type { TrainedOn } from '#shared/sample-label.ts';
import { benchmarkContentSha256 } from './benchmark-cells.ts';
import type { AgentRow, AgentTrainingRow, RunRow, Store } from './store.ts';

/**
 * The preset with `overrides` applied (what a run stores as its resolved config), checked by the
 * agent library that will consume it; throws when the combination is inconsistent.
 */
export function resolveHyperparameters(preset: AgentPresetName, overrides: Partial<AgentHyperparameters> = {}): AgentHyperparameters {
  const hyper = applyOverrides(preset, overrides);
  checkHyperparameters(hyper);
  return hyper;
}

export const resolveHyper: HyperResolver = resolveHyperparameters;

/** Like resolveHyper, but a problem comes back as text for the config's validation messages. */
export function hyperProblem(preset: AgentPresetName, overrides: Partial<AgentHyperparameters>): string | null {
  try {
    resolveHyperparameters(preset, overrides);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** One checkpoint file per training run; the agent row points at it once training succeeded. */
export function trainingCheckpointPath(checkpointsDir: string, runId: number): string {
  return join(checkpointsDir, `run-${runId}.agent.ckpt`);
}

/**
 * The benchmarks an agent was trained on. Agents registered before archwalk recorded them
 * count as trained on the table now registered under their benchmark's name.
 */
export function agentTrainedOn(store: Pick<Store, 'agentTraining' | 'getBenchmark'>, agent: AgentRow): TrainedOn[] {
  const rows = store.agentTraining(agent.id);
  if (rows.length > 0) return rows.map((r) => ({ benchmark: r.benchmark, contentSha256: r.content_sha256, cellsQueried: r.cells_queried }));
  const current = store.getBenchmark(agent.benchmark);
  return [{ benchmark: agent.benchmark, contentSha256: current ? benchmarkContentSha256(current) : '', cellsQueried: null }];
}

/** `trainedOn` from agentTrainedOn: never empty (an agent from before the record names its one benchmark). */
export function toAgentInfo(row: AgentRow, trainedOn: TrainedOn[], transfer: TransferStat[]): AgentInfo {
  return {
    id: row.id,
    name: row.name,
    benchmark: row.benchmark,
    space: row.space,
    preset: row.preset,
    runId: row.run_id,
    experimentId: row.experiment_id,
    envSteps: row.env_steps,
    learnerSteps: row.learner_steps,
    mlBackend: row.ml_backend,
    createdAt: row.created_at,
    trainedOn,
    transfer,
  };
}

/**
 * The agent a finished training run registers, and what it trained on: its tables by content
 * (`contentOf(i)` is the checksum of the config's i-th benchmark), so that a later search can
 * tell in-sample from held-out. Shared by the embedded scheduler and lab workers.
 */
export function trainedAgentRows(run: Pick<RunRow, 'id' | 'experiment_id'>, config: TrainRunConfig, training: TrainingSummary, mlBackend: string | null,
  space: string, contentOf: (index: number, name: string) => string): {
  agent: Omit<AgentRow, 'id' | 'created_at'>;
  trainedOn: Omit<AgentTrainingRow, 'agent_id' | 'position'>[];
} {
  return {
    agent: {
      name: config.agentName,
      run_id: run.id,
      experiment_id: run.experiment_id,
      benchmark: config.benchmark,
      space,
      preset: config.preset,
      checkpoint_path: training.checkpointPath,
      hyper_json: JSON.stringify(config.hyper),
      env_steps: training.envSteps,
      learner_steps: training.learnerSteps,
      ml_backend: mlBackend,
      visited_path: training.visitedPath ?? null,
    },
    trainedOn: configBenchmarks(config).map((name, i) => ({ benchmark: name, content_sha256: contentOf(i, name), cells_queried: training.cellsQueried?.[name] ?? null })),
  };
}
