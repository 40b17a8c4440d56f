/**
 * Building a tabular NB101 benchmark by training every cell of a sub-space under one
 * recipe: the work list, a crash-safe journal, and the assembly into the compact NB101
 * table (so the official hashing, neighbourhoods and query code serve the result).
 *
 * Resumable: each worker appends one JSON line per trained (cell, seed) to its own journal
 * file and flushes it; a restart reads every journal, skips what is done and continues.
 * A worker killed mid-write leaves a torn line, which is ignored (that cell is simply
 * trained again); the next writer starts a fresh line after it.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { enumerateNb101 } from '../spaces/nb101/enumerate.ts';
import { graphToCell, type CellGraph, type Nb101Cell } from '../spaces/nb101/matrix.ts';
import { Nb101TableBuilder } from '../benchmarks/nb101/table-builder.ts';
import type { Nb101Table } from '../benchmarks/nb101/table-format.ts';
import { METRIC_FIELDS } from '../benchmarks/nb101/rows.ts';
import type { TrainOutcome } from './train.ts';

export interface BuildJob {
  /** Position in enumeration order (stable across runs: the enumeration is deterministic). */
  index: number;
  hash: string;
  graph: CellGraph;
  seed: number;
}

/** Every unique cell with at most `maxVertices` vertices, once per seed, in enumeration order. */
export function buildJobs(maxVertices: number, seeds: readonly number[]): BuildJob[] {
  const cells: { hash: string; graph: CellGraph }[] = [];
  enumerateNb101({ maxVertices, onCell: (graph, hash) => cells.push({ hash, graph: { n: graph.n, out: graph.out.slice(), labels: graph.labels.slice() } }) });
  const jobs: BuildJob[] = [];
  for (const seed of seeds) cells.forEach((cell, index) => jobs.push({ index, hash: cell.hash, graph: cell.graph, seed }));
  return jobs;
}

export interface JournalEntry {
  hash: string;
  seed: number;
  cell: Nb101Cell;
  outcome: TrainOutcome;
  /** The recipe key the entry was trained under. */
  recipe: string;
  backend: string;
  finishedAt: string;
}

export function jobKey(hash: string, seed: number): string {
  return `${hash}/${seed}`;
}

const JOURNAL = /^journal-\d+\.jsonl$/;

/**
 * Every complete entry in `dir` trained under `recipe`. Entries of another recipe are
 * refused (mixing them would make a table measure two things). Torn lines are skipped.
 */
export function readJournals(dir: string, recipe: string): Map<string, JournalEntry> {
  const done = new Map<string, JournalEntry>();
  if (!existsSync(dir)) return done;
  for (const name of readdirSync(dir).filter((n) => JOURNAL.test(n)).sort()) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        // A torn line (a worker killed mid-write): its cell counts as not done and is trained again.
        return;
      }
      if (entry.recipe !== recipe) {
        throw new Error(`${join(dir, name)} line ${i + 1} was trained under recipe ${entry.recipe}, not ${recipe}; use a separate work folder per recipe`);
      }
      done.set(jobKey(entry.hash, entry.seed), entry);
    });
  }
  return done;
}

/** Appends entries to one worker's journal, flushed to disk per entry. */
export class JournalWriter {
  readonly path: string;

  constructor(dir: string, worker: number) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `journal-${worker}.jsonl`);
    // A worker killed mid-write leaves a torn last line; end it, so the next entry starts on a
    // line of its own (the torn line stays unreadable and its cell is trained again).
    if (existsSync(this.path)) {
      const text = readFileSync(this.path);
      if (text.length > 0 && text[text.length - 1] !== 0x0a) appendFileSync(this.path, '\n');
    }
  }

  append(entry: JournalEntry): void {
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, JSON.stringify(entry) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

export function toJournalEntry(job: BuildJob, outcome: TrainOutcome, recipe: string, backend: string): JournalEntry {
  return { hash: job.hash, seed: job.seed, cell: graphToCell(job.graph), outcome, recipe, backend, finishedAt: new Date().toISOString() };
}

/**
 * The NB101 table of all entries: one epoch budget (the recipe's), one repeat slot per
 * seed in ascending seed order. Missing (cell, seed) pairs are an error naming how many.
 */
export function assembleTable(jobs: readonly BuildJob[], done: Map<string, JournalEntry>, epochs: number, source: { file: string; bytes: number }): Nb101Table {
  const missing = jobs.filter((job) => !done.has(jobKey(job.hash, job.seed)));
  if (missing.length > 0) throw new Error(`${missing.length} of ${jobs.length} (cell, seed) trainings are not done yet (first: ${missing[0]!.hash} seed ${missing[0]!.seed}); run the build again to finish them`);
  const builder = new Nb101TableBuilder();
  const ordered = [...jobs].sort((a, b) => a.seed - b.seed || a.index - b.index);
  for (const job of ordered) {
    const { outcome } = done.get(jobKey(job.hash, job.seed))!;
    const halfway = outcome.halfway ?? { train: NaN, validation: NaN, test: NaN };
    const values: Record<(typeof METRIC_FIELDS)[number], number> = {
      final_train_accuracy: outcome.final.train,
      final_validation_accuracy: outcome.final.validation,
      final_test_accuracy: outcome.final.test,
      final_training_time: outcome.trainSeconds,
      halfway_train_accuracy: halfway.train,
      halfway_validation_accuracy: halfway.validation,
      halfway_test_accuracy: halfway.test,
      halfway_training_time: outcome.halfway ? outcome.halfwaySeconds : NaN,
    };
    builder.add({ hash: job.hash, epochs, graph: job.graph, trainableParameters: outcome.params, metrics: METRIC_FIELDS.map((f) => values[f]) });
  }
  return builder.finish({ ...source, records: ordered.length });
}
