/**
 * The two shapes of an NB101 cell and the structural checks between them.
 *
 * `Nb101Cell` is the public, JSON-friendly form the official API takes (`ModelSpec(matrix,
 * ops)`). `CellGraph` is the compact working form of the hot paths (pruning, hashing,
 * neighbours): with at most 7 vertices, a vertex's successors fit in one small integer
 * bitmask, so graph edits are a few bit operations instead of matrix copies.
 */
import {
  INPUT,
  NB101_MAX_VERTICES,
  NB101_OPS,
  OUTPUT,
  isNb101Op,
  labelOp,
  opLabel,
  type Nb101Op,
} from './ops.ts';

export interface Nb101Cell {
  /** Upper-triangular 0/1 adjacency matrix; vertex 0 is the input, the last the output. */
  matrix: number[][];
  ops: Nb101Op[];
}

export interface CellGraph {
  n: number;
  /** out[v] has bit w set when there is an edge v → w (always w > v). */
  out: number[];
  /** Hash labels: -1 input, 0 conv3x3, 1 conv1x1, 2 maxpool, -2 output. */
  labels: number[];
}

export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function edgeCount(g: CellGraph): number {
  let e = 0;
  for (let v = 0; v < g.n; v++) e += popcount(g.out[v] as number);
  return e;
}

export function cellToGraph(cell: Nb101Cell): CellGraph {
  const n = cell.ops.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const row = cell.matrix[i] as number[];
    let m = 0;
    for (let j = i + 1; j < n; j++) if (row[j] === 1) m |= 1 << j;
    out[i] = m;
  }
  return { n, out, labels: cell.ops.map(opLabel) };
}

export function graphToCell(g: CellGraph): Nb101Cell {
  const matrix: number[][] = [];
  for (let i = 0; i < g.n; i++) {
    const row = new Array<number>(g.n).fill(0);
    const m = g.out[i] as number;
    for (let j = i + 1; j < g.n; j++) if ((m >>> j) & 1) row[j] = 1;
    matrix.push(row);
  }
  return { matrix, ops: g.labels.map(labelOp) };
}

/**
 * Checks the shape of a cell (what ModelSpec.__init__ and the op checks of
 * NASBench._check_spec reject), without pruning. Returns a fresh, normalised copy so a
 * caller's later edits cannot change a validated value.
 */
export function checkCellShape(value: unknown): Nb101Cell {
  const where = 'NAS-Bench-101 cell';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected an object {matrix, ops}, got ${describe(value)}`);
  }
  const { matrix, ops } = value as { matrix?: unknown; ops?: unknown };
  if (!Array.isArray(matrix)) throw new Error(`${where}: "matrix" must be an array of rows, got ${describe(matrix)}`);
  if (!Array.isArray(ops)) throw new Error(`${where}: "ops" must be an array of operation names, got ${describe(ops)}`);
  const n = matrix.length;
  if (n < 2) throw new Error(`${where}: matrix has ${n} vertices; a cell needs at least an input and an output vertex`);
  if (n > NB101_MAX_VERTICES) {
    throw new Error(`${where}: matrix has ${n} vertices; NAS-Bench-101 cells have at most ${NB101_MAX_VERTICES} (input and output included)`);
  }
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: unknown = matrix[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new Error(`${where}: matrix must be square: row ${i} has ${Array.isArray(row) ? `${row.length} entries` : describe(row)}, expected ${n} entries`);
    }
    const copy = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const x: unknown = row[j];
      if (x !== 0 && x !== 1) throw new Error(`${where}: matrix[${i}][${j}] is ${describe(x)}; entries must be 0 or 1`);
      if (x === 1 && j <= i) {
        throw new Error(`${where}: matrix[${i}][${j}] is 1 but the matrix must be upper-triangular (edges only from a vertex to a later one, zero diagonal)`);
      }
      copy[j] = x;
    }
    rows.push(copy);
  }
  if (ops.length !== n) throw new Error(`${where}: ops has ${ops.length} entries but the matrix has ${n} vertices; they must match`);
  const names: Nb101Op[] = [];
  for (let v = 0; v < n; v++) {
    const op: unknown = ops[v];
    if (!isNb101Op(op)) throw new Error(`${where}: ops[${v}] is ${describe(op)}; allowed: ${NB101_OPS.join(', ')}`);
    const expected = v === 0 ? INPUT : v === n - 1 ? OUTPUT : null;
    if (expected !== null && op !== expected) throw new Error(`${where}: ops[${v}] is "${op}" but the ${v === 0 ? 'first' : 'last'} op must be "${expected}"`);
    if (expected === null && (op === INPUT || op === OUTPUT)) {
      throw new Error(`${where}: ops[${v}] is "${op}" but only the first vertex is the input and only the last the output`);
    }
    names.push(op);
  }
  return { matrix: rows, ops: names };
}

function describe(x: unknown): string {
  if (x === undefined) return 'missing';
  if (x === null) return 'null';
  if (typeof x === 'string') return `"${x}"`;
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  return String(x);
}
