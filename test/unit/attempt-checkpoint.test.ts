import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { trainingCheckpointPath } from '../../src-main/services/agents.ts';
import { attemptCheckpointPath, prepareAttemptCheckpoint } from '../../src-main/services/attempt-checkpoint.ts';
import { tempDir } from '../helpers/data.ts';

test('each attempt trains into its own checkpoint, copied from the one the log last recorded', () => {
  const dir = tempDir();
  try {
    assert.equal(prepareAttemptCheckpoint(dir.path, 7, 1, null), attemptCheckpointPath(dir.path, 7, 1));
    assert.equal(existsSync(attemptCheckpointPath(dir.path, 7, 1)), false, 'a first attempt starts from scratch');

    const first = attemptCheckpointPath(dir.path, 7, 1);
    writeFileSync(first, 'state after 3000 steps');
    const second = prepareAttemptCheckpoint(dir.path, 7, 2, first);
    assert.notEqual(second, first);
    assert.equal(readFileSync(second, 'utf8'), 'state after 3000 steps');
    // The frozen first attempt wakes up and writes on: the second attempt's file does not change.
    writeFileSync(first, 'state the stale attempt wrote later');
    assert.equal(readFileSync(second, 'utf8'), 'state after 3000 steps');
  } finally {
    dir.cleanup();
  }
});

test("a run checkpointed before attempts had their own files resumes from the run's checkpoint", () => {
  const dir = tempDir();
  try {
    writeFileSync(trainingCheckpointPath(dir.path, 3), 'older layout');
    const path = prepareAttemptCheckpoint(dir.path, 3, 4, null);
    assert.equal(readFileSync(path, 'utf8'), 'older layout');
    assert.equal(prepareAttemptCheckpoint(dir.path, 3, 5, '/no/such/checkpoint'), attemptCheckpointPath(dir.path, 3, 5));
    assert.equal(readFileSync(attemptCheckpointPath(dir.path, 3, 5), 'utf8'), 'older layout', 'a recorded file that is gone falls back to it');
  } finally {
    dir.cleanup();
  }
});
