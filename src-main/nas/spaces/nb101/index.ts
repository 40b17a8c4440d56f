/** NAS-Bench-101 cell space: public surface. */
export { NB101_ENCODING_SIZE, encodeCell, encodeGraph } from './encode.ts';
export { enumerateNb101, type EnumerateOptions, type Nb101Enumeration } from './enumerate.ts';
export { hashCell, hashGraph, hashGraphReference } from './hash.ts';
export { HashMemo } from './hash-memo.ts';
export { canonicalKey } from './canonical.ts';
export { cellToGraph, checkCellShape, graphToCell, type CellGraph, type Nb101Cell } from './matrix.ts';
export { forEachCandidate, nb101Neighbours, type CandidateVisitor } from './neighbours.ts';
export * from './ops.ts';
export { prune, prunedProblem, pruneValid } from './prune.ts';
export { sampleCell, sampleGraph } from './sample.ts';
export { createNb101Space, nb101Space, type Nb101Space } from './space.ts';
