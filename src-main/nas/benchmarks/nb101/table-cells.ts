/**
 * Packing of pruned NB101 cells into the table's three small integers per cell (vertex
 * count, edge bitmask, interior ops), and back.
 */
import { graphToCell, type CellGraph, type Nb101Cell } from '../../spaces/nb101/matrix.ts';
import { LABEL_INPUT, LABEL_OUTPUT } from '../../spaces/nb101/ops.ts';

/** Bit x + y(y-1)/2 is the edge x → y: graph_util.gen_is_edge_fn's order. */
export function packAdjacency(g: CellGraph): number {
  let bits = 0;
  for (let y = 1; y < g.n; y++) {
    for (let x = 0; x < y; x++) if (((g.out[x] as number) >>> y) & 1) bits |= 1 << (x + (y * (y - 1)) / 2);
  }
  return bits >>> 0;
}

export function packOps(g: CellGraph): number {
  let code = 0;
  for (let v = 1; v < g.n - 1; v++) code |= (g.labels[v] as number) << (2 * (v - 1));
  return code;
}

export function unpackGraph(n: number, adjacency: number, ops: number): CellGraph {
  const out = new Array<number>(n).fill(0);
  for (let y = 1; y < n; y++) {
    for (let x = 0; x < y; x++) if ((adjacency >>> (x + (y * (y - 1)) / 2)) & 1) out[x] = (out[x] as number) | (1 << y);
  }
  const labels = [LABEL_INPUT];
  for (let v = 1; v < n - 1; v++) labels.push((ops >>> (2 * (v - 1))) & 3);
  labels.push(LABEL_OUTPUT);
  return { n, out, labels };
}

export function unpackCell(n: number, adjacency: number, ops: number): Nb101Cell {
  return graphToCell(unpackGraph(n, adjacency, ops));
}
