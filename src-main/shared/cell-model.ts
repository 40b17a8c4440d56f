/**
 * The cell model for display: an architecture as drawable cell graphs (nodes, edges, the
 * operations on them and their short names), one parser per search space, and a small layered
 * layout. The app (src-renderer components/CellGraph.vue) and the reports
 * (services/reports/cells.ts) both draw from it; a space adds its drawing by adding a parser to
 * CELL_PARSERS. The search spaces themselves (src-main/nas/spaces) keep their own code; a test
 * keeps the operation lists here equal to theirs.
 *
 * - nb101: `{matrix, ops}`: an upper-triangular adjacency matrix, operations on vertices.
 * - nb201: an arch string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`: 4 nodes, operations on edges.
 * - nb301: `{normal, reduce}`, each 8 edges `[input, op]` (edges 2j, 2j+1 feed intermediate
 *   node j; inputs 0 = c(k−2), 1 = c(k−1), 2..5 = intermediate nodes); operations on edges.
 */

export interface CellNode {
  id: string;
  label: string;
  kind: 'input' | 'output' | 'op' | 'node';
  /** The operation's name where the space puts operations on vertices (NB101), e.g. `conv3x3-bn-relu`. */
  op?: string;
}

export interface CellEdge {
  from: string;
  to: string;
  /** What the app writes on the edge: the operation's name where the space puts operations on edges. */
  label?: string;
  /** The operation's name (NB201, NB301), e.g. `nor_conv_3x3`. */
  op?: string;
  /** Drawn faint: e.g. NB201's `none` (no connection) or the concatenation into a DARTS output. */
  muted?: boolean;
}

export interface CellGraph {
  title: string;
  nodes: CellNode[];
  edges: CellEdge[];
}

export class CellFormatError extends Error {
  override name = 'CellFormatError';
}

/** Vertex labels of NB101 cells: input, the interior operations, output. */
export const NB101_OPS = ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3', 'output'] as const;
/** Edge operations of NB201 cells, in the official order. */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
/** Edge operations of NB301 (DARTS) cells, in the order their indices mean. */
export const NB301_OPS = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'] as const;

/** Short names of the operations of every space, for drawings and legends (one name per operation, whatever the space). */
export const OP_LABELS: Readonly<Record<string, string>> = {
  input: 'input',
  output: 'output',
  'conv3x3-bn-relu': 'conv 3×3',
  'conv1x1-bn-relu': 'conv 1×1',
  maxpool3x3: 'max pool 3×3',
  none: 'none',
  skip_connect: 'skip',
  nor_conv_1x1: 'conv 1×1',
  nor_conv_3x3: 'conv 3×3',
  avg_pool_3x3: 'avg pool 3×3',
  max_pool_3x3: 'max pool 3×3',
  sep_conv_3x3: 'sep conv 3×3',
  sep_conv_5x5: 'sep conv 5×5',
  dil_conv_3x3: 'dil conv 3×3',
  dil_conv_5x5: 'dil conv 5×5',
};

/** An operation's short name; an operation no space here knows keeps its own. */
export function opLabel(op: string): string {
  return Object.hasOwn(OP_LABELS, op) ? OP_LABELS[op]! : op;
}

/** The operations a space's cells carry (interior ones: no input or output), in their official order; none for a space without a drawing. */
export function spaceOps(space: string): readonly string[] {
  return Object.hasOwn(SPACE_OPS, space) ? SPACE_OPS[space as keyof typeof SPACE_OPS] : [];
}
const SPACE_OPS = { nb101: NB101_OPS.slice(1, -1), nb201: NB201_OPS, nb301: NB301_OPS } as const;

/** NB101 cells have at most 7 vertices; a drawing of more than this is refused rather than made unreadable. */
const NB101_MAX_DRAWN_VERTICES = 12;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nb101Graph(arch: unknown): CellGraph[] {
  if (!isRecord(arch) || !Array.isArray(arch.matrix) || !Array.isArray(arch.ops)) {
    throw new CellFormatError('a NAS-Bench-101 cell is {matrix, ops}');
  }
  const ops = arch.ops as unknown[];
  const matrix = arch.matrix as unknown[];
  const n = ops.length;
  if (n < 2 || n > NB101_MAX_DRAWN_VERTICES) throw new CellFormatError(`a NAS-Bench-101 cell has 2 to ${NB101_MAX_DRAWN_VERTICES} vertices (input, operations, output), not ${n}`);
  if (matrix.length !== n) throw new CellFormatError(`the matrix has ${matrix.length} rows for ${n} operations`);
  const nodes: CellNode[] = ops.map((op, i) => {
    if (typeof op !== 'string') throw new CellFormatError(`operation ${i} must be a name, not ${JSON.stringify(op)}`);
    const kind = i === 0 ? 'input' : i === n - 1 ? 'output' : 'op';
    return { id: `v${i}`, label: opLabel(op), kind, op };
  });
  const edges: CellEdge[] = [];
  matrix.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) throw new CellFormatError(`matrix row ${i} must have ${n} entries`);
    row.forEach((cell, j) => {
      if (cell !== 0 && cell !== 1) throw new CellFormatError(`matrix[${i}][${j}] must be 0 or 1, not ${JSON.stringify(cell)}`);
      if (cell === 1) {
        if (j <= i) throw new CellFormatError(`matrix[${i}][${j}] is set, but the matrix must be upper triangular`);
        edges.push({ from: `v${i}`, to: `v${j}` });
      }
    });
  });
  return [{ title: 'cell', nodes, edges }];
}

export function nb201Graph(arch: unknown): CellGraph[] {
  if (typeof arch !== 'string') throw new CellFormatError('a NAS-Bench-201 cell is an arch string');
  const groups = arch.trim().split('+');
  if (groups.length !== 3) throw new CellFormatError(`"${arch}" is not a NAS-Bench-201 arch string`);
  const nodes: CellNode[] = [0, 1, 2, 3].map((i) => ({ id: `n${i}`, label: String(i), kind: i === 0 ? 'input' : i === 3 ? 'output' : 'node' }));
  const edges: CellEdge[] = [];
  groups.forEach((group, g) => {
    const parts = group.split('|').filter(Boolean);
    if (parts.length !== g + 1) throw new CellFormatError(`"${arch}": node ${g + 1} must have ${g + 1} incoming edges`);
    parts.forEach((part, k) => {
      const [op, from] = part.split('~');
      if (!op || !(NB201_OPS as readonly string[]).includes(op) || from === undefined || !/^\d$/.test(from) || Number(from) > g) {
        throw new CellFormatError(`"${arch}": "${part}" is not an edge op~from`);
      }
      // The official order, as the space reads it: the k-th edge into a node comes from node k.
      if (Number(from) !== k) throw new CellFormatError(`"${arch}": edge "${part}" into node ${g + 1} must come from node ${k}`);
      edges.push({ from: `n${from}`, to: `n${g + 1}`, label: op, op, muted: op === 'none' });
    });
  });
  return [{ title: 'cell', nodes, edges }];
}

function nb301Cell(title: string, cell: unknown): CellGraph {
  if (!Array.isArray(cell) || cell.length !== 8) throw new CellFormatError(`the ${title} cell must have 8 edges [input, op]`);
  const nodes: CellNode[] = [
    { id: 'c0', label: 'c(k−2)', kind: 'input' },
    { id: 'c1', label: 'c(k−1)', kind: 'input' },
    { id: 'c2', label: '0', kind: 'node' },
    { id: 'c3', label: '1', kind: 'node' },
    { id: 'c4', label: '2', kind: 'node' },
    { id: 'c5', label: '3', kind: 'node' },
    { id: 'out', label: 'c(k)', kind: 'output' },
  ];
  const edges: CellEdge[] = [];
  cell.forEach((edge: unknown, e) => {
    if (!Array.isArray(edge) || edge.length !== 2) throw new CellFormatError(`${title} cell, edge ${e}: expected [input, op]`);
    const [input, op] = edge as unknown[];
    const target = (e >> 1) + 2;
    const opName = typeof op === 'number' ? NB301_OPS[op] : typeof op === 'string' && (NB301_OPS as readonly string[]).includes(op) ? op : undefined;
    if (!Number.isInteger(input) || (input as number) < 0 || (input as number) >= target || !opName) {
      throw new CellFormatError(`${title} cell, edge ${e}: ${JSON.stringify(edge)} is not a valid [input, op]`);
    }
    edges.push({ from: `c${input as number}`, to: `c${target}`, label: opName, op: opName });
  });
  for (let j = 2; j <= 5; j++) edges.push({ from: `c${j}`, to: 'out', muted: true });
  return { title, nodes, edges };
}

export function nb301Graph(arch: unknown): CellGraph[] {
  if (!isRecord(arch) || arch.normal === undefined || arch.reduce === undefined) throw new CellFormatError('a NAS-Bench-301 genotype is {normal, reduce}');
  return [nb301Cell('normal', arch.normal), nb301Cell('reduction', arch.reduce)];
}

export const CELL_PARSERS = {
  nb101: nb101Graph,
  nb201: nb201Graph,
  nb301: nb301Graph,
} as const satisfies Record<string, (arch: unknown) => CellGraph[]>;

/** A space this model draws (a drawing per space, e.g. the report's, is a Record over these). */
export type CellSpace = keyof typeof CELL_PARSERS;

function isCellSpace(space: string): space is CellSpace {
  return Object.hasOwn(CELL_PARSERS, space);
}

/** The space an architecture's JSON looks like, for when the benchmark's space is not known. */
export function guessSpace(arch: unknown): CellSpace | null {
  if (typeof arch === 'string' && arch.includes('~') && arch.includes('+')) return 'nb201';
  if (isRecord(arch) && 'matrix' in arch && 'ops' in arch) return 'nb101';
  if (isRecord(arch) && 'normal' in arch && 'reduce' in arch) return 'nb301';
  return null;
}

/** The space whose parser reads `arch`: the benchmark's where this model draws it, else the one the JSON looks like. */
export function drawnSpace(space: string | null | undefined, arch: unknown): CellSpace | null {
  return space && isCellSpace(space) ? space : guessSpace(arch);
}

/** The graphs to draw, or null when no parser knows the space (the JSON is shown instead). */
export function cellGraphsFor(space: string | null | undefined, arch: unknown): CellGraph[] | null {
  const key = drawnSpace(space, arch);
  return key ? CELL_PARSERS[key](arch) : null;
}

// ── layout ────────────────────────────────────────────────────────────────

export interface PlacedNode extends CellNode {
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
}

export interface PlacedEdge extends CellEdge {
  /** SVG path from the source's right side to the target's left side. */
  path: string;
  labelX: number;
  labelY: number;
  /** Where the edge ends (at its target's left side) and the point it comes from there (its start, or an arc's control point): the arrowhead's direction. */
  tip: { x: number; y: number };
  approach: { x: number; y: number };
}

export interface CellLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** About how wide an edge label is drawn (11 px text, with a little room): for placing it and the plate under it. */
export function labelWidth(label: string): number {
  return label.length * 6.1 + 6;
}
const LABEL_HEIGHT = 16;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
function overlap(a: Box, b: Box): number {
  const dx = Math.min(a.x + a.w / 2, b.x + b.w / 2) - Math.max(a.x - a.w / 2, b.x - b.w / 2);
  const dy = Math.min(a.y + a.h / 2, b.y + b.h / 2) - Math.max(a.y - a.h / 2, b.y - b.h / 2);
  return dx > 0 && dy > 0 ? dx * dy : 0;
}
/**
 * Where along an edge a label may sit, best first. The middle reads best; where edges fan
 * into their targets (NB301: two inputs per node, from the same two cells), labels near the
 * targets are spread by the targets' rows, and near the sources by the sources'.
 */
const LABEL_STOPS = [
  [0.5, 0.62, 0.38, 0.72, 0.28, 0.8, 0.2],
  [0.7, 0.62, 0.78, 0.5, 0.38, 0.3],
  [0.3, 0.38, 0.22, 0.5, 0.62, 0.7],
];

export interface LayoutOptions {
  layerGap?: number;
  rowGap?: number;
  nodeHeight?: number;
  charWidth?: number;
  margin?: number;
}

/**
 * Left-to-right layers by longest path from the inputs; within a layer, nodes are ordered
 * by the mean position of their predecessors. Edges between neighbouring layers are
 * straight; longer ones arc above or below (alternately), so they do not run through the
 * nodes in between — as NB201 cells are usually drawn.
 */
export function layoutCell(graph: CellGraph, options: LayoutOptions = {}): CellLayout {
  const nodeHeight = options.nodeHeight ?? 30;
  const charWidth = options.charWidth ?? 7.2;
  const widthOf = (n: CellNode): number => Math.max(nodeHeight, Math.ceil(n.label.length * charWidth) + 20);
  const maxWidth = Math.max(...graph.nodes.map(widthOf));
  // Wide enough that a label can sit 70% along an edge between neighbouring layers, clear of
  // the nodes at both ends (where edges fan into a node, that is where labels spread out).
  const longestLabel = Math.max(0, ...graph.edges.map((e) => (e.label ? labelWidth(e.label) : 0)));
  const layerGap = options.layerGap ?? Math.max(150, Math.round(maxWidth / 2 + nodeHeight / 2 + (longestLabel / 2 + 12) / 0.3));
  const rowGap = options.rowGap ?? 56;
  const margin = options.margin ?? 12;
  const ids = graph.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const preds = ids.map(() => [] as number[]);
  for (const e of graph.edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) throw new CellFormatError(`edge ${e.from} → ${e.to} names an unknown node`);
    preds[to]!.push(from);
  }
  // Longest path layering (the graphs are DAGs; a cycle would be a format error upstream).
  const layer = ids.map(() => -1);
  const visiting = new Set<number>();
  const depth = (i: number): number => {
    if (layer[i]! >= 0) return layer[i]!;
    if (visiting.has(i)) throw new CellFormatError('the cell has a cycle');
    visiting.add(i);
    let d = 0;
    for (const p of preds[i]!) d = Math.max(d, depth(p) + 1);
    visiting.delete(i);
    layer[i] = d;
    return d;
  };
  ids.forEach((_, i) => depth(i));
  // Outputs go to the last layer.
  const last = Math.max(0, ...layer);
  graph.nodes.forEach((n, i) => {
    if (n.kind === 'output') layer[i] = last;
  });
  const layers: number[][] = [];
  layer.forEach((l, i) => (layers[l] ??= []).push(i));
  const order = new Map<number, number>();
  layers.forEach((members, l) => {
    if (l > 0) {
      const bary = (i: number): number => {
        const ps = preds[i]!;
        return ps.length ? ps.reduce((s, p) => s + (order.get(p) ?? 0), 0) / ps.length : 0;
      };
      members.sort((a, b) => bary(a) - bary(b) || a - b);
    }
    members.forEach((i, k) => order.set(i, k - (members.length - 1) / 2));
  });
  const maxRows = Math.max(1, ...layers.map((m) => m?.length ?? 0));
  const midY = margin + nodeHeight / 2 + ((maxRows - 1) * rowGap) / 2;
  const placed: PlacedNode[] = graph.nodes.map((n, i) => {
    const w = widthOf(n);
    return {
      ...n,
      width: w,
      height: nodeHeight,
      layer: layer[i]!,
      x: margin + maxWidth / 2 + layer[i]! * layerGap,
      y: midY + (order.get(i) ?? 0) * rowGap,
    };
  });
  const width = margin * 2 + maxWidth + last * layerGap;
  let arc = 0;
  interface Geometry {
    x1: number;
    y1: number;
    x2: number;
    y2: number;
    cx: number | null;
    cy: number;
    labelX: number;
    labelY: number;
  }
  const geometry: Geometry[] = graph.edges.map((e) => {
    const a = placed[index.get(e.from)!]!;
    const b = placed[index.get(e.to)!]!;
    const x1 = a.x + a.width / 2;
    const y1 = a.y;
    const x2 = b.x - b.width / 2;
    const y2 = b.y;
    const span = b.layer - a.layer;
    if (span <= 1) return { x1, y1, x2, y2, cx: null, cy: 0, labelX: (x1 + x2) / 2, labelY: (y1 + y2) / 2 };
    const sign = arc % 2 === 0 ? -1 : 1;
    const lift = (nodeHeight / 2 + 22 + 16 * Math.floor(arc / 2) + 10 * (span - 2)) * sign;
    arc += 1;
    const cy = (sign < 0 ? Math.min(y1, y2) : Math.max(y1, y2)) + lift * 2;
    // Quadratic Bézier; its midpoint is halfway between the chord's middle and the control point.
    return { x1, y1, x2, y2, cx: (x1 + x2) / 2, cy, labelX: (x1 + x2) / 2, labelY: ((y1 + y2) / 2 + cy) / 2 };
  });
  // Edges arriving at one node end at points spread down its left side, ordered as they come
  // in (from above first), each on the node's outline: ending all at the side's middle put
  // their arrowheads on top of each other (the output node of an NB201 cell takes three).
  const arrivals = new Map<number, number[]>();
  graph.edges.forEach((e, i) => {
    const to = index.get(e.to)!;
    arrivals.set(to, [...(arrivals.get(to) ?? []), i]);
  });
  for (const [to, list] of arrivals) {
    if (list.length < 2) continue;
    const b = placed[to]!;
    const radius = b.kind === 'node' ? b.height / 2 : 6;
    const from = (g: Geometry): number => (g.cx === null ? g.y1 : g.cy);
    list.sort((i, j) => from(geometry[i]!) - from(geometry[j]!) || i - j);
    const step = Math.min(12, (b.height - 6) / (list.length - 1));
    list.forEach((i, k) => {
      const g = geometry[i]!;
      const dy = (k - (list.length - 1) / 2) * step;
      // Within the rounded corner the outline lies further right.
      const corner = Math.max(0, Math.abs(dy) - (b.height / 2 - radius));
      g.y2 = b.y + dy;
      g.x2 = b.x - b.width / 2 + radius - Math.sqrt(Math.max(0, radius * radius - corner * corner));
      if (g.cx === null) {
        g.labelX = (g.x1 + g.x2) / 2;
        g.labelY = (g.y1 + g.y2) / 2;
      } else {
        g.cx = (g.x1 + g.x2) / 2;
        g.labelX = g.cx;
        g.labelY = ((g.y1 + g.y2) / 2 + g.cy) / 2;
      }
    });
  }
  // Labels slide along their edges, away from the middle, when they would cover another
  // label or a node (edges that leave one node for the next layer share their middles).
  // Each order of stops is tried for all labels; the one that covers least wins.
  const nodeBoxes: Box[] = placed.map((n) => ({ x: n.x, y: n.y, w: n.width + 4, h: n.height + 4 }));
  const pointAt = (g: Geometry, t: number): [number, number] => {
    if (g.cx === null) return [g.x1 + (g.x2 - g.x1) * t, g.y1 + (g.y2 - g.y1) * t];
    const u = 1 - t;
    return [u * u * g.x1 + 2 * u * t * g.cx + t * t * g.x2, u * u * g.y1 + 2 * u * t * g.cy + t * t * g.y2];
  };
  let chosen: Array<Box | null> = [];
  let chosenCost = Infinity;
  for (const stops of LABEL_STOPS) {
    const taken = nodeBoxes.slice();
    let total = 0;
    const boxes = graph.edges.map((e, i): Box | null => {
      if (!e.label) return null;
      const w = labelWidth(e.label);
      let best: Box | null = null;
      let bestCost = Infinity;
      for (const t of stops) {
        const [x, y] = pointAt(geometry[i]!, t);
        const box = { x, y, w, h: LABEL_HEIGHT };
        let cost = 0;
        for (const other of taken) cost += overlap(box, other);
        if (cost < bestCost - 1e-6) {
          best = box;
          bestCost = cost;
        }
        if (cost === 0) break;
      }
      taken.push(best!);
      total += bestCost;
      return best;
    });
    if (total < chosenCost - 1e-6) {
      chosen = boxes;
      chosenCost = total;
    }
    if (total === 0) break;
  }
  chosen.forEach((box, i) => {
    if (!box) return;
    geometry[i]!.labelX = box.x;
    geometry[i]!.labelY = box.y;
  });
  // Trim the room reserved for arcs to what they use.
  let top = Infinity;
  let bottom = -Infinity;
  for (const n of placed) {
    top = Math.min(top, n.y - n.height / 2);
    bottom = Math.max(bottom, n.y + n.height / 2);
  }
  for (const g of geometry) {
    top = Math.min(top, g.labelY - 9);
    bottom = Math.max(bottom, g.labelY + 9);
  }
  const shift = margin - top;
  const height = bottom - top + 2 * margin;
  for (const n of placed) n.y += shift;
  const r = (v: number): number => Math.round(v * 10) / 10;
  const edges: PlacedEdge[] = graph.edges.map((e, i) => {
    const g = geometry[i]!;
    const path =
      g.cx === null
        ? `M${r(g.x1)},${r(g.y1 + shift)} L${r(g.x2)},${r(g.y2 + shift)}`
        : `M${r(g.x1)},${r(g.y1 + shift)} Q${r(g.cx)},${r(g.cy + shift)} ${r(g.x2)},${r(g.y2 + shift)}`;
    return {
      ...e,
      path,
      labelX: g.labelX,
      labelY: g.labelY + shift,
      tip: { x: g.x2, y: g.y2 + shift },
      approach: g.cx === null ? { x: g.x1, y: g.y1 + shift } : { x: g.cx, y: g.cy + shift },
    };
  });
  return { width, height, nodes: placed, edges };
}
