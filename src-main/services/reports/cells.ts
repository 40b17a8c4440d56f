/**
 * Architectures drawn as small SVG cells. NAS-Bench-201: the 4-node cell with an operation
 * on every edge. NAS-Bench-101: the DAG with an operation on every vertex, laid out in
 * layers by longest path from the input. Anything else: its JSON. No ids, markers or
 * scripts: arrowheads are plain polygons, so a page can hold any number of cells.
 */
import { NB201_EDGE_NODES, NB201_OPS, parseNb201 } from '../../nas/spaces/nb201/space.ts';
import { escapeHtml } from './escape.ts';

const NB201_LABELS: Record<string, string> = {
  none: 'none',
  skip_connect: 'skip',
  nor_conv_1x1: 'conv 1×1',
  nor_conv_3x3: 'conv 3×3',
  avg_pool_3x3: 'avg pool 3×3',
};
const OP_COLORS: Record<string, string> = {
  none: '#9a9a9a',
  skip_connect: '#3f8f3a',
  nor_conv_1x1: '#d9781c',
  nor_conv_3x3: '#c8343a',
  avg_pool_3x3: '#3c6ea6',
  'conv3x3-bn-relu': '#c8343a',
  'conv1x1-bn-relu': '#d9781c',
  maxpool3x3: '#3c6ea6',
  input: '#444444',
  output: '#444444',
};
const NB101_LABELS: Record<string, string> = {
  input: 'input',
  output: 'output',
  'conv3x3-bn-relu': 'conv 3×3',
  'conv1x1-bn-relu': 'conv 1×1',
  maxpool3x3: 'max pool 3×3',
};

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

/** NB201: nodes 0..3 on a line; edges between neighbours straight, longer ones as arcs. */
export function nb201CellSvg(arch: string): string {
  const cell = parseNb201(arch);
  const xs = [36, 136, 236, 336];
  const y = 104;
  const radius = 15;
  // Control-point offset per edge (0→1, 0→2, 1→2, 0→3, 1→3, 2→3): 0→2 above, 1→3 below, 0→3 high above.
  const bend = [0, -72, 0, -150, 72, 0];
  const edges: string[] = [];
  const heads: string[] = [];
  const labels: string[] = [];
  cell.forEach((opIndex, e) => {
    const op = NB201_OPS[opIndex]!;
    const color = OP_COLORS[op]!;
    const [from, to] = NB201_EDGE_NODES[e]!;
    const x0 = xs[from]!;
    const x2 = xs[to]!;
    const cx = (x0 + x2) / 2;
    const cy = y + bend[e]!;
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
    labels.push(pill(midX, bend[e] === 0 ? midY - 14 : midY, NB201_LABELS[op] ?? op, color));
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

interface Nb101Like {
  matrix: number[][];
  ops: string[];
}

function asNb101(arch: unknown): Nb101Like | null {
  if (typeof arch !== 'object' || arch === null) return null;
  const { matrix, ops } = arch as { matrix?: unknown; ops?: unknown };
  if (!Array.isArray(matrix) || !Array.isArray(ops) || ops.length < 2 || ops.length > 12 || matrix.length !== ops.length) return null;
  if (!ops.every((o) => typeof o === 'string')) return null;
  for (const row of matrix) if (!Array.isArray(row) || row.length !== ops.length || !row.every((v) => v === 0 || v === 1)) return null;
  return { matrix: matrix as number[][], ops: ops as string[] };
}

/**
 * NB101: vertices in layers by longest path from the input, top to bottom (as the NB101
 * paper draws cells), so a 7-vertex cell stays narrow. Edges that skip layers bow outwards.
 */
export function nb101CellSvg(cell: Nb101Like): string {
  const n = cell.ops.length;
  const depth = new Array<number>(n).fill(0);
  for (let j = 1; j < n; j++) {
    depth[j] = 1;
    for (let i = 0; i < j; i++) if (cell.matrix[i]![j] === 1) depth[j] = Math.max(depth[j]!, depth[i]! + 1);
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
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (cell.matrix[i]![j] !== 1) continue;
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
  }
  const nodes = cell.ops.map((op, v) => {
    const p = pos[v]!;
    const color = OP_COLORS[op] ?? '#444444';
    const label = NB101_LABELS[op] ?? op;
    return (
      `<rect x="${r1(p.x)}" y="${r1(p.y)}" width="${boxW}" height="${boxH}" rx="5" fill="#ffffff" stroke="${color}" stroke-width="1.5"/>` +
      `<text x="${r1(p.x + boxW / 2)}" y="${r1(p.y + boxH / 2)}" font-size="11" text-anchor="middle" dominant-baseline="central" fill="${color}">${escapeHtml(label)}</text>`
    );
  });
  return `<svg class="cell" viewBox="0 0 ${r1(width)} ${r1(height)}" width="${r1(width)}" height="${r1(height)}" role="img" aria-label="NAS-Bench-101 cell" xmlns="http://www.w3.org/2000/svg">${edges.join('')}${nodes.join('')}</svg>`;
}

/** The drawing of an architecture of `space`, or its JSON when there is no drawing for it. */
export function cellMarkup(space: string, arch: unknown): string {
  if ((space === 'nb201' || space === 'unknown') && typeof arch === 'string') {
    try {
      return nb201CellSvg(arch);
    } catch {
      // Not an NB201 arch string after all: fall through to the JSON.
    }
  }
  if (space === 'nb101' || space === 'unknown') {
    const cell = asNb101(arch);
    if (cell) return nb101CellSvg(cell);
  }
  return `<pre class="arch-json">${escapeHtml(JSON.stringify(arch, null, 1) ?? String(arch))}</pre>`;
}

/** The operations of the spaces drawn, each once, with their colours. */
export function opLegend(spaces: readonly string[]): string {
  const entries = new Map<string, string>();
  for (const space of spaces) {
    const ops: readonly string[] = space === 'nb201' ? NB201_OPS : space === 'nb101' ? ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'] : [];
    const labels = space === 'nb201' ? NB201_LABELS : NB101_LABELS;
    for (const op of ops) if (!entries.has(labels[op] ?? op)) entries.set(labels[op] ?? op, OP_COLORS[op] ?? '#444444');
  }
  return [...entries].map(([label, color]) => `<span class="op"><span class="swatch" style="background:${color}"></span>${escapeHtml(label)}</span>`).join(' ');
}
