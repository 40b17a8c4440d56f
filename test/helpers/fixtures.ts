/** Cells the tests share, written out once. */
import type { Nb101Cell } from '../../src-main/nas/spaces/nb101/index.ts';

/**
 * The first cell of the NAS-Bench-101 1k export (the example): edges 0→1, 0→4, 0→5,
 * 1→2, 2→3, 2→6, 3→5, 4→5, 5→6. Its official hash is NB101_EXAMPLE_HASH.
 */
export const NB101_EXAMPLE_MATRIX: readonly (readonly number[])[] = [
  [0, 1, 0, 0, 1, 1, 0],
  [0, 0, 1, 0, 0, 0, 0],
  [0, 0, 0, 1, 0, 0, 1],
  [0, 0, 0, 0, 0, 1, 0],
  [0, 0, 0, 0, 0, 1, 0],
  [0, 0, 0, 0, 0, 0, 1],
  [0, 0, 0, 0, 0, 0, 0],
];
export const NB101_EXAMPLE_HASH = '00005c142e6f48ac74fdcf73e3439874';

/** A fresh copy of the example cell (tests may mutate it). */
export function nb101Example(): Nb101Cell {
  return {
    matrix: NB101_EXAMPLE_MATRIX.map((row) => row.slice()),
    ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output'],
  };
}
