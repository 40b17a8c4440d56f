/**
 * NASLib's path encoding of an NB201 cell (White et al., BANANAS, 2021; NASLib
 * search_spaces/nasbench201/encodings.py `encode_paths`). The cell has four input→output
 * paths, by edge (arch-string order): [0→3], [0→1, 1→3], [0→2, 2→3], [0→1, 1→2, 2→3]. Each
 * path's operation sequence gets one feature: sequences of length 1 take indices 0..4, of
 * length 2 5..29 (both two-edge paths share this block: a path is its operation sequence),
 * of length 3 30..154: 5 + 25 + 125 = 155 features.
 *
 * As in NASLib, a path through `none` (zero) keeps its feature: the encoding describes the
 * cell's wiring, and the predictor learns that such a path carries nothing. Operations are
 * numbered in this space's order (NB201_OPS), which permutes NASLib's features and changes
 * nothing a predictor can learn.
 */
import type { PredictorEncoding } from '../types.ts';
import { NB201_OPS } from './ops.ts';
import type { Nb201Cell } from './space.ts';

const OP_COUNT = NB201_OPS.length;
/** Edges of each input→output path, in arch-string edge numbers. */
const PATHS: readonly (readonly number[])[] = [[3], [0, 4], [1, 5], [0, 2, 5]];
/** First index of the block of paths of each length (1, 2, 3). */
const BLOCK_START = [0, OP_COUNT, OP_COUNT + OP_COUNT ** 2];
export const NB201_PATH_ENCODING_SIZE = OP_COUNT + OP_COUNT ** 2 + OP_COUNT ** 3;

export function nb201PathIndices(cell: Nb201Cell): number[] {
  return PATHS.map((edges) => edges.reduce((index, edge, j) => index + (cell[edge] as number) * OP_COUNT ** j, BLOCK_START[edges.length - 1]!));
}

export const nb201PathEncoding: PredictorEncoding<Nb201Cell> = {
  name: 'path',
  size: NB201_PATH_ENCODING_SIZE,
  doc: `NASLib's path encoding: one feature per operation sequence of the four input→output paths (5 + 25 + 125 = ${NB201_PATH_ENCODING_SIZE})`,
  encode(cell) {
    const out = new Float32Array(NB201_PATH_ENCODING_SIZE);
    for (const index of nb201PathIndices(cell)) out[index] = 1;
    return out;
  },
};
