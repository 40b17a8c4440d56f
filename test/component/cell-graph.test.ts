import { describe, expect, test } from 'vitest';
import { nb101Cell } from '../helpers/fixtures.ts';
import { CellFormatError, cellGraphsFor, guessSpace, labelWidth, layoutCell, nb101Graph, nb201Graph, nb301Graph, type CellLayout } from '#shared/cell-model.ts';

const NB201 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|';
const NB101 = nb101Cell(
  [[0, 1], [0, 2], [0, 5], [1, 3], [2, 4], [3, 6], [4, 6], [5, 6]],
  ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output'],
);
const NB301 = {
  normal: [[0, 3], [1, 3], [0, 2], [2, 4], [1, 0], [3, 5], [2, 6], [4, 1]],
  reduce: [[0, 0], [1, 1], [2, 2], [0, 3], [3, 4], [1, 5], [4, 6], [0, 2]],
};

function expectSane(layout: CellLayout): void {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  for (const e of layout.edges) {
    // Left to right: every edge leaves its source's right side towards a later layer.
    expect(byId.get(e.to)!.layer).toBeGreaterThan(byId.get(e.from)!.layer);
    expect(e.path).toMatch(/^M[\d.-]+,[\d.-]+ [LQ]/);
  }
  for (const a of layout.nodes) {
    expect(a.x - a.width / 2).toBeGreaterThanOrEqual(0);
    expect(a.x + a.width / 2).toBeLessThanOrEqual(layout.width);
    expect(a.y - a.height / 2).toBeGreaterThanOrEqual(0);
    expect(a.y + a.height / 2).toBeLessThanOrEqual(layout.height);
    for (const b of layout.nodes) {
      if (a === b) continue;
      const overlapX = Math.abs(a.x - b.x) < (a.width + b.width) / 2;
      const overlapY = Math.abs(a.y - b.y) < (a.height + b.height) / 2;
      expect(overlapX && overlapY, `${a.id} overlaps ${b.id}`).toBe(false);
    }
  }
}

describe('NB201: operations on edges', () => {
  test('4 nodes, 6 labelled edges; none is drawn faint; long edges arc off the chain', () => {
    const [g] = nb201Graph(NB201);
    expect(g!.nodes.map((n) => n.label)).toEqual(['0', '1', '2', '3']);
    expect(g!.edges).toHaveLength(6);
    expect(g!.edges.map((e) => `${e.from}>${e.to}:${e.label}`)).toEqual([
      'n0>n1:nor_conv_3x3',
      'n0>n2:nor_conv_3x3',
      'n1>n2:nor_conv_1x1',
      'n0>n3:skip_connect',
      'n1>n3:none',
      'n2>n3:nor_conv_3x3',
    ]);
    expect(g!.edges.find((e) => e.label === 'none')!.muted).toBe(true);
    const layout = layoutCell(g!);
    expect(layout.nodes.map((n) => n.layer)).toEqual([0, 1, 2, 3]);
    expectSane(layout);
    const arcs = layout.edges.filter((e) => e.path.includes('Q'));
    expect(arcs).toHaveLength(3);
    // Arcs go both above and below the chain, so their labels do not pile up.
    const chainY = layout.nodes[0]!.y;
    expect(arcs.some((e) => e.labelY < chainY)).toBe(true);
    expect(arcs.some((e) => e.labelY > chainY)).toBe(true);
  });

  test('a malformed arch string is refused with a message', () => {
    expect(() => nb201Graph('|nor_conv_3x3~0|+|foo~0|')).toThrow(CellFormatError);
    expect(() => nb201Graph('|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|')).toThrow(/not an edge/);
  });
});

describe('NB101: operations on vertices', () => {
  test('vertices carry the operations; layers follow the longest path', () => {
    const [g] = nb101Graph(NB101);
    expect(g!.nodes.map((n) => n.label)).toEqual(['input', 'conv 3×3', 'conv 1×1', 'max pool 3×3', 'conv 3×3', 'conv 1×1', 'output']);
    expect(g!.edges.every((e) => e.label === undefined)).toBe(true);
    const layout = layoutCell(g!);
    const layer = Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer]));
    expect(layer).toEqual({ v0: 0, v1: 1, v2: 1, v5: 1, v3: 2, v4: 2, v6: 3 });
    expectSane(layout);
  });

  test('a lower-triangular entry is an error', () => {
    expect(() => nb101Graph({ matrix: [[0, 0], [1, 0]], ops: ['input', 'output'] })).toThrow(/upper triangular/);
  });
});

describe('NB301: both cells, operations on edges', () => {
  test('normal and reduction cell, 8 operation edges and the concatenation into c(k)', () => {
    const graphs = nb301Graph(NB301);
    expect(graphs.map((g) => g.title)).toEqual(['normal', 'reduction']);
    for (const g of graphs) {
      expect(g.edges.filter((e) => e.label)).toHaveLength(8);
      expect(g.edges.filter((e) => e.to === 'out' && e.muted)).toHaveLength(4);
      expectSane(layoutCell(g));
    }
    expect(graphs[0]!.edges[0]).toMatchObject({ from: 'c0', to: 'c2', label: 'sep_conv_3x3' });
    expect(() => nb301Graph({ normal: NB301.normal, reduce: [[5, 0]] })).toThrow(/8 edges/);
  });
});

describe('dispatch by space', () => {
  test('the benchmark space picks the parser; the shape is the fallback; unknown spaces get none', () => {
    expect(guessSpace(NB201)).toBe('nb201');
    expect(guessSpace(NB101)).toBe('nb101');
    expect(guessSpace(NB301)).toBe('nb301');
    expect(cellGraphsFor('nb201', NB201)).toHaveLength(1);
    expect(cellGraphsFor(null, NB301)).toHaveLength(2);
    expect(cellGraphsFor('transformer-space', { layers: 3 })).toBeNull();
  });
});

describe('edge labels', () => {
  function labelBoxes(layout: CellLayout): Array<{ x: number; y: number; w: number; h: number; label: string }> {
    return layout.edges.filter((e) => e.label).map((e) => ({ x: e.labelX, y: e.labelY, w: labelWidth(e.label!), h: 16, label: e.label! }));
  }
  function overlaps(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
    return Math.abs(a.x - b.x) < (a.w + b.w) / 2 - 0.5 && Math.abs(a.y - b.y) < (a.h + b.h) / 2 - 0.5;
  }

  test('no label covers another or a node, in NB201 and in both NB301 cells', () => {
    const graphs = [...nb201Graph(NB201), ...nb301Graph(NB301), ...nb301Graph({ normal: NB301.reduce, reduce: NB301.normal })];
    for (const g of graphs) {
      const layout = layoutCell(g);
      const boxes = labelBoxes(layout);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${g.title}: ${boxes[i]!.label} covers ${boxes[j]!.label}`).toBe(false);
        for (const n of layout.nodes) expect(overlaps(boxes[i]!, { x: n.x, y: n.y, w: n.width, h: n.height }), `${g.title}: ${boxes[i]!.label} covers node ${n.label}`).toBe(false);
      }
    }
  });

  test('an uncrowded cell keeps its labels in the middle of their edges', () => {
    const layout = layoutCell(nb201Graph(NB201)[0]!);
    const chain = layout.edges.filter((e) => layout.nodes.find((n) => n.id === e.from)!.layer + 1 === layout.nodes.find((n) => n.id === e.to)!.layer);
    for (const e of chain) {
      const a = layout.nodes.find((n) => n.id === e.from)!;
      // The middle between the source's side and the tip (edges into one node end at spread points on its outline).
      expect(e.labelX).toBeCloseTo((a.x + a.width / 2 + e.tip.x) / 2, 5);
    }
  });
});
