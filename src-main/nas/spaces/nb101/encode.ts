/**
 * The agent's fixed-length token for a cell: the pruned 7×7 adjacency matrix, row-major,
 * zero-padded at the bottom/right (49 floats), then a one-hot label per vertex slot in the
 * order input, conv3x3, conv1x1, maxpool3x3, output (7 × 5 = 35 floats); slots past the
 * last vertex stay all-zero. 84 floats in all.
 *
 * The pruned cell is encoded (not the stored layout) so that cells the benchmark cannot
 * tell apart — dangling vertices differ, nothing else — get the same token.
 */
import { cellToGraph, type CellGraph, type Nb101Cell } from './matrix.ts';
import { LABEL_INPUT, LABEL_OUTPUT, NB101_MAX_VERTICES, NB101_OPS } from './ops.ts';
import { prune } from './prune.ts';

const V = NB101_MAX_VERTICES;
export const NB101_ENCODING_SIZE = V * V + V * NB101_OPS.length;

/** One-hot slot of a hash label: input 0, conv3x3 1, conv1x1 2, maxpool 3, output 4. */
function slot(label: number): number {
  if (label === LABEL_INPUT) return 0;
  if (label === LABEL_OUTPUT) return 4;
  return label + 1;
}

export function encodeGraph(g: CellGraph, target = new Float32Array(NB101_ENCODING_SIZE)): Float32Array {
  target.fill(0);
  for (let i = 0; i < g.n; i++) {
    const m = g.out[i] as number;
    for (let j = i + 1; j < g.n; j++) if ((m >>> j) & 1) target[i * V + j] = 1;
    target[V * V + i * NB101_OPS.length + slot(g.labels[i] as number)] = 1;
  }
  return target;
}

export function encodeCell(cell: Nb101Cell): Float32Array {
  const p = prune(cellToGraph(cell));
  if (p === null) throw new Error('cannot encode a NAS-Bench-101 cell whose input and output are not connected');
  return encodeGraph(p);
}
