/**
 * The ConfigSpace form NAS-Bench-301 (and YAHPO's nb301 scenario) uses for a genotype, as
 * written by nasbench301's `convert_genotype_to_config`:
 *
 *   - `edge_{normal,reduce}_{0..13}`: the operation name on each possible edge. The 14
 *     possible edges of a cell are numbered node by node: node 2 (first intermediate)
 *     has edges 0, 1 from inputs 0, 1; node 3 has edges 2..4 from inputs 0..2; node 4
 *     has 5..8 from 0..3; node 5 has 9..13 from 0..4. So edge = offset(node) + input with
 *     offsets 0, 2, 5, 9. Only the edges a genotype uses are active (set).
 *   - `inputs_node_{normal,reduce}_{3,4,5}`: which two inputs nodes 3..5 take, as
 *     "a_b" with a < b (node 2 always takes 0 and 1, so it has no such parameter).
 *
 * Names carry a prefix: `NetworkSelectorDatasetInfo:darts:` in NB301, with ':' spelled
 * `_COLON_` in YAHPO's files. Parsing accepts either prefix or none.
 */
import { checkGenotype, NB301_CELL_TYPES, NB301_NODES, NB301_OPS, Nb301FormatError, type Nb301Cell, type Nb301CellType, type Nb301Edge, type Nb301Genotype, type Nb301Op } from './genotype.ts';

export const NB301_CS_PREFIX = 'NetworkSelectorDatasetInfo:darts:';
export const YAHPO_CS_PREFIX = 'NetworkSelectorDatasetInfo_COLON_darts_COLON_';
/** Possible edges per cell: 2 + 3 + 4 + 5. */
export const NB301_CS_EDGES = 14;
/** First ConfigSpace edge index of each intermediate node (DARTS nodes 2..5). */
export const NB301_CS_EDGE_OFFSETS = [0, 2, 5, 9] as const;

/** ConfigSpace edge index of the edge from `input` into intermediate node j (0..3). */
export function csEdgeIndex(j: number, input: number): number {
  return NB301_CS_EDGE_OFFSETS[j]! + input;
}

/** (intermediate node j, input) of ConfigSpace edge index e. */
export function csEdgeNode(e: number): { j: number; input: number } {
  let j = NB301_NODES - 1;
  while (NB301_CS_EDGE_OFFSETS[j]! > e) j--;
  return { j, input: e - NB301_CS_EDGE_OFFSETS[j]! };
}

/** The allowed "a_b" values of inputs_node_*_{k}, in NB301's choice order. */
export function csInputChoices(node: number): string[] {
  const out: string[] = [];
  for (let a = 0; a < node; a++) for (let b = a + 1; b < node; b++) out.push(`${a}_${b}`);
  return out;
}

export function csEdgeName(cellType: Nb301CellType, e: number, prefix = NB301_CS_PREFIX): string {
  return `${prefix}edge_${cellType}_${e}`;
}

export function csInputsName(cellType: Nb301CellType, node: number, prefix = NB301_CS_PREFIX): string {
  return `${prefix}inputs_node_${cellType}_${node}`;
}

function cellToConfig(cell: Nb301Cell, cellType: Nb301CellType, prefix: string, out: Record<string, string>): void {
  for (let j = 0; j < NB301_NODES; j++) {
    const pair = [cell[2 * j]!, cell[2 * j + 1]!];
    for (const [input, op] of pair) out[csEdgeName(cellType, csEdgeIndex(j, input), prefix)] = NB301_OPS[op]!;
    if (j > 0) {
      const inputs = pair.map(([input]) => input).sort((a, b) => a - b);
      out[csInputsName(cellType, j + 2, prefix)] = inputs.join('_');
    }
  }
}

/** Active parameters only, as nasbench301's convert_genotype_to_config writes them. */
export function toConfigSpace(g: Nb301Genotype, prefix = NB301_CS_PREFIX): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cellType of NB301_CELL_TYPES) cellToConfig(g[cellType], cellType, prefix, out);
  return out;
}

const ARCH_KEY = /^(?:NetworkSelectorDatasetInfo(?::|_COLON_)darts(?::|_COLON_))?(edge|inputs_node)_(normal|reduce)_(\d+)$/;

/**
 * Reads a ConfigSpace dictionary back into a genotype (edges of each node in input order).
 * Keys that are not architecture parameters (training hyperparameters, epoch) are ignored;
 * an edge that is set but inactive, a missing edge or an unknown value is an error.
 */
export function fromConfigSpace(config: Record<string, unknown>): Nb301Genotype {
  const edges: Record<Nb301CellType, Map<number, string>> = { normal: new Map(), reduce: new Map() };
  const inputs: Record<Nb301CellType, Map<number, string>> = { normal: new Map(), reduce: new Map() };
  for (const [key, value] of Object.entries(config)) {
    const m = ARCH_KEY.exec(key);
    if (!m) continue;
    const cellType = m[2] as Nb301CellType;
    const index = Number(m[3]);
    if (typeof value !== 'string') throw new Nb301FormatError(`${key} is ${JSON.stringify(value)}; expected a string`);
    if (m[1] === 'edge') {
      if (index >= NB301_CS_EDGES) throw new Nb301FormatError(`${key}: a cell has edges 0..${NB301_CS_EDGES - 1}`);
      if (!(NB301_OPS as readonly string[]).includes(value)) throw new Nb301FormatError(`${key} is "${value}", not an operation; allowed: ${NB301_OPS.join(', ')}`);
      edges[cellType].set(index, value);
    } else {
      if (index < 3 || index > 5) throw new Nb301FormatError(`${key}: only nodes 3, 4 and 5 choose their inputs (node 2 always takes 0 and 1)`);
      if (!csInputChoices(index).includes(value)) throw new Nb301FormatError(`${key} is "${value}"; allowed: ${csInputChoices(index).join(', ')}`);
      inputs[cellType].set(index, value);
    }
  }
  const genotype: Record<Nb301CellType, Nb301Edge[]> = { normal: [], reduce: [] };
  for (const cellType of NB301_CELL_TYPES) {
    const used = new Set<number>();
    for (let j = 0; j < NB301_NODES; j++) {
      const node = j + 2;
      let pair: number[];
      if (j === 0) {
        pair = [0, 1];
      } else {
        const choice = inputs[cellType].get(node);
        if (choice === undefined) throw new Nb301FormatError(`${csInputsName(cellType, node)} is missing: node ${node} of the ${cellType} cell needs its two inputs`);
        pair = choice.split('_').map(Number);
      }
      for (const input of pair) {
        const e = csEdgeIndex(j, input);
        const op = edges[cellType].get(e);
        if (op === undefined) throw new Nb301FormatError(`${csEdgeName(cellType, e)} is missing: node ${node} of the ${cellType} cell takes input ${input} through it`);
        used.add(e);
        genotype[cellType].push([input, NB301_OPS.indexOf(op as Nb301Op)]);
      }
    }
    for (const e of edges[cellType].keys()) {
      if (!used.has(e)) {
        const { j, input } = csEdgeNode(e);
        throw new Nb301FormatError(`${csEdgeName(cellType, e)} is set, but node ${j + 2} of the ${cellType} cell does not take input ${input}; that edge must be inactive`);
      }
    }
  }
  return checkGenotype(genotype);
}
