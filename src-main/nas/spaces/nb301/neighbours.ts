/**
 * The NAS-Bench-301 neighbourhood, as NASLib's NasBench301SearchSpace.get_nbhd builds it:
 * for every edge of both cells,
 *   - change its operation to each of the 6 others, and
 *   - rewire it to each allowed input that is neither its own nor its sibling's (the other
 *     edge into the same node): node j (DARTS node j + 2) may take inputs 0..j+1, two
 *     are excluded, so j alternatives.
 *
 * Per cell: 8 edges × 6 ops = 48 op changes plus 2·(0 + 1 + 2 + 3) = 12 rewires = 60;
 * both cells: 120, for every genotype. All 120 are distinct and differ from the genotype
 * even up to the order of a node's two edges: an op change keeps the node's input set
 * and changes one op; a rewire changes the input set, and the two rewires of one node
 * differ in which input they keep. So deduplication never drops one, which the tests check.
 *
 * `paper` and `naslib` name the same neighbourhood: the paper takes NASLib's for NB301
 * and, unlike NB101, there is no pruning or isomorphism that could make them differ.
 *
 * Neighbours keep the stored edge order of the genotype; the order of the list is
 * generation order (normal before reduce, edge by edge, op changes before rewires).
 * NASLib shuffles it; callers that want that shuffle with their own Rng.
 */
import type { Rng } from '../../rng.ts';
import type { Neighbour, NeighbourRules } from '../types.ts';
import { NB301_CELL_EDGES, NB301_CELL_TYPES, NB301_OPS, edgeTarget, type Nb301Cell, type Nb301CellType, type Nb301Edge, type Nb301Genotype } from './genotype.ts';

export const NB301_NEIGHBOURS = 120;

function withEdge(g: Nb301Genotype, cellType: Nb301CellType, e: number, edge: Nb301Edge): Nb301Genotype {
  const cell = g[cellType].slice();
  cell[e] = edge;
  return cellType === 'normal' ? { normal: cell, reduce: g.reduce } : { normal: g.normal, reduce: cell };
}

/** Number of neighbours of edge e of a cell: 6 op changes + its node's rewires. */
function edgeNeighbours(e: number): number {
  return NB301_OPS.length - 1 + (e >> 1);
}

/** The k-th neighbour (0 ≤ k < 120) in generation order, without building the others. */
export function nb301NeighbourAt(g: Nb301Genotype, k: number): Neighbour<Nb301Genotype> {
  if (!Number.isInteger(k) || k < 0 || k >= NB301_NEIGHBOURS) throw new RangeError(`neighbour index ${k} is outside 0..${NB301_NEIGHBOURS - 1}`);
  let rest = k;
  for (const cellType of NB301_CELL_TYPES) {
    const cell: Nb301Cell = g[cellType];
    for (let e = 0; e < NB301_CELL_EDGES; e++) {
      const count = edgeNeighbours(e);
      if (rest >= count) {
        rest -= count;
        continue;
      }
      const [input, op] = cell[e]!;
      const node = edgeTarget(e);
      if (rest < NB301_OPS.length - 1) {
        const newOp = rest < op ? rest : rest + 1;
        return { arch: withEdge(g, cellType, e, [input, newOp]), edit: `${cellType} edge ${e} (${input}→${node}): ${NB301_OPS[op]} → ${NB301_OPS[newOp]}` };
      }
      rest -= NB301_OPS.length - 1;
      const sibling = cell[e ^ 1]![0];
      for (let candidate = 0; candidate < node; candidate++) {
        if (candidate === input || candidate === sibling) continue;
        if (rest-- === 0) {
          return { arch: withEdge(g, cellType, e, [candidate, op]), edit: `${cellType} edge ${e} (${NB301_OPS[op]} into ${node}): input ${input} → ${candidate}` };
        }
      }
    }
  }
  throw new Error('unreachable: neighbour index past the neighbourhood');
}

/** All 120 neighbours in generation order (see the header). */
export function nb301Neighbours(g: Nb301Genotype, _rules: NeighbourRules = 'paper'): Neighbour<Nb301Genotype>[] {
  const out: Neighbour<Nb301Genotype>[] = [];
  for (let k = 0; k < NB301_NEIGHBOURS; k++) out.push(nb301NeighbourAt(g, k));
  return out;
}

/**
 * n distinct neighbours drawn uniformly without replacement (all 120, shuffled, when
 * n ≥ 120). Only the drawn ones are built, so the agent's per-step cost is O(n).
 */
export function sampleNb301Neighbours(g: Nb301Genotype, n: number, rng: Rng): Neighbour<Nb301Genotype>[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`the number of neighbours to sample must be a non-negative integer, got ${n}`);
  const take = Math.min(n, NB301_NEIGHBOURS);
  // Partial Fisher–Yates over the neighbour indices.
  const index = Array.from({ length: NB301_NEIGHBOURS }, (_, i) => i);
  const out: Neighbour<Nb301Genotype>[] = [];
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(NB301_NEIGHBOURS - i);
    const picked = index[j]!;
    index[j] = index[i]!;
    index[i] = picked;
    out.push(nb301NeighbourAt(g, picked));
  }
  return out;
}
