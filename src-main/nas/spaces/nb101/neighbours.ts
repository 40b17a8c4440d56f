/**
 * Neighbourhoods of an NB101 cell under two rule sets. Both prune and validate every
 * candidate exactly as the official API would (invalid ones are dropped), deduplicate by
 * official hash (first edit wins) and leave out the cell itself. The order is
 * deterministic (generation order); callers that want NASLib's random order shuffle it
 * with their own Rng.
 *
 * `paper`: edits of the pruned cell —
 *   - change the op of an interior vertex (to each of the two others);
 *   - toggle the edge i→j for every pair i < j;
 *   - remove an interior vertex with its edges;
 *   - when the pruned cell has fewer than 7 vertices, add a vertex with any op, one
 *     edge in from an earlier vertex u and one edge out to a later vertex w. Where the
 *     new vertex sits between u and w does not change the graph (all such placements
 *     are isomorphic), so it is placed right after u.
 *   Neighbours are returned pruned.
 *
 * `naslib`: NASLib's NasBench101SearchSpace.get_nbhd on the cell as stored (possibly
 * unpruned, like NASLib's specs) —
 *   - op change of every interior vertex that lies on an input → output path;
 *   - removal of every edge on such a path, and addition of every absent edge that would
 *     lie on one (edges among dangling vertices are never touched).
 *   Neighbours keep the stored (unpruned) layout, as NASLib's do. NASLib hard-codes 7
 *   vertices; a stored cell with fewer vertices uses its own vertex count.
 */
import type { Neighbour, NeighbourRules } from '../types.ts';
import type { HashMemo } from './hash-memo.ts';
import { cellToGraph, edgeCount, graphToCell, type CellGraph, type Nb101Cell } from './matrix.ts';
import { NB101_MAX_EDGES, NB101_MAX_VERTICES, labelOp } from './ops.ts';
import { liveVertices, pruneValid } from './prune.ts';

const SHORT_NAMES = ['conv3x3', 'conv1x1', 'maxpool3x3'] as const;

function shortName(label: number): string {
  return SHORT_NAMES[label] ?? labelOp(label);
}

/** Collects candidates: validity, dedup by hash, self excluded. */
class Collector {
  readonly result: Neighbour<Nb101Cell>[] = [];
  private readonly seen = new Set<string>();
  private readonly memo: HashMemo;
  private readonly maxVertices: number;

  constructor(memo: HashMemo, selfHash: string, maxVertices: number) {
    this.memo = memo;
    this.maxVertices = maxVertices;
    this.seen.add(selfHash);
  }

  /** `keepUnpruned`: return the candidate's own layout instead of the pruned cell. */
  offer(candidate: CellGraph, edit: string, keepUnpruned: boolean): void {
    const p = pruneValid(candidate);
    if (p === null || p.n > this.maxVertices) return;
    const h = this.memo.hash(p);
    if (this.seen.has(h)) return;
    this.seen.add(h);
    this.result.push({ arch: graphToCell(keepUnpruned ? candidate : p), edit });
  }
}

/** Receives each raw candidate (not yet pruned, validated or deduplicated). */
export type CandidateVisitor = (candidate: CellGraph, edit: string, keepUnpruned: boolean) => void;

/** `maxVertices` restricts the space (a sub-space such as the ≤5-vertex embedded benchmark): larger neighbours are dropped. */
export function nb101Neighbours(cell: Nb101Cell, rules: NeighbourRules, memo: HashMemo, maxVertices = NB101_MAX_VERTICES): Neighbour<Nb101Cell>[] {
  const g = cellToGraph(cell);
  const p = pruneValid(g);
  if (p === null) throw new Error('cannot list neighbours of a NAS-Bench-101 cell outside the space; validate it first');
  const collector = new Collector(memo, memo.hash(p), maxVertices);
  forEachCandidate(g, rules, (candidate, edit, keep) => collector.offer(candidate, edit, keep));
  return collector.result;
}

/** Every raw candidate edit of a (valid) stored graph under `rules`, in generation order. */
export function forEachCandidate(g: CellGraph, rules: NeighbourRules, visit: CandidateVisitor): void {
  switch (rules) {
    case 'paper': {
      const p = pruneValid(g);
      if (p === null) throw new Error('cannot edit a NAS-Bench-101 cell outside the space');
      paperEdits(p, visit);
      return;
    }
    case 'naslib':
      naslibEdits(g, visit);
      return;
    default:
      throw new Error(`unknown neighbour rules "${String(rules)}"; NAS-Bench-101 supports "paper" and "naslib"`);
  }
}

function withLabel(g: CellGraph, v: number, label: number): CellGraph {
  const labels = g.labels.slice();
  labels[v] = label;
  return { n: g.n, out: g.out, labels };
}

function withEdgeToggled(g: CellGraph, i: number, j: number): CellGraph {
  const out = g.out.slice();
  out[i] = (out[i] as number) ^ (1 << j);
  return { n: g.n, out, labels: g.labels };
}

function opEdits(g: CellGraph, eligible: number, visit: CandidateVisitor, keepUnpruned: boolean): void {
  for (let v = 1; v < g.n - 1; v++) {
    if (((eligible >>> v) & 1) === 0) continue;
    const current = g.labels[v] as number;
    for (let label = 0; label < 3; label++) {
      if (label !== current) visit(withLabel(g, v, label), `op ${v}: ${shortName(current)} -> ${shortName(label)}`, keepUnpruned);
    }
  }
}

function paperEdits(p: CellGraph, visit: CandidateVisitor): void {
  const n = p.n;
  opEdits(p, (1 << n) - 1, visit, false);
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const present = (((p.out[i] as number) >>> j) & 1) === 1;
      visit(withEdgeToggled(p, i, j), `edge ${i}->${j}: ${present ? 'remove' : 'add'}`, false);
    }
  }
  for (let v = 1; v < n - 1; v++) visit(withoutVertex(p, v), `remove vertex ${v} (${shortName(p.labels[v] as number)})`, false);
  if (n < NB101_MAX_VERTICES && edgeCount(p) + 2 <= NB101_MAX_EDGES) {
    for (let u = 0; u < n - 1; u++) {
      for (let w = u + 1; w < n; w++) {
        for (let label = 0; label < 3; label++) {
          visit(withVertexBetween(p, u, w, label), `add vertex (${shortName(label)}) with edges ${u}->new->${w}`, false);
        }
      }
    }
  }
}

/** Deletes vertex v's row and column; later vertices move up by one. */
function withoutVertex(g: CellGraph, v: number): CellGraph {
  const low = (1 << v) - 1;
  const squeeze = (m: number): number => (m & low) | ((m >>> 1) & ~low);
  const out: number[] = [];
  const labels: number[] = [];
  for (let u = 0; u < g.n; u++) {
    if (u === v) continue;
    out.push(squeeze(g.out[u] as number));
    labels.push(g.labels[u] as number);
  }
  return { n: g.n - 1, out, labels };
}

/** Inserts a vertex at index u+1 with edges u → new → w (w in old numbering). */
function withVertexBetween(g: CellGraph, u: number, w: number, label: number): CellGraph {
  const at = u + 1;
  const low = (1 << at) - 1;
  const widen = (m: number): number => (m & low) | ((m & ~low) << 1);
  const out: number[] = [];
  const labels: number[] = [];
  for (let x = 0; x < g.n; x++) {
    if (x === at) {
      out.push(1 << (w + 1));
      labels.push(label);
    }
    out.push(widen(g.out[x] as number) | (x === u ? 1 << at : 0));
    labels.push(g.labels[x] as number);
  }
  return { n: g.n + 1, out, labels };
}

function naslibEdits(g: CellGraph, visit: CandidateVisitor): void {
  const n = g.n;
  // get_utilized: an edge i→j is on an input → output path iff i is reachable from the
  // input and j reaches the output; the utilized nodes are the live vertices.
  let fromInput = 1;
  for (let v = 0; v < n; v++) if ((fromInput >>> v) & 1) fromInput |= g.out[v] as number;
  let toOutput = 1 << (n - 1);
  for (let v = n - 2; v >= 0; v--) if ((g.out[v] as number) & toOutput) toOutput |= 1 << v;
  opEdits(g, liveVertices(g), visit, true);
  for (let src = 0; src < n - 1; src++) {
    for (let dst = src + 1; dst < n; dst++) {
      // Adding src→dst changes neither what reaches src nor what dst reaches (acyclic),
      // so the same reachability decides both cases.
      if (((fromInput >>> src) & 1) === 0 || ((toOutput >>> dst) & 1) === 0) continue;
      const present = (((g.out[src] as number) >>> dst) & 1) === 1;
      visit(withEdgeToggled(g, src, dst), `edge ${src}->${dst}: ${present ? 'remove' : 'add'}`, true);
    }
  }
}
