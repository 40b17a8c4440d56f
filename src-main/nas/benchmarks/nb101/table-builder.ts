/**
 * Accumulates official rows into an Nb101Table, with the official API's grouping: fixed
 * stats from the first row of each hash, one repeat per row in file order per
 * (hash, epochs). Rows go into growable flat columns, not objects: the full dataset has
 * 5 million rows. Metric columns hold float32 until a value needs float64 (the official
 * metrics are float32 values), which halves the import's peak memory.
 */
import { NB101_MAX_VERTICES } from '../../spaces/nb101/ops.ts';
import { METRIC_FIELDS, type MetricField, type Nb101Row } from './rows.ts';
import { packAdjacency, packOps } from './table-cells.ts';
import { writeDigest } from './table-keys.ts';
import type { Nb101Table, TableSource } from './table-format.ts';

/** Growable column of numbers, stored as float32 while every value is exact in float32. */
class MetricColumn {
  data: Float32Array | Float64Array = new Float32Array(1024);
  length = 0;

  get exactInFloat32(): boolean {
    return this.data instanceof Float32Array;
  }

  push(x: number): void {
    if (this.length === this.data.length) this.data = this.resized(this.data.length * 2, this.data instanceof Float64Array);
    if (this.data instanceof Float32Array && Math.fround(x) !== x && !Number.isNaN(x)) this.data = this.resized(this.data.length, true);
    this.data[this.length++] = x;
  }

  private resized(capacity: number, wide: boolean): Float32Array | Float64Array {
    const grown = wide ? new Float64Array(capacity) : new Float32Array(capacity);
    grown.set(this.data.subarray(0, this.length));
    return grown;
  }
}

class IntColumn {
  data = new Int32Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }
}

export class Nb101TableBuilder {
  private readonly index = new Map<string, number>();
  private readonly hashes: string[] = [];
  // Fixed stats per model, packed on arrival (423,624 small objects would cost ~60 MB).
  private readonly vertices = new IntColumn();
  private readonly adjacency = new IntColumn();
  private readonly ops = new IntColumn();
  private readonly params = new IntColumn();
  private readonly rowModel = new IntColumn();
  private readonly rowEpochs = new IntColumn();
  private readonly rowMetrics = METRIC_FIELDS.map(() => new MetricColumn());

  get models(): number {
    return this.hashes.length;
  }

  get rows(): number {
    return this.rowModel.length;
  }

  /** True when the row's hash is new (its cell defines the fixed stats). */
  add(row: Nb101Row): boolean {
    if (!Number.isInteger(row.epochs) || row.epochs <= 0 || row.epochs > 0x7fffffff) throw new RangeError(`epochs must be a positive 31-bit integer, got ${row.epochs}`);
    if (row.metrics.length !== METRIC_FIELDS.length) throw new RangeError(`a row needs ${METRIC_FIELDS.length} metrics (${METRIC_FIELDS.join(', ')}), got ${row.metrics.length}`);
    let model = this.index.get(row.hash);
    const fresh = model === undefined;
    if (model === undefined) {
      model = this.hashes.length;
      this.index.set(row.hash, model);
      this.hashes.push(row.hash);
      const g = row.graph;
      if (g.n < 2 || g.n > NB101_MAX_VERTICES) throw new RangeError(`cell ${row.hash} has ${g.n} vertices; the table stores 2 to ${NB101_MAX_VERTICES}`);
      this.vertices.push(g.n);
      this.adjacency.push(packAdjacency(g));
      this.ops.push(packOps(g));
      this.params.push(row.trainableParameters);
    }
    this.rowModel.push(model);
    this.rowEpochs.push(row.epochs);
    row.metrics.forEach((x, f) => this.rowMetrics[f]!.push(x));
    return fresh;
  }

  finish(source: TableSource | null): Nb101Table {
    const count = this.hashes.length;
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => (this.hashes[a]! < this.hashes[b]! ? -1 : 1));
    const rank = new Int32Array(count);
    order.forEach((model, r) => (rank[model] = r));
    const epochs = [...new Set(this.rowEpochs.data.subarray(0, this.rowEpochs.length))].sort((a, b) => a - b);
    const epochIndex = new Map(epochs.map((e, i) => [e, i]));
    const E = epochs.length;
    // Repeat slots in file order, as the official loader appends them.
    const slotOfRow = new Int32Array(this.rows);
    const counts = new Int32Array(count * E);
    let repeats = 0;
    for (let r = 0; r < this.rows; r++) {
      const cell = rank[this.rowModel.data[r] as number]! * E + epochIndex.get(this.rowEpochs.data[r] as number)!;
      const slot = counts[cell]!++;
      slotOfRow[r] = slot;
      if (slot + 1 > repeats) repeats = slot + 1;
    }
    if (repeats > 255) throw new Error(`a cell has ${repeats} repeats at one epoch budget; the table format allows 255`);
    const table: Nb101Table = {
      count,
      epochs,
      repeats,
      hashes: new Uint8Array(count * 16),
      vertices: new Uint8Array(count),
      adjacency: new Uint32Array(count),
      ops: new Uint16Array(count),
      params: new Int32Array(count),
      repeatCounts: Uint8Array.from(counts),
      metrics: {} as Record<MetricField, Float32Array | Float64Array>,
      source,
    };
    order.forEach((model, r) => {
      writeDigest(this.hashes[model]!, table.hashes, 16 * r);
      table.vertices[r] = this.vertices.data[model] as number;
      table.adjacency[r] = this.adjacency.data[model] as number;
      table.ops[r] = this.ops.data[model] as number;
      table.params[r] = this.params.data[model] as number;
    });
    METRIC_FIELDS.forEach((field, f) => {
      const column = this.rowMetrics[f]!;
      const values = column.exactInFloat32 ? new Float32Array(count * E * repeats) : new Float64Array(count * E * repeats);
      values.fill(NaN);
      for (let r = 0; r < this.rows; r++) {
        const cell = rank[this.rowModel.data[r] as number]! * E + epochIndex.get(this.rowEpochs.data[r] as number)!;
        values[cell * repeats + slotOfRow[r]!] = column.data[r] as number;
      }
      table.metrics[field] = values;
    });
    return table;
  }
}
