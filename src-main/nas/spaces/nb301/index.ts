/** NAS-Bench-301 (DARTS) cell space: public surface. */
export * from './genotype.ts';
export {
  csEdgeIndex,
  csEdgeName,
  csEdgeNode,
  csInputChoices,
  csInputsName,
  fromConfigSpace,
  NB301_CS_EDGE_OFFSETS,
  NB301_CS_EDGES,
  NB301_CS_PREFIX,
  toConfigSpace,
  YAHPO_CS_PREFIX,
} from './configspace.ts';
export { encodeGenotype, NB301_CELL_BLOCK, NB301_CELL_VERTICES, NB301_ENCODING_SIZE, NB301_VERTEX_LABELS } from './encode.ts';
export { nb301HashLine, nb301NeighboursLine, parseNb301Line, type Nb301LineArch } from './lines.ts';
export { NB301_NEIGHBOURS, nb301NeighbourAt, nb301Neighbours, sampleNb301Neighbours } from './neighbours.ts';
export { hashGenotype, nb301Space, sampleGenotype, toGenotype, type Nb301Space } from './space.ts';
