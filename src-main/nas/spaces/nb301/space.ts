/**
 * The NAS-Bench-301 SearchSpace.
 *
 * - sample: uniform over genotypes (NASLib's sampler: per node two distinct inputs, an op
 *   per edge, each uniform), which is also uniform over canonical genotypes since every
 *   canonical genotype has the same number (2⁸) of edge orders.
 * - neighbours: the 120 of neighbours.ts, for both rule names.
 * - hash: NASLib's compact key of the canonical genotype, e.g.
 *   "[[(0, 4), (1, 3), ...], [...]]" — the same string NASLib's data files use as keys
 *   once a node's two edges are ordered by (input, op).
 * - encode: 462 floats, see encode.ts.
 * - validate / fromJSON: {normal, reduce} with [input, op] edges (op as index, or as name
 *   in DARTS order ["sep_conv_3x3", 0]), NASLib's [[...], [...]] lists, DARTS Genotype
 *   text, NASLib compact text, or a ConfigSpace dictionary. toJSON: {normal, reduce}.
 */
import type { Rng } from '../../rng.ts';
import type { Neighbour, NeighbourRules, SearchSpace } from '../types.ts';
import { fromConfigSpace } from './configspace.ts';
import { encodeGenotype, NB301_ENCODING_SIZE } from './encode.ts';
import { nb301PathEncoding } from './path-encoding.ts';
import {
  canonicalGenotype,
  checkGenotype,
  copyGenotype,
  formatCompact,
  NB301_CELL_TYPES,
  NB301_NODES,
  NB301_OPS,
  Nb301FormatError,
  parseCompact,
  parseDarts,
  type Nb301Edge,
  type Nb301Genotype,
  type Nb301Op,
} from './genotype.ts';
import { nb301Neighbours, sampleNb301Neighbours } from './neighbours.ts';

export function sampleGenotype(rng: Rng): Nb301Genotype {
  const cell = (): Nb301Edge[] => {
    const edges: Nb301Edge[] = [];
    for (let j = 0; j < NB301_NODES; j++) {
      const inputs = j + 2;
      const a = rng.int(inputs);
      let b = rng.int(inputs - 1);
      if (b >= a) b++;
      edges.push([a, rng.int(NB301_OPS.length)], [b, rng.int(NB301_OPS.length)]);
    }
    return edges;
  };
  const normal = cell();
  return { normal, reduce: cell() };
}

export function hashGenotype(g: Nb301Genotype): string {
  return formatCompact(canonicalGenotype(g));
}

/** DARTS-ordered pairs ["op_name", input] are turned around into [input, op]. */
function normaliseEdges(cell: unknown): unknown {
  if (!Array.isArray(cell)) return cell;
  return cell.map((edge: unknown) => {
    if (Array.isArray(edge) && edge.length === 2 && typeof edge[0] === 'string') {
      const op = NB301_OPS.indexOf(edge[0] as Nb301Op);
      if (op < 0) throw new Nb301FormatError(`unknown operation "${edge[0]}"; allowed: ${NB301_OPS.join(', ')}`);
      return [edge[1], op];
    }
    return edge;
  });
}

/** Any accepted form (see the header) to a checked genotype; throws Nb301FormatError. */
export function toGenotype(value: unknown): Nb301Genotype {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('Genotype')) return parseDarts(text);
    if (text.startsWith('[')) return parseCompact(text);
    throw new Nb301FormatError(`"${value}" is neither DARTS Genotype text nor a NASLib compact genotype`);
  }
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new Nb301FormatError(`a NASLib compact genotype is [normal edges, reduce edges], got ${value.length} lists`);
    return checkGenotype({ normal: normaliseEdges(value[0]), reduce: normaliseEdges(value[1]) });
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('normal' in record || 'reduce' in record) {
      return checkGenotype({ normal: normaliseEdges(record.normal), reduce: normaliseEdges(record.reduce) });
    }
    if (Object.keys(record).some((k) => /(?:^|[:_])(?:edge|inputs_node)_(?:normal|reduce)_\d+$/.test(k))) return fromConfigSpace(record);
  }
  throw new Nb301FormatError(
    `${JSON.stringify(value)} is not a NAS-Bench-301 genotype; give {"normal": [[input, op] × 8], "reduce": [...]}, DARTS Genotype text, NASLib compact text or a ConfigSpace dictionary`,
  );
}

export interface Nb301Space extends SearchSpace<Nb301Genotype> {
  /** n distinct neighbours drawn uniformly (without building the other 120 − n). */
  sampleNeighbours(arch: Nb301Genotype, n: number, rng: Rng): Neighbour<Nb301Genotype>[];
}

export const nb301Space: Nb301Space = {
  name: 'nb301',
  encodingSize: NB301_ENCODING_SIZE,
  sample: sampleGenotype,
  // One rule set: the same 120 edits serve both names.
  neighbourRuleSets: ['paper'],
  neighbours(arch: Nb301Genotype, rules: NeighbourRules = 'paper') {
    return nb301Neighbours(arch, rules);
  },
  sampleNeighbours: sampleNb301Neighbours,
  hash: hashGenotype,
  encode(arch: Nb301Genotype) {
    return encodeGenotype(arch);
  },
  predictorEncoding: nb301PathEncoding,
  validate: toGenotype,
  toJSON(arch: Nb301Genotype) {
    const g = copyGenotype(arch);
    const plain: Record<string, number[][]> = {};
    for (const cellType of NB301_CELL_TYPES) plain[cellType] = g[cellType].map(([i, o]) => [i, o]);
    return plain;
  },
  fromJSON: toGenotype,
};
