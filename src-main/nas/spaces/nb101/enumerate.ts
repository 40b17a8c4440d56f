/**
 * Every cell of the NB101 space, once: the count official generate_graphs.py reports
 * (423,624 for ≤ 7 vertices, ≤ 9 edges, 3 ops).
 *
 * Same walk as the official script — for each vertex count V, every upper-triangular
 * bitmask, kept when it is a "full DAG" (every vertex on an input → output path, i.e.
 * already pruned) with ≤ 9 edges, times every labelling of the interior vertices — but
 * deduplication first goes through the exact canonical key (cheap) and only one
 * representative per isomorphism class gets the official MD5 hash. About 1.3 M labelled
 * graphs shrink to 424 k hashes, so the walk takes seconds instead of minutes.
 *
 * With `hashes` on (default), counts are unique official hashes, exactly the official
 * definition; they equal the isomorphism-class counts because the official hash has no
 * collisions in this space (verified by the official script, and again by every full run
 * here: a collision would show up as a count below the class count).
 */
import { canonicalKey } from './canonical.ts';
import { hashGraph } from './hash.ts';
import type { CellGraph } from './matrix.ts';
import { LABEL_INPUT, LABEL_OUTPUT, NB101_MAX_EDGES, NB101_MAX_VERTICES } from './ops.ts';

export interface EnumerateOptions {
  /** Largest vertex count to include (2..7, default 7). */
  maxVertices?: number;
  /** Compute official hashes and count unique hashes (default true). */
  hashes?: boolean;
  /** Called once per unique cell (pruned graph; hash is '' when `hashes` is false). */
  onCell?: (graph: CellGraph, hash: string) => void;
}

export interface Nb101Enumeration {
  total: number;
  /** Unique cells per vertex count, e.g. {2: 1, 3: 6, …}. */
  byVertices: Record<number, number>;
  /** Labelled full DAGs visited before deduplication (the official "without hashing" count). */
  labelledGraphs: number;
  /** Isomorphism classes found (equals total when hashing is on and there are no collisions). */
  classes: number;
}

export function enumerateNb101(options: EnumerateOptions = {}): Nb101Enumeration {
  const maxVertices = options.maxVertices ?? NB101_MAX_VERTICES;
  if (!Number.isInteger(maxVertices) || maxVertices < 2 || maxVertices > NB101_MAX_VERTICES) {
    throw new RangeError(`maxVertices must be an integer from 2 to ${NB101_MAX_VERTICES}, got ${maxVertices}`);
  }
  const withHashes = options.hashes ?? true;
  const byVertices: Record<number, number> = {};
  let total = 0;
  let labelledGraphs = 0;
  let classes = 0;
  for (let n = 2; n <= maxVertices; n++) {
    const seenKeys = new Set<number>();
    const seenHashes = new Set<string>();
    const pairs = (n * (n - 1)) / 2;
    const interior = n - 2;
    const labellings = 3 ** interior;
    const out = new Array<number>(n).fill(0);
    const labels = new Array<number>(n).fill(0);
    labels[0] = LABEL_INPUT;
    labels[n - 1] = LABEL_OUTPUT;
    for (let bits = 0; bits < 2 ** pairs; bits++) {
      if (!fullDag(bits, n, out)) continue;
      for (let code = 0; code < labellings; code++) {
        let c = code;
        for (let v = 1; v <= interior; v++) {
          labels[v] = c % 3;
          c = (c - (c % 3)) / 3;
        }
        labelledGraphs++;
        const g: CellGraph = { n, out, labels };
        const key = canonicalKey(g);
        if (seenKeys.has(key)) continue;
        seenKeys.add(key);
        const copy: CellGraph = { n, out: out.slice(), labels: labels.slice() };
        let h = '';
        if (withHashes) {
          h = hashGraph(copy);
          if (seenHashes.has(h)) continue;
          seenHashes.add(h);
        }
        options.onCell?.(copy, h);
      }
    }
    classes += seenKeys.size;
    const count = withHashes ? seenHashes.size : seenKeys.size;
    byVertices[n] = count;
    total += count;
  }
  return { total, byVertices, labelledGraphs, classes };
}

/**
 * Decodes the official bitmask (gen_is_edge_fn: bit x + y(y-1)/2 is the edge x→y, i.e.
 * column-major over the upper triangle) into `out` and applies is_full_dag and the edge
 * limit. Returns false to skip the mask.
 */
function fullDag(bits: number, n: number, out: number[]): boolean {
  let edges = 0;
  for (let x = bits; x !== 0; x &= x - 1) edges++;
  if (edges > NB101_MAX_EDGES) return false;
  out.fill(0);
  let hasIn = 1; // the input needs no in-edge
  let index = 0;
  for (let y = 1; y < n; y++) {
    for (let x = 0; x < y; x++) {
      if ((bits >>> index) & 1) {
        out[x] = (out[x] as number) | (1 << y);
        hasIn |= 1 << y;
      }
      index++;
    }
  }
  const all = (1 << n) - 1;
  if (hasIn !== all) return false;
  // Every vertex but the output needs an out-edge.
  for (let v = 0; v < n - 1; v++) if (out[v] === 0) return false;
  return true;
}
