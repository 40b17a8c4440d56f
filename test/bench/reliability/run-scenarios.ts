/**
 * Issue 14's run scenarios through a checkout's `archwalk worker`: a frozen owner whose run is
 * taken over, a 14 s write lock, a full disk, a suspend of the whole process group. Each queues
 * one search on the shipped nb101-5v-fmnist table with a small budget and a per-query delay (so
 * the run lasts seconds and is still running when the fault hits) and judges the run by its
 * store: succeeded, each query recorded once and in order.
 */
import { statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { sleep, until, type CliProcess } from '../../helpers/processes.ts';
import { judgeRun, oneLine, type Lab, type SearchFields } from './lab.ts';
import { exitWithin, STACK_FRAME, type Scenario, type TryResult } from './scenario.ts';

const FREEZE_MS = 10_500;
/** The old code interrupted runs whose heartbeat was older than 10 s; another process starts just after that. */
const OLD_STALENESS_MS = 10_000;
const LOCK_MS = 14_000;
/** The stall watchdog is 15 s in both versions. */
const GROUP_SUSPEND_MS = 16_000;

/** Queues the search, starts `archwalk worker` and waits until the run stored `queries` queries. */
async function workerAtQuery(lab: Lab, fields: SearchFields, queries: number, options: { detached?: boolean } = {}): Promise<{ run: number; worker: CliProcess }> {
  const run = lab.queueSearch(fields);
  const worker = lab.start(['worker'], options);
  await until(`${queries} stored queries`, () => (lab.run(run)?.queries ?? 0) >= queries, 60_000, worker.stderr);
  return { run, worker };
}

function exitText(exit: { code: number | null; signal: NodeJS.Signals | null } | null): string {
  if (!exit) return 'still running';
  return exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code}`;
}

/** The message of an uncaught error (the line before its first stack frame), or null when nothing printed a stack. */
function rawError(stderr: string): string | null {
  const frame = stderr.search(STACK_FRAME);
  return frame < 0 ? null : oneLine(stderr.slice(0, frame), 100, true) || 'a stack trace';
}

/** What the process said last: its uncaught error, or its last line. */
function lastWords(stderr: string): string {
  return rawError(stderr) ?? oneLine(stderr, 140, true);
}

export const frozenOwner: Scenario = {
  name: 'owner SIGSTOPped 10.5 s, another process starts, `runs resume`',
  defect: 'duplicated queries/events, or a finished run marked failed',
  setup:
    'random-walk, budget 150, 40 ms per query; A (`worker`) stopped at query ≥ 15; B (`worker`) started after 10.2 s finds the run orphaned; ' +
    '`runs resume`; C (`worker`) takes it; A continued once C owns it (≥ 10.5 s). ARCHWALK_LEASE_MS=5000 for every process (a checkout without leases ignores it: its staleness limit is a fixed 10 s)',
  env: { ARCHWALK_LEASE_MS: '5000' },
  async run(lab: Lab): Promise<TryResult> {
    const budget = 150;
    const { run, worker: a } = await workerAtQuery(lab, { searcher: 'random-walk', budget, seed: 0, queryDelayMs: 40 }, 15);
    process.kill(a.pid, 'SIGSTOP');
    const frozenAt = Date.now();
    await sleep(OLD_STALENESS_MS + 200);
    const b = lab.start(['worker']);
    try {
      await until('another process to find the run orphaned', () => lab.run(run)?.status === 'interrupted', 20_000, b.stderr);
    } catch {
      process.kill(a.pid, 'SIGCONT');
      return { outcome: 'inconclusive', observed: `the run was not found orphaned (${lab.run(run)?.status})`, detail: oneLine(b.stderr(), 160, true) };
    }
    await exitWithin(b.exited, 30_000);
    const resumed = lab.cli(['runs', 'resume', String(run)]);
    if (resumed.code !== 0) {
      process.kill(a.pid, 'SIGCONT');
      return { outcome: 'inconclusive', observed: '`runs resume` failed', detail: oneLine(resumed.stderr, 160) };
    }
    const c = lab.start(['worker']);
    await until('C to take the run over', () => lab.run(run)?.status === 'running' && (lab.run(run)?.owner ?? '').includes(`:${c.pid}:`), 20_000, c.stderr);
    await sleep(Math.max(0, FREEZE_MS - (Date.now() - frozenAt)));
    process.kill(a.pid, 'SIGCONT');
    const frozenFor = (Date.now() - frozenAt) / 1000;
    const [exitA, exitC] = await Promise.all([exitWithin(a.exited, 90_000), exitWithin(c.exited, 90_000)]);
    const judged = judgeRun(lab, run, budget);
    const saysTakenOver = /was taken over/.test(a.stderr());
    const raw = rawError(a.stderr()) ?? rawError(c.stderr());
    const exits = [['A', exitA], ['C', exitC]] as const;
    const badExits = exits.filter(([, exit]) => exit?.code !== 0).map(([who, exit]) => `${who} ${exitText(exit)}`);
    return {
      outcome: judged.ranOnce && badExits.length === 0 ? 'held' : 'defect',
      observed: `${judged.summary}${saysTakenOver ? '; A says its run was taken over' : ''}${badExits.length ? `; ${badExits.join(', ')}` : ''}`,
      detail: `A frozen ${frozenFor.toFixed(1)} s; A ${exitText(exitA)}, C ${exitText(exitC)}${raw ? `; raw error: ${raw}` : ''}`,
    };
  },
};

export const writeLock: Scenario = {
  name: '14 s write lock held on the database',
  defect: 'an uncaught error, or the run left `running` / not finished once',
  setup: 'random-search, budget 200, 30 ms per query; another connection holds BEGIN IMMEDIATE for 14 s from query ≥ 20',
  async run(lab: Lab): Promise<TryResult> {
    const budget = 200;
    const { run, worker } = await workerAtQuery(lab, { searcher: 'random-search', budget, seed: 5, queryDelayMs: 30 }, 20);
    const locker = new DatabaseSync(lab.database);
    locker.exec('PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE');
    await sleep(LOCK_MS);
    locker.exec('COMMIT');
    locker.close();
    const exit = await exitWithin(worker.exited, 90_000);
    const judged = judgeRun(lab, run, budget);
    const raw = rawError(worker.stderr());
    return {
      outcome: judged.ranOnce && exit?.code === 0 && !raw ? 'held' : 'defect',
      observed: `worker ${exitText(exit)}${raw ? ` with an uncaught "${raw}"` : ''}; ${judged.summary}`,
      detail: `last words: ${lastWords(worker.stderr())}`,
    };
  },
};

export const fullDisk: Scenario = {
  name: 'full disk (`ulimit -f` on the worker)',
  defect: 'a raw error, or a run left running / not finished once',
  setup:
    'random-search, budget 1000, 4 ms per query; `worker` under `ulimit -f` (database size + 192 KiB): its write-ahead log fills within seconds; ' +
    'space "returns" each time by a checkpoint (TRUNCATE) from this script 0.3 s after the log stopped growing at the limit',
  async run(lab: Lab): Promise<TryResult> {
    const budget = 1000;
    const run = lab.queueSearch({ searcher: 'random-search', budget, seed: 2, queryDelayMs: 4 });
    const limitKib = Math.ceil(statSync(lab.database).size / 1024) + 192;
    const worker = lab.start(['worker'], { fileSizeLimitKib: limitKib });
    const walSize = (): number => {
      try {
        return statSync(`${lab.database}-wal`).size;
      } catch {
        return 0;
      }
    };
    const checkpointer = new DatabaseSync(lab.database);
    checkpointer.exec('PRAGMA busy_timeout = 5000');
    let fills = 0;
    try {
      const deadline = Date.now() + 120_000;
      while (worker.child.exitCode === null && worker.child.signalCode === null && Date.now() < deadline) {
        const size = walSize();
        if (size > limitKib * 1024 - 32 * 1024) {
          await sleep(200);
          if (walSize() === size) {
            // The log stopped at the limit: the disk is full for this process. Give space back.
            await sleep(300);
            checkpointer.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
            if (walSize() < size) fills++;
          }
        }
        await sleep(50);
      }
    } finally {
      checkpointer.close();
    }
    const exit = await exitWithin(worker.exited, 5_000);
    const judged = judgeRun(lab, run, budget);
    const raw = rawError(worker.stderr());
    const failed = !judged.ranOnce || exit?.code !== 0 || raw !== null;
    if (!failed && fills === 0) return { outcome: 'inconclusive', observed: 'the disk never filled up', detail: judged.summary };
    const saysFull = /disk-full/.test(worker.stderr());
    return {
      outcome: failed ? 'defect' : 'held',
      observed: `worker ${exitText(exit)}${raw ? ` with an uncaught "${raw}"` : ''}; ${judged.summary}${saysFull ? '; it said "disk-full" and went on' : ''}`,
      detail: `space given back ${fills}× (a checkpoint after the log stopped at the limit); last words: ${lastWords(worker.stderr())}`,
    };
  },
};

export const groupSuspend: Scenario = {
  name: 'group suspend (SIGSTOP the process group 16 s, SIGCONT)',
  defect: 'a healthy run failed "heartbeat lost" (or not finished once)',
  setup: 'random-search, budget 300, 30 ms per query; `worker` in its own process group, the whole group stopped for 16 s (the stall watchdog is 15 s) at query ≥ 10',
  async run(lab: Lab): Promise<TryResult> {
    const budget = 300;
    const { run, worker } = await workerAtQuery(lab, { searcher: 'random-search', budget, seed: 4, queryDelayMs: 30 }, 10, { detached: true });
    process.kill(-worker.pid, 'SIGSTOP');
    await sleep(GROUP_SUSPEND_MS);
    process.kill(-worker.pid, 'SIGCONT');
    const exit = await exitWithin(worker.exited, 90_000);
    const judged = judgeRun(lab, run, budget);
    return {
      outcome: judged.ranOnce && exit?.code === 0 ? 'held' : 'defect',
      observed: judged.summary,
      detail: `worker ${exitText(exit)}`,
    };
  },
};

export const RUN_SCENARIOS: readonly Scenario[] = [frozenOwner, writeLock, fullDisk, groupSuspend];
