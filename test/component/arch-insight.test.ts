import { describe, expect, test } from 'vitest';
import { ABSENT, insightAxes, linesToDraw, opFrequencies, slotValues } from '#shared/arch-insight.ts';

const NB201_A = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|nor_conv_3x3~0|avg_pool_3x3~1|nor_conv_1x1~2|';
const NB201_B = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|';

describe('architecture insight', () => {
  test('NB201: one axis per edge, named from→to, the operation on it', () => {
    const slots = slotValues('nb201', NB201_A)!;
    expect([...slots.keys()]).toEqual(['0→1', '0→2', '1→2', '0→3', '1→3', '2→3']);
    expect([...slots.values()]).toEqual(['conv 3×3', 'none', 'skip', 'conv 3×3', 'avg pool 3×3', 'conv 1×1']);
    const axes = insightAxes('nb201', [slots]);
    expect(axes[0]).toEqual({ name: '0→1', scale: 'category', values: ['none', 'skip', 'conv 1×1', 'conv 3×3', 'avg pool 3×3'] });
  });

  test('NB101: operations by vertex position and the edge count; a slot some cells lack gets an ABSENT category', () => {
    const small = { matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: ['input', 'maxpool3x3', 'output'] };
    const large = { matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output'] };
    const a = slotValues('nb101', small)!;
    const b = slotValues('nb101', large)!;
    expect([...a]).toEqual([['op 1', 'max pool 3×3'], ['edges', 2]]);
    expect([...b]).toEqual([['op 1', 'conv 3×3'], ['op 2', 'conv 1×1'], ['edges', 4]]);
    const axes = insightAxes('nb101', [a, b]);
    expect(axes.map((x) => x.name)).toEqual(['op 1', 'edges', 'op 2']);
    expect(axes[1]).toEqual({ name: 'edges', scale: 'linear' });
    expect(axes[0]!.values).toEqual(['conv 3×3', 'conv 1×1', 'max pool 3×3']);
    expect(axes[2]!.values).toEqual(['conv 3×3', 'conv 1×1', 'max pool 3×3', ABSENT]);
  });

  test('NB301: per cell, each node\'s two edges by place', () => {
    const cell = [[0, 3], [1, 4], [0, 0], [2, 1], [1, 2], [3, 5], [0, 6], [4, 3]];
    const slots = slotValues('nb301', { normal: cell, reduce: cell })!;
    expect(slots.size).toBe(16);
    expect(slots.get('normal · node 0 · in 1')).toBe('sep conv 3×3');
    expect(slots.get('reduction · node 3 · in 2')).toBe('sep conv 3×3');
  });

  test('an architecture the space cannot read has no slots (it is left out, not drawn wrong); an unknown space is read from the JSON\'s shape', () => {
    expect(slotValues('nb201', 'not an arch')).toBeNull();
    expect(slotValues('unknown-space', { neither: 1 })).toBeNull();
    expect(slotValues('unknown-space', NB201_A)).toEqual(slotValues('nb201', NB201_A));
  });

  test('top-k operation shares against all: conv 3×3 dominates the best', () => {
    const items = [
      { query: 1, valid: 0.9, slots: slotValues('nb201', NB201_B)! },
      { query: 2, valid: 0.5, slots: slotValues('nb201', NB201_A)! },
    ];
    const shares = opFrequencies('nb201', items, 1);
    const conv3 = shares.find((s) => s.op === 'conv 3×3')!;
    expect(conv3.top).toBe(1);
    expect(conv3.all).toBeCloseTo(8 / 12);
    expect(shares.find((s) => s.op === 'none')).toEqual({ op: 'none', top: 0, all: 1 / 12 });
    expect(shares.reduce((a, s) => a + s.all, 0)).toBeCloseTo(1);
  });

  test('lines to draw: all when few; else the best third and an even sample of the rest, capped', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ query: i + 1, valid: (i % 97) / 97 }));
    expect(linesToDraw(items.slice(0, 10), 300)).toHaveLength(10);
    const drawn = linesToDraw(items, 300);
    expect(drawn).toHaveLength(300);
    expect(new Set(drawn.map((d) => d.query)).size).toBe(300);
    const best = Math.max(...items.map((d) => d.valid));
    expect(drawn.slice(0, 100).every((d) => d.valid === best || d.valid >= drawn[99]!.valid)).toBe(true);
    expect(drawn[0]!.valid).toBe(best);
  });
});
