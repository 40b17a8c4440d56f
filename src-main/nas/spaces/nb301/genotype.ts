/**
 * The DARTS cell space of NAS-Bench-301. A genotype is a normal and a reduction cell; each
 * cell has two inputs, c(k−2) and c(k−1), and four intermediate nodes whose outputs are all
 * concatenated. Intermediate node j (0..3, DARTS node number j + 2) takes exactly two edges
 * from distinct earlier nodes (0 = c(k−2), 1 = c(k−1), 2..j+1 = earlier intermediate
 * nodes), and each edge carries one of seven operations.
 *
 * A cell is stored in NASLib's compact form: 8 edges `[input, op]`, edges 2j and 2j+1
 * feeding intermediate node j, ops indexed as in NB301_OPS. The two edges into a node are
 * a set (DARTS sums them), so the canonical form orders them by (input, op); hash and
 * encoding use it, storage keeps the order it was given (round trips stay exact).
 *
 * Per cell: ∏_j C(j+2, 2)·7² = 1·3·6·10 · 7⁸ = 1,037,664,180 canonical cells, so about
 * 1.08·10¹⁸ genotypes.
 */
export const NB301_OPS = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'] as const;
export type Nb301Op = (typeof NB301_OPS)[number];
export const NB301_NODES = 4;
export const NB301_CELL_EDGES = 2 * NB301_NODES;
export const NB301_CELL_TYPES = ['normal', 'reduce'] as const;
export type Nb301CellType = (typeof NB301_CELL_TYPES)[number];
/** Canonical cells per cell type (see the header); the space has this number squared. */
export const NB301_CELLS_PER_TYPE = 1 * 3 * 6 * 10 * 7 ** 8;
export const NB301_SIZE = BigInt(NB301_CELLS_PER_TYPE) ** 2n;

/** `[input, op]`: input 0 = c(k−2), 1 = c(k−1), 2..5 = intermediate nodes by DARTS number. */
export type Nb301Edge = readonly [input: number, op: number];
/** 8 edges; edges 2j, 2j+1 feed intermediate node j (DARTS node j + 2). */
export type Nb301Cell = readonly Nb301Edge[];
export interface Nb301Genotype {
  readonly normal: Nb301Cell;
  readonly reduce: Nb301Cell;
}

export class Nb301FormatError extends Error {
  override name = 'Nb301FormatError';
}

/** DARTS number of the node that edge `e` of a cell feeds (2..5). */
export function edgeTarget(e: number): number {
  return (e >> 1) + 2;
}

function opName(op: number): string {
  return NB301_OPS[op] ?? `#${op}`;
}

/**
 * Checks one cell's shape and wiring; `where` names it in errors ("normal cell").
 * Returns a fresh copy with plain number tuples.
 */
export function checkCell(value: unknown, where: string): Nb301Edge[] {
  if (!Array.isArray(value) || value.length !== NB301_CELL_EDGES) {
    throw new Nb301FormatError(`the ${where} must be a list of ${NB301_CELL_EDGES} edges [input, op], got ${JSON.stringify(value)}`);
  }
  const cell: Nb301Edge[] = [];
  value.forEach((edge: unknown, e) => {
    const node = edgeTarget(e);
    if (!Array.isArray(edge) || edge.length !== 2) {
      throw new Nb301FormatError(`${where}, edge ${e} (into node ${node}): expected [input, op], got ${JSON.stringify(edge)}`);
    }
    const [input, op] = edge as unknown[];
    if (!Number.isInteger(op) || (op as number) < 0 || (op as number) >= NB301_OPS.length) {
      throw new Nb301FormatError(
        `${where}, edge ${e} (into node ${node}): unknown operation ${JSON.stringify(op)}; allowed 0..${NB301_OPS.length - 1} (${NB301_OPS.join(', ')})`,
      );
    }
    if (!Number.isInteger(input) || (input as number) < 0) {
      throw new Nb301FormatError(`${where}, edge ${e} (into node ${node}): input ${JSON.stringify(input)} is not a node number`);
    }
    if ((input as number) >= node) {
      const what = input === node ? 'itself' : `the later node ${input}`;
      throw new Nb301FormatError(`${where}, edge ${e}: node ${node} is wired to ${what}; node ${node} may only take inputs 0..${node - 1}`);
    }
    cell.push([input as number, op as number]);
  });
  for (let j = 0; j < NB301_NODES; j++) {
    const a = cell[2 * j]!;
    const b = cell[2 * j + 1]!;
    if (a[0] === b[0]) {
      throw new Nb301FormatError(`${where}: node ${j + 2} takes input ${a[0]} twice (edges ${2 * j} and ${2 * j + 1}); its two edges must come from distinct nodes`);
    }
  }
  return cell;
}

export function checkGenotype(value: unknown): Nb301Genotype {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Nb301FormatError(`a NAS-Bench-301 genotype is {"normal": [...], "reduce": [...]}, got ${JSON.stringify(value)}`);
  }
  const g = value as { normal?: unknown; reduce?: unknown };
  return { normal: checkCell(g.normal, 'normal cell'), reduce: checkCell(g.reduce, 'reduction cell') };
}

function canonicalCell(cell: Nb301Cell): Nb301Edge[] {
  const out: Nb301Edge[] = [];
  for (let j = 0; j < NB301_NODES; j++) {
    const a = cell[2 * j]!;
    const b = cell[2 * j + 1]!;
    const swap = a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
    out.push(swap ? [b[0], b[1]] : [a[0], a[1]], swap ? [a[0], a[1]] : [b[0], b[1]]);
  }
  return out;
}

/** Each node's two edges ordered by (input, op): one representative per genotype. */
export function canonicalGenotype(g: Nb301Genotype): Nb301Genotype {
  return { normal: canonicalCell(g.normal), reduce: canonicalCell(g.reduce) };
}

export function copyGenotype(g: Nb301Genotype): Nb301Genotype {
  return { normal: g.normal.map(([i, o]) => [i, o] as const), reduce: g.reduce.map(([i, o]) => [i, o] as const) };
}

export function sameGenotype(a: Nb301Genotype, b: Nb301Genotype): boolean {
  return formatCompact(canonicalGenotype(a)) === formatCompact(canonicalGenotype(b));
}

// ---------------------------------------------------------------------------------------
// NASLib compact form: the Python repr NASLib uses as a dictionary key, e.g.
// "[[(0, 4), (1, 3), (0, 2), (2, 3), (2, 3), (0, 3), (2, 6), (3, 5)], [(0, 3), ...]]"

function compactCell(cell: Nb301Cell): string {
  return `[${cell.map(([input, op]) => `(${input}, ${op})`).join(', ')}]`;
}

export function formatCompact(g: Nb301Genotype): string {
  return `[${compactCell(g.normal)}, ${compactCell(g.reduce)}]`;
}

/** Parses NASLib's compact key (tuples or lists, any spacing). */
export function parseCompact(text: string): Nb301Genotype {
  const trimmed = text.trim();
  const pairs = [...trimmed.matchAll(/[([]\s*(-?\d+)\s*,\s*(-?\d+)\s*[)\]]/g)];
  const skeleton = trimmed.replace(/[([]\s*-?\d+\s*,\s*-?\d+\s*[)\]]/g, 'P').replace(/\s+/g, '');
  const expected = `[[${Array(NB301_CELL_EDGES).fill('P').join(',')}],[${Array(NB301_CELL_EDGES).fill('P').join(',')}]]`;
  if (skeleton !== expected) {
    throw new Nb301FormatError(
      `"${text}" is not a NASLib compact NAS-Bench-301 genotype: expected [[(input, op) × ${NB301_CELL_EDGES}], [(input, op) × ${NB301_CELL_EDGES}]] with integer inputs and op indices`,
    );
  }
  const edges = pairs.map((m) => [Number(m[1]), Number(m[2])]);
  return checkGenotype({ normal: edges.slice(0, NB301_CELL_EDGES), reduce: edges.slice(NB301_CELL_EDGES) });
}

// ---------------------------------------------------------------------------------------
// DARTS Genotype text: Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5],
//                               reduce=[...], reduce_concat=[2, 3, 4, 5])

const CONCAT = '[2, 3, 4, 5]';

function dartsCell(cell: Nb301Cell): string {
  return `[${cell.map(([input, op]) => `('${opName(op)}', ${input})`).join(', ')}]`;
}

export function formatDarts(g: Nb301Genotype): string {
  return `Genotype(normal=${dartsCell(g.normal)}, normal_concat=${CONCAT}, reduce=${dartsCell(g.reduce)}, reduce_concat=${CONCAT})`;
}

function parseDartsCell(body: string, where: string, text: string): Nb301Edge[] {
  const tuple = /\(\s*(['"])([^'"]*)\1\s*,\s*(-?\d+)\s*\)/g;
  const skeleton = body.replace(tuple, 'T').replace(/\s+/g, '');
  if (!/^\[(T(,T)*)?\]$/.test(skeleton)) {
    throw new Nb301FormatError(`"${text}": ${where} is not a list of ('op', input) pairs`);
  }
  const edges = [...body.matchAll(tuple)].map((m, e) => {
    const op = NB301_OPS.indexOf(m[2] as Nb301Op);
    if (op < 0) throw new Nb301FormatError(`"${text}": ${where}, edge ${e}: unknown operation "${m[2]}"; allowed: ${NB301_OPS.join(', ')}`);
    return [Number(m[3]), op];
  });
  return checkCell(edges, where);
}

function checkConcat(value: string | undefined, name: string, text: string): void {
  if (value === undefined) return;
  const v = value.replace(/\s+/g, '');
  if (v !== '[2,3,4,5]' && v !== 'range(2,6)' && v !== '(2,3,4,5)') {
    throw new Nb301FormatError(`"${text}": ${name} is ${value.trim()}; NAS-Bench-301 cells concatenate all four intermediate nodes, ${CONCAT}`);
  }
}

/** Parses DARTS `Genotype(...)` text (single or double quotes; concat as a list or range(2, 6)). */
export function parseDarts(text: string): Nb301Genotype {
  const m = /^\s*Genotype\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (!m) throw new Nb301FormatError(`"${text}" is not DARTS Genotype text: expected Genotype(normal=[...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])`);
  const fields = new Map<string, string>();
  const field = /(\w+)\s*=\s*(\[[^\]]*\]|range\s*\([^)]*\)|\([^)]*\))/g;
  let rest = m[1]!;
  for (const f of m[1]!.matchAll(field)) {
    if (fields.has(f[1]!)) throw new Nb301FormatError(`"${text}": ${f[1]} is given twice`);
    fields.set(f[1]!, f[2]!);
    rest = rest.replace(f[0], '');
  }
  const leftover = rest.replace(/[\s,]+/g, '');
  if (leftover !== '') throw new Nb301FormatError(`"${text}": cannot read "${leftover}"; expected name=value fields`);
  for (const name of fields.keys()) {
    if (!['normal', 'normal_concat', 'reduce', 'reduce_concat'].includes(name)) {
      throw new Nb301FormatError(`"${text}": unknown field "${name}"; a Genotype has normal, normal_concat, reduce, reduce_concat`);
    }
  }
  for (const name of ['normal', 'reduce']) {
    if (!fields.has(name)) throw new Nb301FormatError(`"${text}": the ${name} cell is missing`);
  }
  checkConcat(fields.get('normal_concat'), 'normal_concat', text);
  checkConcat(fields.get('reduce_concat'), 'reduce_concat', text);
  return {
    normal: parseDartsCell(fields.get('normal')!, 'normal cell', text),
    reduce: parseDartsCell(fields.get('reduce')!, 'reduction cell', text),
  };
}
