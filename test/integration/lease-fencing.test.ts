/**
 * Leases and fencing with real processes: a CLI frozen long enough for its run to be taken
 * over must not execute the run a second time when it wakes up, and a run whose process died
 * is found by any running scheduler, not only by one that starts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { assertRanOnce, homeWithExperiment, openStore, sleep, startArchwalk, until, type CliProcess } from '../helpers/processes.ts';

const skip = skipWithout(NB201_CSV);
const FINAL = /^(succeeded|failed|cancelled)$/;

test('a CLI frozen for 10.5 s while its run is taken over is fenced when it wakes: the run executes once', { skip }, async () => {
  const budget = 150;
  const home = await homeWithExperiment({ budget, seeds: [0], searchers: ['random-walk'], queryDelayMs: 40 });
  const run = home.runIds[0]!;
  const store = openStore(home);
  // A lease shorter than the freeze, so that the freeze really loses it.
  const env = { ARCHWALK_LEASE_MS: '5000' };
  const a = startArchwalk(home.path, ['worker'], { env });
  let c: CliProcess | undefined;
  const diagnostics = (): string => `--- A ---\n${a.stderr()}\n--- C ---\n${c?.stderr() ?? ''}`;
  try {
    await until('A to record 15 queries', () => (store.getRun(run)?.queries ?? 0) >= 15, 60000, diagnostics);
    process.kill(a.pid, 'SIGSTOP');
    const frozenAt = Date.now();
    await sleep(9500);
    // Any archwalk that starts now finds the run orphaned; the user resumes it and C runs it.
    const b = startArchwalk(home.path, ['worker'], { env });
    await until('the frozen run to be found orphaned', () => store.getRun(run)?.status === 'interrupted', 20000, () => `${diagnostics()}\n--- B ---\n${b.stderr()}`);
    await b.exited;
    const resumed = archwalk(home.path, ['runs', 'resume', String(run)]);
    assert.equal(resumed.code, 0, resumed.stderr);
    c = startArchwalk(home.path, ['worker'], { env });
    await until('C to take the run over', () => store.getRun(run)?.status === 'running' && (store.getRun(run)?.owner ?? '').includes(`:${c!.pid}:`), 20000, diagnostics);
    await sleep(Math.max(0, 10500 - (Date.now() - frozenAt)));
    process.kill(a.pid, 'SIGCONT');
    const [exitA, exitC] = await Promise.all([a.exited, c.exited].map((p) => Promise.race([p, sleep(90000).then(() => null)])));
    assert.ok(exitA && exitC, `A or C did not finish\n${diagnostics()}`);
    assertRanOnce(store, run, budget, diagnostics());
    assert.match(a.stderr(), new RegExp(`run ${run} attempt 1 was taken over`), 'the stale process says why it stopped');
    assert.equal(exitA.code, 0, diagnostics());
  } finally {
    if (a.child.exitCode === null) process.kill(a.pid, 'SIGCONT');
    a.kill();
    c?.kill();
    store.close();
    home.cleanup();
  }
});

test("a killed CLI's run is found orphaned by a watching worker's periodic sweep and resumed there", { skip }, async () => {
  const budget = 120;
  const home = await homeWithExperiment({ budget, seeds: [3], searchers: ['random-search'], queryDelayMs: 20 });
  const run = home.runIds[0]!;
  const store = openStore(home);
  const env = { ARCHWALK_LEASE_MS: '2000' };
  const a = startArchwalk(home.path, ['worker'], { env });
  let b: CliProcess | undefined;
  const diagnostics = (): string => `--- A ---\n${a.stderr()}\n--- B ---\n${b?.stderr() ?? ''}`;
  try {
    await until('A to record 10 queries', () => (store.getRun(run)?.queries ?? 0) >= 10, 60000, diagnostics);
    b = startArchwalk(home.path, ['worker', '--watch'], { env });
    await until('B to watch the queue', () => /processing the queue/.test(b!.stderr()), 20000, diagnostics);
    a.kill('SIGKILL');
    await a.exited;
    await until('the watching worker to find the orphan', () => store.getRun(run)?.status === 'interrupted', 15000, diagnostics);
    const resumed = archwalk(home.path, ['runs', 'resume', String(run)]);
    assert.equal(resumed.code, 0, resumed.stderr);
    await until('the resumed run to finish', () => FINAL.test(store.getRun(run)!.status), 60000, diagnostics);
    assertRanOnce(store, run, budget, diagnostics());
  } finally {
    a.kill();
    b?.kill();
    store.close();
    home.cleanup();
  }
});

test('an orphaned run can be cancelled or resumed from the CLI with no scheduler running', { skip }, async () => {
  const budget = 120;
  const home = await homeWithExperiment({ budget, seeds: [1, 2], searchers: ['random-search'], queryDelayMs: 20 });
  const [first, second] = home.runIds as [number, number];
  const store = openStore(home);
  const env = { ARCHWALK_LEASE_MS: '1500' };
  try {
    for (const run of [first, second]) {
      const cli = startArchwalk(home.path, ['worker', '--concurrency', '1'], { env });
      await until(`run ${run} to record queries`, () => (store.getRun(run)?.queries ?? 0) >= 5, 60000, cli.stderr);
      cli.kill('SIGKILL');
      await cli.exited;
    }
    await sleep(2000);
    const cancelled = archwalk(home.path, ['queue', 'cancel', String(first)]);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.equal(store.getRun(first)!.status, 'cancelled');
    const resumed = archwalk(home.path, ['runs', 'resume', String(second)]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(store.getRun(second)!.status, 'queued');
    const worker = archwalk(home.path, ['worker'], {});
    assert.equal(worker.code, 0, worker.stderr);
    assertRanOnce(store, second, budget);
  } finally {
    store.close();
    home.cleanup();
  }
});
