/**
 * The scheduler survives its database and its own freezes, with real processes: a write lock
 * held for 14 s by another connection, a disk that fills up (RLIMIT_FSIZE in the child) and
 * frees again, and a suspend of the whole process group longer than the stall watchdog.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { NB201_CSV, REPO_ROOT, skipWithout } from '../helpers/data.ts';
import { assertRanOnce, homeWithExperiment, openStore, sleep, startArchwalk, until } from '../helpers/processes.ts';

const skip = skipWithout(NB201_CSV);

async function exitWithin(process: { exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }, ms: number) {
  return Promise.race([process.exited, sleep(ms).then(() => null)]);
}

test('a write lock held for 14 s by another connection: the CLI waits, retries and finishes its run once', { skip }, async () => {
  const budget = 200;
  const home = await homeWithExperiment({ budget, seeds: [5], searchers: ['random-walk'], queryDelayMs: 30 });
  const run = home.runIds[0]!;
  const store = openStore(home);
  const cli = startArchwalk(home.path, ['worker']);
  try {
    await until('20 stored queries', () => (store.getRun(run)?.queries ?? 0) >= 20, 60000, cli.stderr);
    const locker = new DatabaseSync(home.database);
    locker.exec('PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE');
    await sleep(14000);
    locker.exec('COMMIT');
    locker.close();
    const exit = await exitWithin(cli, 90000);
    assert.ok(exit, `the CLI did not finish\n${cli.stderr()}`);
    assert.equal(exit.code, 0, cli.stderr());
    assertRanOnce(store, run, budget, cli.stderr());
  } finally {
    cli.kill();
    store.close();
    home.cleanup();
  }
});

test('a full disk pauses the queue with a visible state, and it resumes when space returns', { skip }, async () => {
  const budget = 1000;
  const home = await homeWithExperiment({ budget, seeds: [2], searchers: ['random-search'], queryDelayMs: 4 });
  const run = home.runIds[0]!;
  const store = openStore(home);
  // The services in a child whose files cannot grow past the database's size plus 192 KiB: the
  // write-ahead log fills that up within seconds. Space "returns" when this test checkpoints the
  // log, after which SQLite writes it from its start again.
  const script = `
    import { createServices } from ${JSON.stringify(join(REPO_ROOT, 'src-main/services/index.ts'))};
    import { createForkLauncher } from ${JSON.stringify(join(REPO_ROOT, 'src-main/services/fork-launcher.ts'))};
    const services = await createServices({ home: process.env.ARCHWALK_HOME, launcher: createForkLauncher(), mode: 'cli', concurrency: 1, embeddedBenchmarks: false });
    let last = '';
    const report = async () => {
      const state = JSON.stringify((await services.api.getQueue()).storage?.state ?? null);
      if (state !== last) process.stdout.write('storage ' + (last = state) + '\\n');
    };
    const timer = setInterval(report, 20);
    await services.scheduler.whenIdle();
    clearInterval(timer);
    await report();
    await services.close();
    process.stdout.write('idle\\n');
  `;
  const limitKib = Math.ceil(statSync(home.database).size / 1024) + 192;
  const child = startArchwalk(home.path, ['--eval', script], { fileSizeLimitKib: limitKib });
  const checkpointer = new DatabaseSync(home.database);
  checkpointer.exec('PRAGMA busy_timeout = 5000');
  try {
    let freed = 0;
    const deadline = Date.now() + 120000;
    while (child.child.exitCode === null && Date.now() < deadline) {
      const fullNow = (child.stderr().match(/storage "disk-full"/g) ?? []).length;
      if (fullNow > freed) {
        await sleep(300);
        checkpointer.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
        freed = fullNow;
      }
      await sleep(50);
    }
    const exit = await exitWithin(child, 10000);
    assert.ok(exit, `the services did not finish\n${child.stderr()}`);
    assert.equal(exit.code, 0, child.stderr());
    assert.ok(freed >= 1, `the disk never filled up, the test proves nothing\n${child.stderr()}`);
    const states = child.stderr().split('\n').filter((line) => line.startsWith('storage ')).map((line) => line.slice('storage '.length));
    assert.equal(states[0], '"ok"');
    assert.ok(states.includes('"disk-full"'), `the Api shows the full disk: ${states.join(', ')}`);
    assert.equal(states.at(-1), '"ok"', 'and clears it when space returns');
    assert.match(child.stderr(), /the store is writable again \(disk-full since/);
    assert.match(child.stderr(), /idle\n$/);
    assertRanOnce(store, run, budget, child.stderr());
  } finally {
    child.kill();
    checkpointer.close();
    store.close();
    home.cleanup();
  }
});

test('a suspend of the whole process group longer than the stall watchdog does not fail a healthy run', { skip }, async () => {
  const budget = 300;
  const home = await homeWithExperiment({ budget, seeds: [4], searchers: ['local-search'], queryDelayMs: 30 });
  const run = home.runIds[0]!;
  const store = openStore(home);
  const cli = startArchwalk(home.path, ['worker'], { detached: true });
  try {
    await until('10 stored queries', () => (store.getRun(run)?.queries ?? 0) >= 10, 60000, cli.stderr);
    // Longer than the default 15 s watchdog: the scheduler and its run process were both frozen.
    process.kill(-cli.pid, 'SIGSTOP');
    await sleep(16000);
    process.kill(-cli.pid, 'SIGCONT');
    const exit = await exitWithin(cli, 90000);
    assert.ok(exit, `the CLI did not finish\n${cli.stderr()}`);
    assertRanOnce(store, run, budget, cli.stderr());
    assert.equal(exit.code, 0, cli.stderr());
  } finally {
    try {
      process.kill(-cli.pid, 'SIGCONT');
      process.kill(-cli.pid, 'SIGKILL');
    } catch {
      // the group is gone
    }
    store.close();
    home.cleanup();
  }
});
