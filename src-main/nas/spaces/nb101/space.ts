/**
 * The NAS-Bench-101 SearchSpace. A cell is `{matrix, ops}` exactly as the official
 * ModelSpec takes it, stored as given (possibly with dangling vertices, as NASLib's
 * sampled specs are); hashing, encoding and the limits use the pruned cell, as the
 * official API does.
 *
 * - sample: NASLib's rejection sampling (see sample.ts): uniform over valid 7-vertex
 *   specs, not over unique cells. For uniform over unique cells use a table's sample.
 * - neighbours: 'paper' (default) or 'naslib', see neighbours.ts.
 * - hash: the official module hash, memoised by isomorphism class (hash-memo.ts).
 * - encode: 84 floats, see encode.ts.
 *
 * A space can be restricted to cells of at most `maxVertices` vertices (after pruning), as
 * for a benchmark that trained only those (the embedded nb101-5v-fmnist): neighbours never
 * leave it, sample is uniform over its cells, and validate refuses larger cells.
 */
import type { Rng } from '../../rng.ts';
import type { Neighbour, NeighbourRules, SearchSpace } from '../types.ts';
import { encodeCell, NB101_ENCODING_SIZE } from './encode.ts';
import { nb101PathEncoding } from './path-encoding.ts';
import { HashMemo } from './hash-memo.ts';
import { cellToGraph, checkCellShape, graphToCell, type CellGraph, type Nb101Cell } from './matrix.ts';
import { nb101Neighbours } from './neighbours.ts';
import { prune, prunedProblem } from './prune.ts';
import { sampleCell } from './sample.ts';
import { enumerateNb101 } from './enumerate.ts';
import { NB101_MAX_VERTICES } from './ops.ts';

export interface Nb101Space extends SearchSpace<Nb101Cell> {
  /** 7 for the full space. */
  readonly maxVertices: number;
  /** The pruned cell (what the benchmark trained); throws when outside the space. */
  pruned(arch: Nb101Cell): Nb101Cell;
  /** The memo behind hash() and neighbours(), for statistics and tests. */
  readonly memo: HashMemo;
}

export function createNb101Space(memo = new HashMemo(), maxVertices = NB101_MAX_VERTICES): Nb101Space {
  if (!Number.isInteger(maxVertices) || maxVertices < 2 || maxVertices > NB101_MAX_VERTICES) {
    throw new RangeError(`maxVertices must be an integer from 2 to ${NB101_MAX_VERTICES}, got ${maxVertices}`);
  }
  const prunedGraph = (arch: Nb101Cell): CellGraph => {
    const p = prune(cellToGraph(arch));
    const problem = prunedProblem(p);
    if (problem !== null || p === null) throw new Error(`NAS-Bench-101 cell is outside the space: ${problem ?? 'invalid'}`);
    return p;
  };
  const validate = (value: unknown): Nb101Cell => {
    const cell = checkCellShape(value);
    const p = prune(cellToGraph(cell));
    const problem = prunedProblem(p);
    if (problem !== null) throw new Error(`NAS-Bench-101 cell is outside the space: ${problem}`);
    if (p !== null && p.n > maxVertices) throw new Error(`NAS-Bench-101 cell has ${p.n} vertices after pruning; this space holds cells of at most ${maxVertices}`);
    return cell;
  };
  // The restricted space's cells, enumerated on first use (2,532 for 5 vertices: milliseconds).
  let cells: Nb101Cell[] | null = null;
  const restrictedCells = (): Nb101Cell[] => {
    if (cells === null) {
      const found: Nb101Cell[] = [];
      enumerateNb101({ maxVertices, hashes: true, onCell: (graph) => found.push(graphToCell(graph)) });
      cells = found;
    }
    return cells;
  };
  return {
    name: 'nb101',
    encodingSize: NB101_ENCODING_SIZE,
    maxVertices,
    memo,
    sample(rng: Rng): Nb101Cell {
      if (maxVertices === NB101_MAX_VERTICES) return sampleCell(rng);
      return rng.pick(restrictedCells());
    },
    // The paper's edits of the pruned cell and NASLib's get_nbhd on the stored cell differ (neighbours.ts).
    neighbourRuleSets: ['paper', 'naslib'],
    neighbours(arch: Nb101Cell, rules: NeighbourRules = 'paper'): Neighbour<Nb101Cell>[] {
      return nb101Neighbours(arch, rules, memo, maxVertices);
    },
    hash(arch: Nb101Cell): string {
      return memo.hash(prunedGraph(arch));
    },
    encode(arch: Nb101Cell): Float32Array {
      return encodeCell(arch);
    },
    predictorEncoding: nb101PathEncoding,
    pruned(arch: Nb101Cell): Nb101Cell {
      return graphToCell(prunedGraph(arch));
    },
    validate,
    toJSON(arch: Nb101Cell): unknown {
      return { matrix: arch.matrix.map((row) => row.slice()), ops: arch.ops.slice() };
    },
    fromJSON: validate,
  };
}

/** Shared instance; its only state is the hash memo, which never changes a result. */
export const nb101Space: Nb101Space = createNb101Space();
