/**
 * The fork launcher reports a process's end only after every message it sent has been
 * delivered: a run process sends `done` and exits at once, and the scheduler must see `done`
 * first (otherwise a finished run is failed as "exited with code 0 before finishing").
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createForkLauncher } from '../../src-main/services/fork-launcher.ts';
import { REPO_ROOT } from '../helpers/data.ts';

test('the last message of a process that exits right after sending it arrives before its exit is reported', async () => {
  const launch = createForkLauncher(join(REPO_ROOT, 'test', 'fixtures', 'send-then-exit.mjs'));
  const orders = await Promise.all(Array.from({ length: 12 }, () => new Promise<string[]>((resolve) => {
    const seen: string[] = [];
    const handle = launch({
      onMessage: (message) => seen.push((message as { type: string }).type),
      onOutput: () => undefined,
      onExit: (code) => {
        seen.push(`exit ${code}`);
        resolve(seen);
      },
    });
    // A busy parent (the scheduler under load): by the time it looks, the message and the exit are both waiting.
    const until = Date.now() + 400;
    while (Date.now() < until) void handle.pid;
  })));
  for (const order of orders) assert.deepEqual(order, ['done', 'exit 0']);
});
