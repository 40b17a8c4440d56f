/**
 * The path encoding of a DARTS / NB301 genotype, as NASLib defines it for BANANAS (White et
 * al., 2021; NASLib search_spaces/nasbench301/encodings.py `encode_paths`, long paths kept).
 *
 * A path starts at one of a cell's two inputs (c(k−2) or c(k−1)) and follows edges through
 * intermediate nodes; every prefix is a path too (each intermediate node feeds the cell's
 * output, which concatenates them). Its feature is its operation sequence: with 7
 * operations and up to 4 edges (one per intermediate node), a block holds 7^0 + … + 7^4 =
 * 2,801 indices, Σ 7^j · (op_j + 1) (bijective base 7; index 0, the empty path, stays 0).
 * Blocks in order: normal cell from c(k−2), normal from c(k−1), reduction from c(k−2),
 * reduction from c(k−1): 4 × 2,801 = 11,204 features, 1 where the genotype has such a path.
 *
 * One deliberate difference from NASLib: its loop over a cell's edges runs over
 * `range(len(OPS))`, 7 of the 8 edges, so the second input of the last node never adds a
 * path; here all 8 edges do. The encoding is a set of paths, so the two orders of a node's
 * edges (the same architecture) encode alike.
 */
import type { PredictorEncoding } from '../types.ts';
import { NB301_CELL_EDGES, NB301_CELL_TYPES, NB301_NODES, NB301_OPS, edgeTarget, type Nb301Cell, type Nb301Genotype } from './genotype.ts';

const OP_COUNT = NB301_OPS.length;
/** Indices of one (cell, input) block: operation sequences of length 0..4. */
const BLOCK = Array.from({ length: NB301_NODES + 1 }, (_, i) => OP_COUNT ** i).reduce((a, b) => a + b, 0);
export const NB301_PATH_ENCODING_SIZE = 2 * 2 * BLOCK;

interface PartialPath {
  input: 0 | 1;
  index: number;
  length: number;
}

/** Indices within the cell's two blocks (input 1's block after input 0's) of every path of the cell. */
export function nb301CellPathIndices(cell: Nb301Cell): number[] {
  // Paths ending at each intermediate node (by DARTS number − 2), built in node order: an edge reads an input or an earlier node.
  const ending: PartialPath[][] = Array.from({ length: NB301_NODES }, () => []);
  const found: number[] = [];
  for (let e = 0; e < NB301_CELL_EDGES; e++) {
    const [source, op] = cell[e]!;
    const starts: PartialPath[] = source < 2 ? [{ input: source as 0 | 1, index: 0, length: 0 }] : ending[source - 2]!;
    for (const start of starts) {
      const path = { input: start.input, index: start.index + OP_COUNT ** start.length * (op + 1), length: start.length + 1 };
      ending[edgeTarget(e) - 2]!.push(path);
      found.push(path.input * BLOCK + path.index);
    }
  }
  return found;
}

export const nb301PathEncoding: PredictorEncoding<Nb301Genotype> = {
  name: 'path',
  size: NB301_PATH_ENCODING_SIZE,
  doc: `NASLib's DARTS path encoding with long paths: per cell and input, one feature per operation sequence of length 0..4 (4 × ${BLOCK} = ${NB301_PATH_ENCODING_SIZE}), all 8 edges of a cell counted`,
  encode(genotype) {
    const out = new Float32Array(NB301_PATH_ENCODING_SIZE);
    NB301_CELL_TYPES.forEach((cellType, c) => {
      for (const index of nb301CellPathIndices(genotype[cellType])) out[c * 2 * BLOCK + index] = 1;
    });
    return out;
  },
};
