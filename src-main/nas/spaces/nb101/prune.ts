/**
 * ModelSpec._prune and NASBench._check_spec of google-research/nasbench, on bitmasks.
 *
 * A vertex that is not on some input → output path does not influence the network, so
 * the official API deletes it (with its edges) before hashing, checking the limits and
 * querying. Limits are therefore checked on the pruned graph: an unpruned 7-vertex
 * matrix with 12 edges is in the space when pruning leaves at most 9.
 */
import { edgeCount, popcount, type CellGraph } from './matrix.ts';
import { NB101_MAX_EDGES, NB101_MAX_VERTICES } from './ops.ts';

/**
 * Bitmask of the vertices on an input → output path; 0 when input and output are
 * disconnected (the official spec then has valid_spec = False).
 */
export function liveVertices(g: CellGraph): number {
  const n = g.n;
  // Upper-triangular: one pass in vertex order sees every predecessor before its successors.
  let fromInput = 1;
  for (let v = 0; v < n; v++) if ((fromInput >>> v) & 1) fromInput |= g.out[v] as number;
  let toOutput = 1 << (n - 1);
  for (let v = n - 2; v >= 0; v--) if ((g.out[v] as number) & toOutput) toOutput |= 1 << v;
  // Any vertex in both sets lies on an input → output path, and then so do input and output.
  return fromInput & toOutput;
}

/**
 * The pruned graph, or null when input and output are disconnected. Returns `g` itself
 * when nothing is pruned (callers must not mutate the result in place).
 */
export function prune(g: CellGraph): CellGraph | null {
  const live = liveVertices(g);
  if (live === 0) return null;
  const n = g.n;
  if (live === (1 << n) - 1) return g;
  // Vertices keep their relative order, so the result stays upper-triangular.
  const index = new Array<number>(n).fill(-1);
  let k = 0;
  for (let v = 0; v < n; v++) if ((live >>> v) & 1) index[v] = k++;
  const out = new Array<number>(k);
  const labels = new Array<number>(k);
  for (let v = 0; v < n; v++) {
    const nv = index[v] as number;
    if (nv < 0) continue;
    let m = (g.out[v] as number) & live;
    let mapped = 0;
    while (m !== 0) {
      const w = 31 - Math.clz32(m & -m);
      mapped |= 1 << (index[w] as number);
      m &= m - 1;
    }
    out[nv] = mapped;
    labels[nv] = g.labels[v] as number;
  }
  return { n: k, out, labels };
}

/** Why a pruned graph is outside the space, or null when it is inside. */
export function prunedProblem(p: CellGraph | null): string | null {
  if (p === null) return 'input and output are not connected (no input → output path), so the cell computes nothing';
  if (p.n > NB101_MAX_VERTICES) return `it has ${p.n} vertices after pruning; at most ${NB101_MAX_VERTICES} are allowed`;
  const e = edgeCount(p);
  if (e > NB101_MAX_EDGES) return `it has ${e} edges after pruning; at most ${NB101_MAX_EDGES} are allowed`;
  return null;
}

/** Prunes and checks the limits; null when the cell is outside the space. */
export function pruneValid(g: CellGraph): CellGraph | null {
  const p = prune(g);
  if (p === null || p.n > NB101_MAX_VERTICES) return null;
  let e = 0;
  for (let v = 0; v < p.n; v++) e += popcount(p.out[v] as number);
  return e > NB101_MAX_EDGES ? null : p;
}
