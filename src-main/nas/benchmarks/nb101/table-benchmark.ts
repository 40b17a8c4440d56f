/**
 * Nb101TableBenchmark: TabularBenchmark over an imported NB101 table, with the official
 * NASBench.query semantics:
 *   - the cell is pruned and hashed with the official hash (unknown hash → Error naming it);
 *   - `fidelity` is the epoch budget (default 108, the official default), any imported
 *     budget is allowed and others are an Error listing the imported ones;
 *   - `repeat: 'sample'` (default) draws one of the training repeats uniformly with the
 *     caller's Rng, as the official query does with Python's random; `'mean'` averages them;
 *   - reported numbers are the final evaluation: validation/test/train accuracy,
 *     training time; `cost` is that training time (simulated seconds spent).
 */
import type { Rng } from '../../rng.ts';
import type { Nb101Cell } from '../../spaces/nb101/matrix.ts';
import { NB101_MAX_VERTICES, NB101_SIZE } from '../../spaces/nb101/ops.ts';
import { createNb101Space, nb101Space, type Nb101Space } from '../../spaces/nb101/space.ts';
import type { BestKnown, Metrics, QueryOptions, TabularBenchmark } from '../types.ts';
import { METRIC_FIELDS, type MetricField } from './rows.ts';
import { unpackCell } from './table-cells.ts';
import { readNb101Table, readNb101TableSync, type Nb101Table } from './table-format.ts';
import { HashIndex, digestHex } from './table-keys.ts';

export const NB101_DEFAULT_EPOCHS = 108;

/** One training run, named as the official computed_stats entries. */
export type Nb101Evaluation = Record<MetricField, number>;

/** What the official get_metrics_from_hash returns: fixed and computed stats. */
export interface Nb101Record {
  hash: string;
  fixed: { module_adjacency: number[][]; module_operations: string[]; trainable_parameters: number };
  /** epochs → one entry per repeat. */
  computed: Record<number, Nb101Evaluation[]>;
}

export class Nb101TableBenchmark implements TabularBenchmark<Nb101Cell> {
  /** The registered name (errors and logs use it); 'nb101' when not given. */
  readonly name: string;
  readonly space: Nb101Space;
  readonly table: Nb101Table;
  private readonly index: HashIndex;
  private bestKnown: BestKnown<Nb101Cell> | null = null;

  constructor(table: Nb101Table, space: Nb101Space = nb101Space, name = 'nb101') {
    this.name = name;
    this.table = table;
    this.space = space;
    this.index = new HashIndex(table.hashes);
  }

  get size(): number {
    return this.table.count;
  }

  get epochs(): readonly number[] {
    return this.table.epochs;
  }

  get defaultEpochs(): number {
    const e = this.table.epochs;
    return e.includes(NB101_DEFAULT_EPOCHS) ? NB101_DEFAULT_EPOCHS : (e[e.length - 1] as number);
  }

  query(arch: Nb101Cell, options: QueryOptions): Metrics {
    return this.queryHash(this.space.hash(arch), options);
  }

  queryHash(hash: string, options: QueryOptions): Metrics {
    const i = this.position(hash);
    const e = this.epochSlot(options.fidelity ?? this.defaultEpochs);
    const cell = i * this.table.epochs.length + e;
    const available = this.table.repeatCounts[cell] as number;
    if (available === 0) {
      throw new Error(`NAS-Bench-101 table has no training run of cell ${hash} at ${this.table.epochs[e]} epochs`);
    }
    const mode = options.repeat ?? 'sample';
    const base = cell * this.table.repeats;
    let pick: (field: MetricField) => number;
    if (mode === 'sample') {
      const r = base + options.rng.int(available);
      pick = (field) => this.table.metrics[field][r] as number;
    } else if (mode === 'mean') {
      pick = (field) => {
        const values = this.table.metrics[field];
        let sum = 0;
        for (let r = 0; r < available; r++) sum += values[base + r] as number;
        return sum / available;
      };
    } else {
      throw new Error(`repeat must be "sample" or "mean", got ${JSON.stringify(mode)}`);
    }
    const trainSeconds = pick('final_training_time');
    return {
      valid: pick('final_validation_accuracy'),
      test: pick('final_test_accuracy'),
      train: pick('final_train_accuracy'),
      params: this.table.params[i] as number,
      trainSeconds,
      cost: trainSeconds,
    };
  }

  /** Everything stored for a cell, shaped like the official get_metrics_from_hash. */
  record(hash: string): Nb101Record {
    const i = this.position(hash);
    const cell = this.cellAt(i);
    const computed: Record<number, Nb101Evaluation[]> = {};
    this.table.epochs.forEach((epochs, e) => {
      const slot = i * this.table.epochs.length + e;
      const runs: Nb101Evaluation[] = [];
      for (let r = 0; r < (this.table.repeatCounts[slot] as number); r++) {
        const run = {} as Nb101Evaluation;
        for (const f of METRIC_FIELDS) run[f] = this.table.metrics[f][slot * this.table.repeats + r] as number;
        runs.push(run);
      }
      if (runs.length > 0) computed[epochs] = runs;
    });
    return {
      hash,
      fixed: { module_adjacency: cell.matrix, module_operations: cell.ops, trainable_parameters: this.table.params[i] as number },
      computed,
    };
  }

  /** Highest mean final validation accuracy at the default budget, with its mean test accuracy. */
  best(): BestKnown<Nb101Cell> {
    if (this.bestKnown !== null) return this.bestKnown;
    const t = this.table;
    const E = t.epochs.length;
    const e = this.epochSlot(this.defaultEpochs);
    const mean = (field: MetricField, slot: number): number => {
      const n = t.repeatCounts[slot] as number;
      let sum = 0;
      for (let r = 0; r < n; r++) sum += t.metrics[field][slot * t.repeats + r] as number;
      return sum / n;
    };
    let bestIndex = -1;
    let bestValid = -Infinity;
    for (let i = 0; i < t.count; i++) {
      const slot = i * E + e;
      if (t.repeatCounts[slot] === 0) continue;
      const v = mean('final_validation_accuracy', slot);
      if (v > bestValid) {
        bestValid = v;
        bestIndex = i;
      }
    }
    if (bestIndex < 0) throw new Error('NAS-Bench-101 table is empty');
    this.bestKnown = {
      arch: this.cellAt(bestIndex),
      hash: this.hashAt(bestIndex),
      valid: bestValid,
      test: mean('final_test_accuracy', bestIndex * E + e),
    };
    return this.bestKnown;
  }

  /** Uniform over the table's cells (unlike space.sample, which follows NASLib). */
  sample(rng: Rng): Nb101Cell {
    return this.cellAt(rng.int(this.table.count));
  }

  hashAt(i: number): string {
    return digestHex(this.table.hashes, 16 * i);
  }

  /** The pruned cell stored at position i. */
  cellAt(i: number): Nb101Cell {
    const t = this.table;
    return unpackCell(t.vertices[i] as number, t.adjacency[i] as number, t.ops[i] as number);
  }

  has(hash: string): boolean {
    return this.index.find(hash) >= 0;
  }

  *[Symbol.iterator](): Iterator<{ hash: string; arch: Nb101Cell }> {
    for (let i = 0; i < this.table.count; i++) yield { hash: this.hashAt(i), arch: this.cellAt(i) };
  }

  private position(hash: string): number {
    const i = this.index.find(hash);
    if (i < 0) {
      const partial = this.table.count < NB101_SIZE ? '; this table covers part of the space only, so import the full official file (nasbench_only108.tfrecord) to query any cell' : '';
      throw new Error(`NAS-Bench-101 table ${this.name} has no cell with hash ${hash} (${this.table.count} cells imported${this.table.source ? ` from ${this.table.source.file}` : ''})${partial}`);
    }
    return i;
  }

  private epochSlot(epochs: number): number {
    const e = this.table.epochs.indexOf(epochs);
    if (e < 0) throw new Error(`NAS-Bench-101 has no ${epochs}-epoch results in this table; imported budgets: ${this.table.epochs.join(', ')}`);
    return e;
  }
}

/**
 * The space a table covers: the full space, or, for a table of small cells only (every
 * cell with at most K < 7 vertices, like the embedded nb101-5v-fmnist), the space of
 * those cells, so that searches never step onto cells the table cannot answer.
 */
function spaceOf(table: Nb101Table): Nb101Space {
  let largest = 2;
  for (let i = 0; i < table.count; i++) largest = Math.max(largest, table.vertices[i] as number);
  if (largest >= NB101_MAX_VERTICES) return nb101Space;
  return createNb101Space(nb101Space.memo, largest);
}

/** A table already in memory as a benchmark over the space it covers. */
export function nb101TableBenchmark(table: Nb101Table, name?: string): Nb101TableBenchmark {
  return new Nb101TableBenchmark(table, spaceOf(table), name);
}

/** Loads a table written by importNb101TfRecord (or a table build) as a ready benchmark. */
export async function loadNb101Table(path: string, name?: string): Promise<Nb101TableBenchmark> {
  return nb101TableBenchmark(await readNb101Table(path), name);
}

/** loadNb101Table, synchronously (the run process opens its benchmark without awaiting). */
export function loadNb101TableSync(path: string, name?: string): Nb101TableBenchmark {
  return nb101TableBenchmark(readNb101TableSync(path), name);
}
