/**
 * One checkout driven from the outside, for test/bench/reliability-scenarios.ts: a fresh
 * temporary ARCHWALK_HOME per try, that checkout's own `archwalk` launcher as real processes,
 * and a read-only look at the home's database with plain SQL over the tables and columns every
 * schema version has (runs, run_events, benchmarks), so that an old checkout's store is observed
 * without being migrated by this repository's Store.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { archwalk, type CliResult } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/data.ts';
import { startArchwalk, type CliProcess, type StartOptions } from '../../helpers/processes.ts';

/** The benchmark every checkout registers in a new home (nb101-5v-fmnist ships since before issue 14). */
export const SHIPPED_BENCHMARK = 'nb101-5v-fmnist';

export interface RunState {
  status: string;
  queries: number;
  error: string | null;
  owner: string | null;
}

export interface SearchFields {
  searcher: string;
  budget: number;
  seed: number;
  queryDelayMs: number;
}

export class Lab {
  readonly home: string;
  readonly database: string;
  private readonly dir: ReturnType<typeof tempDir>;
  private readonly processes: { process: CliProcess; group: boolean }[] = [];

  readonly checkout: string;
  /** Environment for every process of this lab (e.g. a shorter lease where the checkout reads one). */
  readonly env: Record<string, string>;

  constructor(checkout: string, env: Record<string, string> = {}) {
    this.checkout = checkout;
    this.env = env;
    this.dir = tempDir('archwalk-reliability-');
    this.home = this.dir.path;
    this.database = join(this.home, 'archwalk.db');
  }

  /** Creates the home (store, shipped benchmarks) before a scenario races anything on it. */
  init(): void {
    const listed = this.cli(['benchmark', 'list']);
    if (listed.code !== 0) throw new Error(`benchmark list failed (${listed.code}): ${listed.stderr}`);
  }

  cli(args: string[]): CliResult {
    return archwalk(this.home, args, { checkout: this.checkout, env: this.env });
  }

  start(args: string[], options: Omit<StartOptions, 'checkout'> = {}): CliProcess {
    const started = startArchwalk(this.home, args, { ...options, env: { ...this.env, ...options.env }, checkout: this.checkout });
    this.processes.push({ process: started, group: options.detached ?? false });
    return started;
  }

  /** Queues one search run on the shipped benchmark through `archwalk queue add`; returns its id. */
  queueSearch(fields: SearchFields): number {
    const config = join(this.home, 'experiment.yaml');
    writeFileSync(
      config,
      [
        'name: reliability scenario',
        `benchmark: ${SHIPPED_BENCHMARK}`,
        `budget: ${fields.budget}`,
        `seeds: [${fields.seed}]`,
        `queryDelayMs: ${fields.queryDelayMs}`,
        'searchers:',
        `  - kind: ${fields.searcher}`,
      ].join('\n'),
    );
    const queued = this.cli(['queue', 'add', config]);
    if (queued.code !== 0) throw new Error(`queue add failed (${queued.code}): ${queued.stderr}`);
    const ids = this.read((db) => db.prepare('SELECT id FROM runs ORDER BY id').all() as { id: number }[]);
    if (ids.length !== 1) throw new Error(`expected one queued run, found ${ids.length}`);
    return ids[0]!.id;
  }

  run(runId: number): RunState | null {
    return this.read((db) => (db.prepare('SELECT status, queries, error, owner FROM runs WHERE id = ?').get(runId) as RunState | undefined) ?? null);
  }

  /** The query number of every architecture event the run recorded, in log order. */
  recordedQueries(runId: number): number[] {
    return this.read((db) =>
      (db.prepare(`SELECT data FROM run_events WHERE run_id = ? AND type = 'architecture' ORDER BY seq`).all(runId) as { data: string }[]).map(
        (row) => (JSON.parse(row.data) as { query: number }).query,
      ),
    );
  }

  benchmark(name: string): { dataPath: string } | null {
    const row = this.read((db) => db.prepare('SELECT data_path FROM benchmarks WHERE name = ?').get(name) as { data_path: string } | undefined);
    return row ? { dataPath: row.data_path } : null;
  }

  /** A short read on its own connection (opened and closed each time, so it never holds the log back). */
  read<T>(query: (db: DatabaseSync) => T): T {
    const db = new DatabaseSync(this.database, { readOnly: true });
    try {
      db.exec('PRAGMA busy_timeout = 2000');
      return query(db);
    } finally {
      db.close();
    }
  }

  /** Ends what this lab started (a scenario's own group with all its run processes), then removes the home. */
  cleanup(): void {
    for (const { process: started, group } of this.processes) {
      if (started.child.exitCode !== null || started.child.signalCode !== null) continue;
      const target = group ? -started.pid : started.pid;
      for (const signal of ['SIGCONT', 'SIGKILL'] as const) {
        try {
          process.kill(target, signal);
        } catch {
          // already gone
        }
      }
    }
    this.dir.cleanup();
  }
}

/** How a run ended, judged by what its store says: each query once and in order, and succeeded. */
export function judgeRun(lab: Lab, runId: number, budget: number): { ranOnce: boolean; summary: string } {
  const row = lab.run(runId);
  const queries = lab.recordedQueries(runId);
  const duplicated = queries.length - new Set(queries).size;
  const inOrder = queries.length === budget && queries.every((q, i) => q === i + 1);
  const ranOnce = row?.status === 'succeeded' && row.queries === budget && duplicated === 0 && inOrder;
  const status = row ? `${row.status}${row.error ? ` ("${oneLine(row.error, 90)}")` : ''}` : 'missing';
  const events = duplicated > 0 ? `${queries.length} query events for budget ${budget}, ${duplicated} duplicated` : `${queries.length}/${budget} query events`;
  return { ranOnce, summary: `run ${status}, ${events}` };
}

/** The first line of `text` (or its last one with `last`, not counting Node's closing version line), cut to `max` characters. */
export function oneLine(text: string, max = 120, last = false): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !(last && /^Node\.js v\d/.test(l)));
  const line = (last ? lines.at(-1) : lines[0]) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
