/** The agent library's own check of the hyperparameters it is given (whatever resolved them). */
import type { AgentHyperparameters } from './contract.ts';

/** Throws an Error naming the field when values are inconsistent. */
export function checkHyperparameters(h: AgentHyperparameters): void {
  const problems: string[] = [];
  if (h.latentDim % h.heads !== 0) problems.push(`latentDim ${h.latentDim} must be divisible by heads ${h.heads}`);
  if (h.replayWarmup > h.replayCapacity) problems.push(`replayWarmup ${h.replayWarmup} exceeds replayCapacity ${h.replayCapacity}`);
  if (h.batchSize > h.replayCapacity) problems.push(`batchSize ${h.batchSize} exceeds replayCapacity ${h.replayCapacity}`);
  if (h.maxNeighbours > 32767) problems.push(`maxNeighbours ${h.maxNeighbours} is too large (at most 32767)`);
  if (!(h.gamma >= 0 && h.gamma <= 1)) problems.push(`gamma ${h.gamma} must be in [0, 1]`);
  if (!(h.dropout >= 0 && h.dropout < 1)) problems.push(`dropout ${h.dropout} must be in [0, 1)`);
  for (const key of ['latentDim', 'layers', 'heads', 'ffnDim', 'maxNeighbours', 'episodeLength', 'nStep', 'batchSize', 'targetUpdateInterval', 'replayCapacity', 'replayWarmup', 'importanceAnnealSteps', 'actors', 'weightSyncInterval'] as const) {
    if (!Number.isInteger(h[key]) || h[key] < 1) problems.push(`${key} must be a positive integer, got ${h[key]}`);
  }
  if (problems.length > 0) throw new Error(`agent hyperparameters: ${problems.join('; ')}`);
}
