/** The Api's queue: its state, moving a queued run, cancel/pause/resume, the concurrency setting. */
import { cpus } from 'node:os';
import type { Api } from '#shared/api.ts';
import { concurrencyProblem } from '#shared/run-limits.ts';
import { CONCURRENCY_SETTING } from '../settings.ts';
import { toRunSummary } from '../store.ts';
import { UserError } from '../user-error.ts';
import { requireRun, type ApiContext } from './context.ts';

export function queueApi({ store, scheduler, emit }: ApiContext): Pick<Api, 'moveQueuedRun' | 'getQueue' | 'cancelRun' | 'pauseRun' | 'resumeRun' | 'setConcurrency'> {
  return {
    async moveQueuedRun(id, where) {
      requireRun(store, id);
      if (!['top', 'bottom', 'up', 'down'].includes(where)) throw new UserError(`a queued run moves to top, bottom, up or down, not ${JSON.stringify(where)}`);
      if (!store.moveQueued(id, where)) throw new UserError(`run ${id} is not waiting in the queue`);
      const row = store.getRun(id)!;
      emit({ type: 'run-updated', run: toRunSummary(row) });
    },
    async getQueue() {
      return { concurrency: scheduler.concurrency, storage: scheduler.storage, runs: store.listRuns({ statuses: ['running', 'paused', 'queued'] }).map(toRunSummary) };
    },
    async cancelRun(id) {
      requireRun(store, id);
      if (!scheduler.cancel(id)) throw new UserError(`run ${id} cannot be cancelled: it is ${store.getRun(id)?.status}`);
    },
    async pauseRun(id) {
      requireRun(store, id);
      if (!scheduler.pause(id)) throw new UserError(`run ${id} cannot be paused: it is not running in this archwalk process`);
    },
    async resumeRun(id) {
      requireRun(store, id);
      if (!scheduler.resume(id)) throw new UserError(`run ${id} cannot be resumed: it is ${store.getRun(id)?.status}`);
    },
    async setConcurrency(n) {
      const problem = concurrencyProblem(n, cpus().length);
      if (problem !== null) throw new UserError(problem);
      store.setSetting(CONCURRENCY_SETTING, String(n));
      scheduler.concurrency = n;
    },
  };
}
