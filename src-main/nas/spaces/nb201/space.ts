/**
 * NAS-Bench-201 cell space: 4 nodes, 6 edges (i → j for i < j), one of 5 operations on
 * every edge, so 5^6 = 15,625 cells. A cell is stored as its 6 operation indices in the
 * official arch-string order: edges (0→1), (0→2), (1→2), (0→3), (1→3), (2→3).
 *
 * The hash is the official arch string. NB201 does contain isomorphic cells, but the
 * benchmark trained each of the 15,625 separately and reports different numbers for
 * them, so identity (not isomorphism) is the right key here.
 */
import type { Rng } from '../../rng.ts';
import type { Neighbour, SearchSpace } from '../types.ts';
import { NB201_OPS, type Nb201Op } from './ops.ts';
import { nb201PathEncoding } from './path-encoding.ts';

export { NB201_OPS, type Nb201Op } from './ops.ts';
export const NB201_EDGES = 6;
export const NB201_SIZE = NB201_OPS.length ** NB201_EDGES;
/** (from, to) of each edge, in arch-string order. */
export const NB201_EDGE_NODES: readonly (readonly [number, number])[] = [
  [0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3],
];

export type Nb201Cell = readonly number[];

export function formatNb201(cell: Nb201Cell): string {
  const op = (edge: number): string => `${NB201_OPS[cell[edge] as number]}~${NB201_EDGE_NODES[edge]![0]}`;
  return `|${op(0)}|+|${op(1)}|${op(2)}|+|${op(3)}|${op(4)}|${op(5)}|`;
}

/** Parse an official arch string such as `|nor_conv_3x3~0|+|none~0|skip_connect~1|+|…|`. */
export function parseNb201(text: string): Nb201Cell {
  const nodes = text.trim().split('+');
  if (nodes.length !== 3) throw new Error(`"${text}" is not a NAS-Bench-201 arch string: expected 3 node groups separated by "+", found ${nodes.length}`);
  const cell: number[] = [];
  nodes.forEach((group, g) => {
    const to = g + 1;
    const parts = group.split('|').filter((p) => p.length > 0);
    if (parts.length !== to) throw new Error(`"${text}": node ${to} must have ${to} incoming edges, found ${parts.length}`);
    parts.forEach((part, from) => {
      const [name, source] = part.split('~');
      const opIndex = NB201_OPS.indexOf(name as Nb201Op);
      if (opIndex < 0) throw new Error(`"${text}": unknown operation "${name}"; allowed: ${NB201_OPS.join(', ')}`);
      if (source !== String(from)) throw new Error(`"${text}": edge "${part}" into node ${to} must come from node ${from}`);
      cell.push(opIndex);
    });
  });
  return cell;
}

/** Position of a cell in the base-5 enumeration (edge 0 most significant). */
export function nb201Index(cell: Nb201Cell): number {
  let index = 0;
  for (const op of cell) index = index * NB201_OPS.length + op;
  return index;
}

export function nb201FromIndex(index: number): Nb201Cell {
  const cell = new Array<number>(NB201_EDGES);
  for (let e = NB201_EDGES - 1; e >= 0; e--) {
    cell[e] = index % NB201_OPS.length;
    index = Math.floor(index / NB201_OPS.length);
  }
  return cell;
}

function validateNb201(value: unknown): Nb201Cell {
  if (typeof value === 'string') return parseNb201(value);
  if (!Array.isArray(value) || value.length !== NB201_EDGES) {
    throw new Error(`a NAS-Bench-201 cell is an arch string or a list of ${NB201_EDGES} operation indices, got ${JSON.stringify(value)}`);
  }
  value.forEach((op, e) => {
    if (!Number.isInteger(op) || op < 0 || op >= NB201_OPS.length) {
      throw new Error(`NAS-Bench-201 edge ${e} has operation ${JSON.stringify(op)}; allowed 0..${NB201_OPS.length - 1} (${NB201_OPS.join(', ')})`);
    }
  });
  return value as number[];
}

export const nb201Space: SearchSpace<Nb201Cell> = {
  name: 'nb201',
  encodingSize: NB201_EDGES * NB201_OPS.length,
  sample(rng: Rng) {
    return nb201FromIndex(rng.int(NB201_SIZE));
  },
  /** Change one edge's operation: 6 edges × 4 other operations = 24 neighbours. */
  // NASLib's NB201 neighbourhood is the same one-operation change.
  neighbourRuleSets: ['paper'],
  neighbours(cell) {
    const out: Neighbour<Nb201Cell>[] = [];
    for (let e = 0; e < NB201_EDGES; e++) {
      for (let op = 0; op < NB201_OPS.length; op++) {
        if (op === cell[e]) continue;
        const next = cell.slice();
        next[e] = op;
        out.push({ arch: next, edit: `edge ${NB201_EDGE_NODES[e]![0]}→${NB201_EDGE_NODES[e]![1]}: ${NB201_OPS[cell[e] as number]} → ${NB201_OPS[op]}` });
      }
    }
    return out;
  },
  hash: formatNb201,
  /** One-hot operation per edge, edges in arch-string order (6 × 5 = 30 values). */
  encode(cell) {
    const out = new Float32Array(NB201_EDGES * NB201_OPS.length);
    cell.forEach((op, e) => {
      out[e * NB201_OPS.length + op] = 1;
    });
    return out;
  },
  predictorEncoding: nb201PathEncoding,
  validate: validateNb201,
  toJSON: formatNb201,
  fromJSON: validateNb201,
};
