/**
 * What the architecture-insight view draws, from a run's evaluated architectures: the cell's
 * slots as parallel-coordinate axes (the operation on each edge or vertex; for NB101, whose
 * cells vary in wiring, also the number of edges), and how often each operation appears among
 * the best k against all of them. Read from the cell model (shared/cell-model.ts), so every space
 * with a drawing gets both.
 */
import { CELL_PARSERS, drawnSpace, opLabel, spaceOps, type CellGraph } from './cell-model.ts';

export interface InsightArchitecture {
  query: number;
  hash: string;
  arch: unknown;
  valid: number;
  test: number;
}

/** One architecture's value on each slot: an operation's short name, or a number (NB101's edge count). */
export type SlotValues = Map<string, string | number>;

/** What the insight charts draw of an evaluated architecture: its rank keys and its slots. */
export interface InsightItem {
  query: number;
  hash: string;
  valid: number;
  slots: SlotValues;
}

/** Spaces whose edges are the same in every cell (only their operations change). */
const FIXED_EDGES: ReadonlySet<string> = new Set(['nb201']);

/** Shown on an operation slot the architecture lacks (an NB101 cell with fewer vertices). */
export const ABSENT = '—';

/** The slots of one architecture, named `cell · slot` where the space has several cells. */
export function slotValues(benchmarkSpace: string, arch: unknown): SlotValues | null {
  // The benchmark's space where the cell model draws it, else the one the JSON looks like.
  const space = drawnSpace(benchmarkSpace, arch);
  if (!space) return null;
  let graphs: CellGraph[];
  try {
    graphs = CELL_PARSERS[space](arch);
  } catch {
    return null;
  }
  const values: SlotValues = new Map();
  for (const graph of graphs) {
    const prefix = graphs.length > 1 ? `${graph.title} · ` : '';
    const vertexOps = graph.nodes.filter((n) => n.kind === 'op' && n.op);
    if (vertexOps.length > 0 || graph.edges.every((e) => !e.op)) {
      // Operations on vertices (NB101): the vertex's position, in order, and how wired the cell is.
      vertexOps.forEach((node, i) => values.set(`${prefix}op ${i + 1}`, opLabel(node.op!)));
      values.set(`${prefix}edges`, graph.edges.length);
    } else {
      // Operations on edges: NB201's edges are fixed (named from→to); a DARTS node picks its two
      // inputs, so its edges are named by the node and their place (node 0 · in 1).
      const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
      const seen = new Map<string, number>();
      for (const edge of graph.edges) {
        if (!edge.op) continue;
        const to = label.get(edge.to) ?? edge.to;
        const k = (seen.get(to) ?? 0) + 1;
        seen.set(to, k);
        values.set(FIXED_EDGES.has(space) ? `${prefix}${label.get(edge.from) ?? edge.from}→${to}` : `${prefix}node ${to} · in ${k}`, opLabel(edge.op));
      }
    }
  }
  return values;
}

export interface InsightAxis {
  name: string;
  scale: 'category' | 'linear';
  values?: string[];
}

/** Axes over every slot any of the architectures has, in first-seen order; operation axes list the space's operations in order (and ABSENT where some lack the slot). */
export function insightAxes(space: string, all: readonly SlotValues[]): InsightAxis[] {
  const names: string[] = [];
  const numeric = new Set<string>();
  const absent = new Set<string>();
  for (const values of all) {
    for (const [name, value] of values) {
      if (!names.includes(name)) names.push(name);
      if (typeof value === 'number') numeric.add(name);
    }
  }
  for (const values of all) for (const name of names) if (!numeric.has(name) && !values.has(name)) absent.add(name);
  const ops = spaceOps(space).map(opLabel);
  return names.map((name) => (numeric.has(name) ? { name, scale: 'linear' as const } : { name, scale: 'category' as const, values: [...ops, ...(absent.has(name) ? [ABSENT] : [])] }));
}

/** The lines to draw: the best `best` by validation accuracy, then an even sample of the rest up to `cap` (a run of 15,000 stays readable and fast). */
export function linesToDraw<T extends { valid: number; query: number }>(items: readonly T[], cap: number, best = Math.floor(cap / 3)): T[] {
  if (items.length <= cap) return items.slice();
  const ranked = rankByValid(items);
  const top = ranked.slice(0, best);
  const rest = ranked.slice(best);
  const step = rest.length / (cap - best);
  const sample = Array.from({ length: cap - best }, (_, i) => rest[Math.floor(i * step)]!);
  return [...top, ...sample];
}

/** Best validation accuracy first; ties to the earlier query, as the server ranks them. */
export function rankByValid<T extends { valid: number; query: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.valid - a.valid || a.query - b.query);
}

export interface OpFrequency {
  op: string;
  /** Share of the operation slots of the best k that hold this operation. */
  top: number;
  /** The same share over every evaluated architecture. */
  all: number;
}

/** Each operation's share of the operation slots among the best `k` (by validation accuracy) and among all. */
export function opFrequencies(space: string, items: readonly { valid: number; query: number; slots: SlotValues }[], k: number): OpFrequency[] {
  const ops = spaceOps(space).map(opLabel);
  const share = (group: readonly { slots: SlotValues }[]): Map<string, number> => {
    const counts = new Map<string, number>();
    let total = 0;
    for (const { slots } of group) {
      for (const value of slots.values()) {
        if (typeof value !== 'string' || value === ABSENT) continue;
        counts.set(value, (counts.get(value) ?? 0) + 1);
        total += 1;
      }
    }
    return new Map(ops.map((op) => [op, total > 0 ? (counts.get(op) ?? 0) / total : 0]));
  };
  const top = share(rankByValid(items).slice(0, k));
  const all = share(items);
  return ops.map((op) => ({ op, top: top.get(op) ?? 0, all: all.get(op) ?? 0 }));
}
