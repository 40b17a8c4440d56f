/**
 * The agent's token for a genotype: each cell as a labelled DAG, operations moved from the
 * edges onto vertices as NASLib does for DARTS (transform_matrix, behind its gcn / bonas /
 * seminas encodings). Per cell 11 vertices:
 *
 *   0        c(k−2)            (label 0)
 *   1        c(k−1)            (label 1)
 *   2 + e    edge e of the cell, e = 0..7, labelled by its operation (labels 2..8 in
 *            NB301_OPS order); edges 2j, 2j+1 are the two inputs of intermediate node j
 *   10       the cell output   (label 9)
 *
 * Intermediate nodes are sums of their two edges, so they need no vertex of their own: an
 * edge that reads node k (DARTS number, k ≥ 2) gets arcs from both edge vertices of node
 * k, an edge that reads input i gets an arc from vertex i, and all eight edge vertices
 * feed the output (DARTS concatenates every intermediate node). Unlike NASLib, which
 * labels both inputs with column 0 (the same as max_pool_3x3), each input has its own label.
 *
 * Cell block: the 11×11 adjacency, row-major (121 floats), then the 11 one-hot labels of
 * 10 values each (110 floats): 231 floats. Token: normal block then reduction block,
 * 462 floats. The canonical genotype is encoded, so the two orders of a node's edges
 * (the same architecture) give the same token.
 */
import { canonicalGenotype, NB301_CELL_EDGES, NB301_OPS, type Nb301Cell, type Nb301Genotype } from './genotype.ts';

export const NB301_CELL_VERTICES = 2 + NB301_CELL_EDGES + 1;
export const NB301_VERTEX_LABELS = 2 + NB301_OPS.length + 1;
const V = NB301_CELL_VERTICES;
const L = NB301_VERTEX_LABELS;
const OUTPUT = V - 1;
export const NB301_CELL_BLOCK = V * V + V * L;
export const NB301_ENCODING_SIZE = 2 * NB301_CELL_BLOCK;

function encodeCell(cell: Nb301Cell, target: Float32Array, base: number): void {
  const labels = base + V * V;
  target[labels + 0 * L + 0] = 1;
  target[labels + 1 * L + 1] = 1;
  target[labels + OUTPUT * L + (L - 1)] = 1;
  for (let e = 0; e < NB301_CELL_EDGES; e++) {
    const [input, op] = cell[e]!;
    const vertex = 2 + e;
    target[labels + vertex * L + 2 + op] = 1;
    if (input < 2) {
      target[base + input * V + vertex] = 1;
    } else {
      const from = 2 + 2 * (input - 2);
      target[base + from * V + vertex] = 1;
      target[base + (from + 1) * V + vertex] = 1;
    }
    target[base + vertex * V + OUTPUT] = 1;
  }
}

export function encodeGenotype(g: Nb301Genotype, target = new Float32Array(NB301_ENCODING_SIZE)): Float32Array {
  if (target.length !== NB301_ENCODING_SIZE) throw new RangeError(`an NB301 token has ${NB301_ENCODING_SIZE} floats, the target has ${target.length}`);
  target.fill(0);
  const c = canonicalGenotype(g);
  encodeCell(c.normal, target, 0);
  encodeCell(c.reduce, target, NB301_CELL_BLOCK);
  return target;
}
