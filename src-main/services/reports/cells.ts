/**
 * Architectures drawn as small SVG cells, from the cell model the app draws from too
 * (shared/cell-model.ts: the parsers, the operations and their short names). NAS-Bench-201:
 * the 4-node cell with an operation on every edge. NAS-Bench-101: the DAG with an operation on
 * every vertex, laid out in layers by longest path from the input. NAS-Bench-301: the normal and
 * the reduction cell of the DARTS genotype, laid out left to right as in the app. Anything
 * else: its JSON. No ids, markers or scripts: arrowheads are plain polygons, so a page can hold
 * any number of cells.
 */
import { CELL_PARSERS, CellFormatError, drawnSpace, layoutCell, opLabel, spaceOps, type CellGraph, type CellSpace } from '#shared/cell-model.ts';
import { escapeHtml } from './escape.ts';

/** Each operation's colour in a report: convolutions warm, pooling blue, skips green, no edge grey. */
const OP_COLORS: Record<string, string> = {
  none: '#9a9a9a',
  skip_connect: '#3f8f3a',
  nor_conv_1x1: '#d9781c',
  nor_conv_3x3: '#c8343a',
  avg_pool_3x3: '#3c6ea6',
  'conv3x3-bn-relu': '#c8343a',
  'conv1x1-bn-relu': '#d9781c',
  maxpool3x3: '#3c6ea6',
  max_pool_3x3: '#2f5a8a',
  sep_conv_3x3: '#c8343a',
  sep_conv_5x5: '#9c2a5e',
  dil_conv_3x3: '#d9781c',
  dil_conv_5x5: '#8a5a1c',
  input: '#444444',
  output: '#444444',
};
const MUTED = '#9a9a9a';
const colorOf = (op: string | undefined): string => (op !== undefined ? OP_COLORS[op] : undefined) ?? '#444444';

const r1 = (v: number): string => String(Math.round(v * 10) / 10);

/** Text width estimate (the drawing is static, so no measuring): ~0.58 em per character. */
function textWidth(text: string, size: number): number {
  return [...text].length * size * 0.58;
}

function arrowHead(tipX: number, tipY: number, fromX: number, fromY: number, color: string): string {
  const dx = tipX - fromX;
  const dy = tipY - fromY;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const bx = tipX - ux * 8;
  const by = tipY - uy * 8;
  return `<polygon points="${r1(tipX)},${r1(tipY)} ${r1(bx - uy * 4)},${r1(by + ux * 4)} ${r1(bx + uy * 4)},${r1(by - ux * 4)}" fill="${color}"/>`;
}

function pill(x: number, y: number, text: string, color: string, size = 10): string {
  const w = textWidth(text, size) + 8;
  return (
    `<rect x="${r1(x - w / 2)}" y="${r1(y - size / 2 - 3)}" width="${r1(w)}" height="${size + 6}" rx="4" fill="#ffffff" stroke="${color}" stroke-width="0.8"/>` +
    `<text x="${r1(x)}" y="${r1(y)}" font-size="${size}" text-anchor="middle" dominant-baseline="central" fill="${color}">${escapeHtml(text)}</text>`
  );
}

/** Node index of an id in a graph (the model names nodes; the drawings place them by index). */
function indexer(graph: CellGraph): (id: string) => number {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  return (id) => index.get(id)!;
}

/** Control-point offset of an NB201 edge from → to: 0→2 above, 1→3 below, 0→3 high above, neighbours straight. */
const NB201_BEND: Record<string, number> = { '0>2': -72, '0>3': -150, '1>3': 72 };

/** NB201: nodes 0..3 on a line; edges between neighbours straight, longer ones as arcs. */
export function nb201CellSvg(graph: CellGraph, arch: string): string {
  const at = indexer(graph);
  const xs = [36, 136, 236, 336];
  const y = 104;
  const radius = 15;
  const edges: string[] = [];
  const heads: string[] = [];
  const labels: string[] = [];
  graph.edges.forEach((edge) => {
    const op = edge.op!;
    const color = colorOf(op);
    const from = at(edge.from);
    const to = at(edge.to);
    const bend = NB201_BEND[`${from}>${to}`] ?? 0;
    const x0 = xs[from]!;
    const x2 = xs[to]!;
    const cx = (x0 + x2) / 2;
    const cy = y + bend;
    const dash = op === 'none' ? ' stroke-dasharray="4 3"' : '';
    edges.push(`<path d="M${x0} ${y} Q${r1(cx)} ${r1(cy)} ${x2} ${y}" fill="none" stroke="${color}" stroke-width="1.6"${dash}/>`);
    // The tangent at the end points from the control point to the end.
    const dx = x2 - cx;
    const dy = y - cy;
    const len = Math.hypot(dx, dy);
    const tipX = x2 - (dx / len) * radius;
    const tipY = y - (dy / len) * radius;
    if (op !== 'none') heads.push(arrowHead(tipX, tipY, cx, cy, color));
    const midX = 0.25 * x0 + 0.5 * cx + 0.25 * x2;
    const midY = 0.25 * y + 0.5 * cy + 0.25 * y;
    labels.push(pill(midX, bend === 0 ? midY - 14 : midY, opLabel(op), color));
  });
  const nodes = xs.map(
    (x, i) =>
      `<circle cx="${x}" cy="${y}" r="${radius}" fill="#ffffff" stroke="#333333" stroke-width="1.4"/>` +
      `<text x="${x}" y="${y}" font-size="12" text-anchor="middle" dominant-baseline="central" fill="#222222">${i}</text>`,
  );
  const captions =
    `<text x="${xs[0]}" y="${y + radius + 14}" font-size="9.5" text-anchor="middle" fill="#555555">input</text>` +
    `<text x="${xs[3]}" y="${y + radius + 14}" font-size="9.5" text-anchor="middle" fill="#555555">output</text>`;
  return `<svg class="cell" viewBox="0 0 372 160" width="372" height="160" role="img" aria-label="${escapeHtml(arch)}" xmlns="http://www.w3.org/2000/svg">${edges.join('')}${heads.join('')}${nodes.join('')}${labels.join('')}${captions}</svg>`;
}

/**
 * NB101: vertices in layers by longest path from the input, top to bottom (as the NB101
 * paper draws cells), so a 7-vertex cell stays narrow. Edges that skip layers bow outwards.
 */
export function nb101CellSvg(graph: CellGraph): string {
  const at = indexer(graph);
  const n = graph.nodes.length;
  const links = graph.edges.map((e) => [at(e.from), at(e.to)] as const);
  const depth = new Array<number>(n).fill(0);
  for (let j = 1; j < n; j++) {
    depth[j] = 1;
    for (const [i, to] of links) if (to === j) depth[j] = Math.max(depth[j]!, depth[i]! + 1);
  }
  depth[n - 1] = Math.max(...depth.slice(0, n - 1).map((d) => d + 1), depth[n - 1]!);
  const maxDepth = depth[n - 1]!;
  const layers: number[][] = Array.from({ length: maxDepth + 1 }, () => []);
  for (let v = 0; v < n; v++) layers[depth[v]!]!.push(v);
  const tallest = Math.max(...layers.map((l) => l.length));
  const boxW = 86;
  const boxH = 24;
  const dx = 100;
  const dy = 46;
  const pad = 48;
  const width = pad * 2 + (tallest - 1) * dx + boxW;
  const height = 12 + maxDepth * dy + boxH + 12;
  const centre = width / 2;
  const pos: { x: number; y: number }[] = [];
  layers.forEach((members, d) => {
    members.forEach((v, k) => {
      pos[v] = { x: centre + (k - (members.length - 1) / 2) * dx - boxW / 2, y: 12 + d * dy };
    });
  });
  const edges: string[] = [];
  let side = 1;
  // The model lists NB101 edges row by row of the matrix (source, then target), as this drew them before.
  for (const [i, j] of links) {
    const a = pos[i]!;
    const b = pos[j]!;
    const x1 = a.x + boxW / 2;
    const y1 = a.y + boxH;
    const x2 = b.x + boxW / 2;
    const y2 = b.y;
    const span = depth[j]! - depth[i]!;
    let c1x = x1;
    let c2x = x2;
    if (span > 1) {
      // Bow away from the vertices in between: outwards on the side the edge already leans to.
      const lean = (x1 + x2) / 2 - centre;
      const direction = lean === 0 ? (side = -side) : Math.sign(lean);
      const bow = boxW / 2 + 18 + 8 * span;
      c1x = x1 + direction * bow;
      c2x = x2 + direction * bow;
    }
    const mid = (y2 - y1) / 2;
    edges.push(`<path d="M${r1(x1)} ${r1(y1)} C${r1(c1x)} ${r1(y1 + mid)} ${r1(c2x)} ${r1(y2 - mid)} ${r1(x2)} ${r1(y2)}" fill="none" stroke="#555555" stroke-width="1.3"/>`);
    edges.push(arrowHead(x2, y2, c2x, y2 - mid, '#555555'));
  }
  const nodes = graph.nodes.map((node, v) => {
    const p = pos[v]!;
    const color = colorOf(node.op);
    const label = node.label;
    return (
      `<rect x="${r1(p.x)}" y="${r1(p.y)}" width="${boxW}" height="${boxH}" rx="5" fill="#ffffff" stroke="${color}" stroke-width="1.5"/>` +
      `<text x="${r1(p.x + boxW / 2)}" y="${r1(p.y + boxH / 2)}" font-size="11" text-anchor="middle" dominant-baseline="central" fill="${color}">${escapeHtml(label)}</text>`
    );
  });
  return `<svg class="cell" viewBox="0 0 ${r1(width)} ${r1(height)}" width="${r1(width)}" height="${r1(height)}" role="img" aria-label="NAS-Bench-101 cell" xmlns="http://www.w3.org/2000/svg">${edges.join('')}${nodes.join('')}</svg>`;
}

/**
 * NB301: one cell of the DARTS genotype in the app's left-to-right layout: the two input cells,
 * four intermediate nodes with two operation edges each, and their concatenation into the
 * output (faint, unlabelled). The cell's name is written above it.
 */
export function layeredCellSvg(graph: CellGraph): string {
  const layout = layoutCell(graph);
  const top = 18;
  const width = layout.width;
  const height = layout.height + top;
  const edges: string[] = [];
  const heads: string[] = [];
  const labels: string[] = [];
  for (const edge of layout.edges) {
    const color = edge.muted ? MUTED : colorOf(edge.op);
    const dash = edge.muted ? ' stroke-dasharray="4 3"' : '';
    edges.push(`<path d="${edge.path}" fill="none" stroke="${color}" stroke-width="${edge.muted ? 1 : 1.5}"${dash} transform="translate(0 ${top})"/>`);
    heads.push(arrowHead(edge.tip.x, edge.tip.y + top, edge.approach.x, edge.approach.y + top, color));
    if (edge.label && edge.op) labels.push(pill(edge.labelX, edge.labelY + top, opLabel(edge.op), color, 9.5));
  }
  const nodes = layout.nodes.map((node) => {
    const x = node.x - node.width / 2;
    const y = node.y - node.height / 2 + top;
    return (
      `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(node.width)}" height="${r1(node.height)}" rx="${node.kind === 'node' ? r1(node.height / 2) : 6}" fill="${node.kind === 'node' ? '#ffffff' : '#f1f1f4'}" stroke="#555555" stroke-width="1.2"/>` +
      `<text x="${r1(node.x)}" y="${r1(node.y + top)}" font-size="11" text-anchor="middle" dominant-baseline="central" fill="#222222">${escapeHtml(node.label)}</text>`
    );
  });
  const title = `<text x="4" y="12" font-size="11" fill="#555555">${escapeHtml(graph.title)} cell</text>`;
  return `<svg class="cell" viewBox="0 0 ${r1(width)} ${r1(height)}" width="${r1(width)}" height="${r1(height)}" role="img" aria-label="NAS-Bench-301 ${escapeHtml(graph.title)} cell" xmlns="http://www.w3.org/2000/svg">${title}${edges.join('')}${heads.join('')}${nodes.join('')}${labels.join('')}</svg>`;
}

/** How a report draws each space the cell model parses (a space without a drawing here does not compile). */
const DRAWINGS: Record<CellSpace, (graphs: CellGraph[], arch: unknown) => string> = {
  nb101: ([graph]) => nb101CellSvg(graph!),
  nb201: ([graph], arch) => nb201CellSvg(graph!, String(arch)),
  nb301: (graphs) => graphs.map(layeredCellSvg).join(''),
};

/** The drawing of an architecture of `space` (`unknown`: by the architecture's shape), or its JSON when there is no drawing for it. */
export function cellMarkup(space: string, arch: unknown): string {
  const key = drawnSpace(space === 'unknown' ? null : space, arch);
  if (key !== null) {
    let graphs: CellGraph[] | null = null;
    try {
      graphs = CELL_PARSERS[key](arch);
    } catch (error) {
      // Not a cell of that space after all: its JSON below.
      if (!(error instanceof CellFormatError)) throw error;
    }
    if (graphs !== null) return DRAWINGS[key](graphs, arch);
  }
  return `<pre class="arch-json">${escapeHtml(JSON.stringify(arch, null, 1) ?? String(arch))}</pre>`;
}

/** The operations of the spaces drawn, each once, with their colours. */
export function opLegend(spaces: readonly string[]): string {
  const entries = new Map<string, string>();
  for (const space of spaces) {
    for (const op of spaceOps(space)) if (!entries.has(opLabel(op))) entries.set(opLabel(op), colorOf(op));
  }
  return [...entries].map(([label, color]) => `<span class="op"><span class="swatch" style="background:${color}"></span>${escapeHtml(label)}</span>`).join(' ');
}
