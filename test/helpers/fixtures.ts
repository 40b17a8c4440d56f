/** Cells the tests share, written out once; NB101 cells as edge lists (what a reader checks), the matrix built here. */
import type { Nb101Cell, Nb101Op } from '../../src-main/nas/spaces/nb101/index.ts';

/** An NB101 cell of `ops.length` vertices with exactly these edges (from → to). */
export function nb101Cell(edges: readonly (readonly [number, number])[], ops: readonly (Nb101Op | string)[]): Nb101Cell {
  const matrix = ops.map(() => ops.map(() => 0));
  for (const [from, to] of edges) matrix[from]![to] = 1;
  return { matrix, ops: ops.slice() as Nb101Op[] };
}

/** The first cell of the NAS-Bench-101 1k export (the example); its official hash is NB101_EXAMPLE_HASH. */
export const NB101_EXAMPLE_EDGES = [[0, 1], [0, 4], [0, 5], [1, 2], [2, 3], [2, 6], [3, 5], [4, 5], [5, 6]] as const;
export const NB101_EXAMPLE_HASH = '00005c142e6f48ac74fdcf73e3439874';

/** A fresh copy of the example cell (tests may mutate it). */
export function nb101Example(): Nb101Cell {
  return nb101Cell(NB101_EXAMPLE_EDGES, ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output']);
}
