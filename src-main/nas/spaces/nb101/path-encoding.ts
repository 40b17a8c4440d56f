/**
 * NASLib's path encoding of an NB101 cell (White et al., BANANAS, 2021; NASLib
 * search_spaces/nasbench101/encodings.py `encode_paths`): one feature per possible sequence
 * of operations on a path from the input to the output. A path through L interior vertices
 * (L = 0..5) with operations o_0..o_{L−1} has index Σ 3^i · (op(o_i) + 1) with op = 0 for
 * conv3x3, 1 for conv1x1, 2 for maxpool: bijective base 3, so the 3^0 + … + 3^5 = 364
 * sequences get distinct indices 0..363. The feature is 1 when the cell has at least one path
 * with that sequence. Isomorphic cells have the same paths, so the encoding is invariant
 * under relabelling, like the hash.
 */
import type { Nb101Cell } from './matrix.ts';
import { NB101_INTERIOR_OPS, NB101_MAX_VERTICES, type Nb101InteriorOp } from './ops.ts';
import type { PredictorEncoding } from '../types.ts';

const OP_COUNT = NB101_INTERIOR_OPS.length;
const LONGEST_PATH = NB101_MAX_VERTICES - 2;
export const NB101_PATH_ENCODING_SIZE = Array.from({ length: LONGEST_PATH + 1 }, (_, i) => OP_COUNT ** i).reduce((a, b) => a + b, 0);

/** The index of every input→output path of the cell (one per path, repeats where two paths share a sequence). */
export function nb101PathIndices(cell: Nb101Cell): number[] {
  const n = cell.ops.length;
  const found: number[] = [];
  const walk = (vertex: number, index: number, depth: number): void => {
    const row = cell.matrix[vertex]!;
    for (let next = vertex + 1; next < n; next++) {
      if (row[next] !== 1) continue;
      if (next === n - 1) {
        found.push(index);
        continue;
      }
      const op = NB101_INTERIOR_OPS.indexOf(cell.ops[next] as Nb101InteriorOp);
      if (op < 0) throw new Error(`NB101 vertex ${next} has operation ${cell.ops[next]}, not an interior operation`);
      walk(next, index + OP_COUNT ** depth * (op + 1), depth + 1);
    }
  };
  walk(0, 0, 0);
  return found;
}

export const nb101PathEncoding: PredictorEncoding<Nb101Cell> = {
  name: 'path',
  size: NB101_PATH_ENCODING_SIZE,
  doc: `NASLib's path encoding: one feature per sequence of operations on an input→output path (3^0 + … + 3^5 = ${NB101_PATH_ENCODING_SIZE})`,
  encode(cell) {
    const out = new Float32Array(NB101_PATH_ENCODING_SIZE);
    for (const index of nb101PathIndices(cell)) out[index] = 1;
    return out;
  },
};
