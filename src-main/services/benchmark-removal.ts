/**
 * Removing a registered benchmark: refused while queued, running or paused runs use it
 * (they would fail for a missing benchmark), otherwise the registry row goes first, in one
 * transaction with the check, and the data after it.
 *
 * What stays: finished runs (succeeded, failed, cancelled, interrupted) keep their stored
 * results (events, incumbents, reports) and still name the benchmark; resuming an
 * interrupted or failed one needs a benchmark of that name again (re-importing the same
 * file gives the same checksum, which resume checks). Trained agents keep their checkpoints.
 * Data outside the home's benchmarks folder is never deleted. A removal killed between the
 * row and the files leaves an unregistered data file, which the start-up sweep removes.
 */
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunStatus } from '#shared/api.ts';
import type { HomeLayout } from './home.ts';
import type { BenchmarkRow, Store } from './store.ts';
import { UserError } from './user-error.ts';

/** Runs in these states still need their benchmark. */
const RUN_STATUSES_USING_BENCHMARK: readonly RunStatus[] = ['queued', 'running', 'paused'];

/** How many of the blocking runs the refusal names. */
const NAMED_RUNS = 10;

export interface RemovedBenchmark {
  row: BenchmarkRow;
  /** False when the data lies outside the home's benchmarks folder (left alone) or could not be removed now (the sweep will). */
  dataRemoved: boolean;
}

interface BlockingRun {
  id: number;
  status: RunStatus;
  experiment_id: number;
}

export function removeBenchmark(store: Store, home: HomeLayout, name: string): RemovedBenchmark {
  const row = store.transaction(() => {
    const found = store.getBenchmark(name);
    if (!found) throw new UserError(`there is no benchmark named "${name}" (archwalk benchmark list)`);
    const blocking = store.db
      .prepare(
        `SELECT id, status, experiment_id FROM runs
         WHERE (json_extract(config_json, '$.benchmark') = ?
                OR EXISTS (SELECT 1 FROM json_each(config_json, '$.benchmarks') WHERE value = ?))
           AND status IN (${RUN_STATUSES_USING_BENCHMARK.map(() => '?').join(', ')})
         ORDER BY id`,
      )
      // A training run on several benchmarks names the first in `benchmark` and all in `benchmarks`.
      .all(name, name, ...RUN_STATUSES_USING_BENCHMARK) as unknown as BlockingRun[];
    if (blocking.length > 0) {
      const named = blocking.slice(0, NAMED_RUNS).map((r) => `run ${r.id} (${r.status}, experiment ${r.experiment_id})`);
      const more = blocking.length > NAMED_RUNS ? ` and ${blocking.length - NAMED_RUNS} more` : '';
      throw new UserError(`benchmark "${name}" is in use by ${blocking.length} unfinished run${blocking.length === 1 ? '' : 's'}: ${named.join(', ')}${more}; cancel them or let them finish, then remove it`);
    }
    store.db.prepare('DELETE FROM benchmarks WHERE id = ?').run(found.id);
    return found;
  });
  let dataRemoved = false;
  if (resolve(dirname(row.data_path)) === resolve(home.benchmarks)) {
    try {
      rmSync(row.data_path, { recursive: true, force: true });
      dataRemoved = true;
    } catch {
      // The row is gone, so the data is unregistered: the start-up sweep removes it later.
    }
  }
  return { row, dataRemoved };
}
