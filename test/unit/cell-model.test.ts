/**
 * One cell model (shared/cell-model.ts) for the app and the reports: its operation lists are the
 * search spaces' own, the reports draw every space it parses, and NB301 genotypes (normal and
 * reduction cell) are drawn in reports as SVG like the others.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CELL_PARSERS, cellGraphsFor, layoutCell, NB101_OPS, NB201_OPS, NB301_OPS, OP_LABELS, opLabel, spaceOps } from '#shared/cell-model.ts';
import { NB101_OPS as SPACE_NB101_OPS } from '../../src-main/nas/spaces/nb101/ops.ts';
import { NB201_OPS as SPACE_NB201_OPS, nb201Space } from '../../src-main/nas/spaces/nb201/space.ts';
import { NB301_OPS as SPACE_NB301_OPS, nb301Space } from '../../src-main/nas/spaces/nb301/index.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { cellMarkup, opLegend } from '../../src-main/services/reports/cells.ts';

/** The NB301 genotype the app's cell-graph test draws (ops by index: 3 sep_conv_3x3, 2 skip_connect, 4 sep_conv_5x5, …). */
const NB301 = {
  normal: [[0, 3], [1, 3], [0, 2], [2, 4], [1, 0], [3, 5], [2, 6], [4, 1]],
  reduce: [[0, 0], [1, 1], [2, 2], [0, 3], [3, 4], [1, 5], [4, 6], [0, 2]],
};

test('the operation lists are the search spaces\' own, and every operation has one short name', () => {
  assert.deepEqual([...NB101_OPS].sort(), [...SPACE_NB101_OPS].sort());
  assert.deepEqual([...NB201_OPS], [...SPACE_NB201_OPS]);
  assert.deepEqual([...NB301_OPS], [...SPACE_NB301_OPS]);
  for (const op of [...NB101_OPS, ...NB201_OPS, ...NB301_OPS]) assert.ok(Object.hasOwn(OP_LABELS, op), op);
  assert.equal(opLabel('sep_conv_5x5'), 'sep conv 5×5');
  assert.equal(opLabel('mystery_op'), 'mystery_op');
  assert.equal(opLabel('toString'), 'toString', 'no inherited property is a label');
  assert.deepEqual(spaceOps('nb101'), ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3']);
  assert.deepEqual(spaceOps('constructor'), []);
});

test('the model reads what the spaces write: every sampled NB201 and NB301 architecture parses', () => {
  const rng = new Rng(11);
  for (let i = 0; i < 50; i++) {
    assert.equal(CELL_PARSERS.nb201(nb201Space.toJSON(nb201Space.sample(rng)))[0]!.edges.length, 6);
    const graphs = CELL_PARSERS.nb301(nb301Space.toJSON(nb301Space.sample(rng)));
    assert.deepEqual(graphs.map((g) => g.edges.filter((e) => e.op).length), [8, 8]);
  }
});

test('an NB201 edge out of the official order is refused, as the space refuses it', () => {
  const swapped = '|nor_conv_3x3~0|+|none~1|skip_connect~0|+|none~0|none~1|none~2|';
  assert.throws(() => nb201Space.fromJSON(swapped));
  assert.throws(() => CELL_PARSERS.nb201(swapped), /must come from node 0/);
});

test('reports draw NB301 genotypes: the normal and the reduction cell, each operation with its short name and an arrowhead per edge', () => {
  const svg = cellMarkup('nb301', NB301);
  const cells = svg.match(/<svg class="cell"[^>]*>[\s\S]*?<\/svg>/g) ?? [];
  assert.equal(cells.length, 2, 'two cells');
  assert.equal(cells.join(''), svg, 'nothing but the two drawings');
  assert.match(cells[0]!, /aria-label="NAS-Bench-301 normal cell"/);
  assert.match(cells[1]!, /aria-label="NAS-Bench-301 reduction cell"/);
  assert.match(cells[0]!, />normal cell</);
  assert.match(cells[1]!, />reduction cell</);
  for (const [k, cellType] of (['normal', 'reduce'] as const).entries()) {
    const cell: string = cells[k]!;
    assert.equal((cell.match(/<polygon/g) ?? []).length, 12, '8 operation edges and 4 into the output');
    assert.equal((cell.match(/stroke-dasharray/g) ?? []).length, 4, 'the concatenation into c(k) drawn faint');
    for (const node of ['c(k−2)', 'c(k−1)', '>0<', '>1<', '>2<', '>3<', 'c(k)']) assert.ok(cell.includes(node.startsWith('>') ? node : `>${node}<`), `${cellType}: node ${node}`);
    // Every operation of the genotype, by its short name, as often as the cell uses it.
    const expected = new Map<string, number>();
    for (const edge of NB301[cellType]) {
      const label = opLabel(NB301_OPS[edge[1]!]!);
      expected.set(label, (expected.get(label) ?? 0) + 1);
    }
    for (const [label, count] of expected) assert.equal((cell.match(new RegExp(`>${label}<`, 'g')) ?? []).length, count, `${cellType}: ${label}`);
    // Everything lies inside the drawing's viewBox.
    const [, w, h] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(cell)!.map(Number);
    for (const m of cell.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g)) {
      const [x, y, rw, rh] = m.slice(1).map(Number) as [number, number, number, number];
      assert.ok(x >= 0 && y >= 0 && x + rw <= w! + 0.1 && y + rh <= h! + 0.1, `${cellType}: a box at ${x},${y} inside ${w}×${h}`);
    }
  }
  assert.equal(cellMarkup('unknown', NB301), svg, 'an unknown space is drawn by the genotype\'s shape');
});

test('a malformed NB301 genotype falls back to its JSON; the legend names NB301 operations', () => {
  assert.match(cellMarkup('nb301', { normal: NB301.normal, reduce: [[5, 0]] }), /^<pre class="arch-json">/);
  assert.match(cellMarkup('nb301', { normal: NB301.normal, reduce: NB301.reduce.map(([i]) => [i, 'conv_9x9']) }), /^<pre class="arch-json">/);
  assert.match(cellMarkup('nb301', '|nor_conv_3x3~0|'), /^<pre class="arch-json">/);
  const legend = opLegend(['nb301']);
  for (const op of NB301_OPS) assert.ok(legend.includes(`>${opLabel(op)}</span>`), op);
  assert.equal((opLegend(['nb201', 'nb301']).match(/avg pool 3×3/g) ?? []).length, 1, 'an operation both spaces have is listed once');
});

test('edges arriving at one node end at spread points on its outline, so their arrowheads do not overlap (issue 18: at the output node)', () => {
  for (const [space, arch] of [['nb201', nb201Space.toJSON(nb201Space.sample(new Rng(3)))], ['nb301', NB301]] as const) {
    for (const graph of cellGraphsFor(space, arch)!) {
      const layout = layoutCell(graph);
      const byNode = new Map(layout.nodes.map((n) => [n.id, n]));
      const tips = new Map<string, { x: number; y: number }[]>();
      for (const e of layout.edges) tips.set(e.to, [...(tips.get(e.to) ?? []), e.tip]);
      for (const [to, list] of tips) {
        const node = byNode.get(to)!;
        for (const tip of list) {
          assert.ok(Math.abs(tip.y - node.y) <= node.height / 2 && tip.x >= node.x - node.width / 2 - 0.01 && tip.x < node.x, `${space} ${to}: a tip on the node's left outline`);
        }
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const d = Math.hypot(list[i]!.x - list[j]!.x, list[i]!.y - list[j]!.y);
            assert.ok(d >= 7.9, `${space} ${to}: two arrowheads ${d.toFixed(1)} px apart`);
          }
        }
      }
    }
  }
});
