/**
 * Training checkpoints fenced by attempt. Each attempt of a training run writes its own file and
 * starts from a copy of the checkpoint its run's log last recorded (written by the attempt that
 * held the lease then). A frozen older attempt whose run process writes on therefore only ever
 * writes its own file: it can neither change what the new attempt resumes from nor what the
 * registered agent points at.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { trainingCheckpointPath } from './agents.ts';

/** The checkpoint file one attempt of a training run writes. */
export function attemptCheckpointPath(checkpointsDir: string, runId: number, attempt: number): string {
  return trainingCheckpointPath(checkpointsDir, runId).replace(/\.agent\.ckpt$/, `.attempt-${attempt}.agent.ckpt`);
}

/**
 * The attempt's checkpoint path, holding a copy of `lastRecorded` (the path of the run's last
 * stored checkpoint event) or, for runs checkpointed before attempts had files of their own, of
 * the run's single checkpoint; nothing when the run has none yet (it starts from scratch).
 */
export function prepareAttemptCheckpoint(checkpointsDir: string, runId: number, attempt: number, lastRecorded: string | null): string {
  const path = attemptCheckpointPath(checkpointsDir, runId, attempt);
  const legacy = trainingCheckpointPath(checkpointsDir, runId);
  const from = lastRecorded !== null && existsSync(lastRecorded) ? lastRecorded : existsSync(legacy) ? legacy : null;
  if (from !== null && from !== path) copyFileSync(from, path);
  return path;
}
