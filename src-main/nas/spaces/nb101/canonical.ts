/**
 * An exact isomorphism-class key for pruned NB101 graphs, as one JS number.
 *
 * Why, next to the official hash: the official MD5 hash costs ~50 MD5 calls, this key a
 * few hundred integer operations. Equal keys mean isomorphic graphs (the key encodes a
 * relabelled adjacency matrix and label list) and isomorphic graphs get equal keys (the
 * relabelling is the minimum over every ordering an isomorphism could map to), so it is
 * a safe memo key for the official hash, and enumeration can deduplicate with it before
 * hashing anything.
 *
 * Input and output are fixed (0 and n-1); interior vertices are ordered by an invariant
 * (label, degrees, adjacency to input/output) and only vertices with equal invariants
 * are permuted, so most graphs need one or a few orderings instead of (n-2)!.
 */
import type { CellGraph } from './matrix.ts';

const MAX_N = 7;
/** 2^k as doubles: codes reach 2^36, beyond 32-bit bitwise arithmetic. */
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

// Scratch, reused: keys are computed synchronously.
const inv = new Int32Array(MAX_N);
const sorted = new Int32Array(MAX_N);
const position = new Int32Array(MAX_N);
const groupEnd = new Int32Array(MAX_N);

export function canonicalKey(g: CellGraph): number {
  const n = g.n;
  if (n > MAX_N) throw new RangeError(`canonicalKey supports at most ${MAX_N} vertices, got ${n}`);
  const last = n - 1;
  const out = g.out;
  const inDeg = [0, 0, 0, 0, 0, 0, 0];
  for (let u = 0; u < n; u++) {
    let m = out[u] as number;
    while (m !== 0) {
      inDeg[31 - Math.clz32(m & -m)]!++;
      m &= m - 1;
    }
  }
  const m = n - 2;
  for (let v = 1; v < last; v++) {
    const label = g.labels[v] as number;
    // Base-3 label code below: interior labels must be NB101's 0..2.
    if (label !== 0 && label !== 1 && label !== 2) throw new RangeError(`canonicalKey: interior vertex ${v} has label ${label}, expected 0, 1 or 2`);
    const o = out[v] as number;
    let outDeg = 0;
    for (let x = o; x !== 0; x &= x - 1) outDeg++;
    const fromInput = ((out[0] as number) >>> v) & 1;
    const toOutput = (o >>> last) & 1;
    inv[v] = (((label * 8 + (inDeg[v] as number)) * 8 + outDeg) * 2 + fromInput) * 2 + toOutput;
  }
  // Interior vertices sorted by invariant (insertion sort, ≤ 5 items).
  for (let i = 0; i < m; i++) {
    const v = i + 1;
    let j = i;
    while (j > 0 && (inv[sorted[j - 1] as number] as number) > (inv[v] as number)) {
      sorted[j] = sorted[j - 1] as number;
      j--;
    }
    sorted[j] = v;
  }
  let labelCode = 0;
  for (let i = 0; i < m; i++) labelCode = labelCode * 3 + (g.labels[sorted[i] as number] as number);
  // Runs of equal invariants: the only vertices an isomorphism may exchange.
  let i = 0;
  let orderings = 1;
  while (i < m) {
    let j = i + 1;
    while (j < m && inv[sorted[j] as number] === inv[sorted[i] as number]) j++;
    for (let k = i; k < j; k++) groupEnd[k] = j;
    for (let f = 2; f <= j - i; f++) orderings *= f;
    i = j;
  }
  position[0] = 0;
  position[last] = last;
  let best = Infinity;
  if (orderings === 1) {
    for (let k = 0; k < m; k++) position[sorted[k] as number] = k + 1;
    best = adjacencyCode(g);
  } else {
    best = permuteGroups(g, 0, m, best);
  }
  return (best * 243 + labelCode) * 8 + n;
}

/** Code of the adjacency matrix under the current `position` relabelling. */
function adjacencyCode(g: CellGraph): number {
  const n = g.n;
  const stride = n - 1;
  let code = 0;
  for (let u = 0; u < n - 1; u++) {
    const pu = (position[u] as number) * stride - 1;
    let o = g.out[u] as number;
    while (o !== 0) {
      const v = 31 - Math.clz32(o & -o);
      o &= o - 1;
      // Row = new source (never the output), column = new target - 1 (never the input).
      code += POW2[pu + (position[v] as number)] as number;
    }
  }
  return code;
}

/**
 * Tries every ordering of `sorted` that only permutes within groups (Heap-free simple
 * recursion: at slot k, each not-yet-placed vertex of k's group), keeping the minimum.
 */
function permuteGroups(g: CellGraph, k: number, m: number, best: number): number {
  if (k === m) {
    const code = adjacencyCode(g);
    return code < best ? code : best;
  }
  const end = groupEnd[k] as number;
  for (let s = k; s < end; s++) {
    swap(k, s);
    position[sorted[k] as number] = k + 1;
    best = permuteGroups(g, k + 1, m, best);
    swap(k, s);
  }
  return best;
}

function swap(a: number, b: number): void {
  const t = sorted[a] as number;
  sorted[a] = sorted[b] as number;
  sorted[b] = t;
}
