/** Searcher colours: a searcher keeps its colour whatever the experiment lists beside it (issue 18, Compare). */
import { describe, expect, test } from 'vitest';
import { SEARCHER_KINDS } from '#shared/searcher-specs.ts';
import { colorAt, dashAt, searcherColors } from '../../src-renderer/src/lib/colors.ts';

const s = (kind: string, label = kind) => ({ kind, label });

describe('searcherColors', () => {
  test('a searcher has its kind colour in any experiment, first or second in the config', () => {
    const a = searcherColors([s('random-search'), s('regularized-evolution')]);
    const b = searcherColors([s('regularized-evolution'), s('local-search'), s('random-search')]);
    expect(a('regularized-evolution')).toBe(b('regularized-evolution'));
    expect(a('random-search')).toBe(b('random-search'));
    expect(a('random-search')).toBe(colorAt(SEARCHER_KINDS.indexOf('random-search')));
  });

  test('a second label of a kind and unlisted labels take free colours, all distinct', () => {
    const of = searcherColors([s('regularized-evolution', 'RE p10'), s('regularized-evolution', 'RE p50'), s('random-search')]);
    const colors = [of('RE p10'), of('RE p50'), of('random-search'), of('run #7'), of('run #8')];
    expect(new Set(colors).size).toBe(colors.length);
    expect(of('run #7')).toBe(colors[3]);
  });
});

describe('dashAt', () => {
  test('three or four compared experiments each get their own line style (issue 18: the third repeated the first)', () => {
    const styles = [0, 1, 2, 3].map(dashAt);
    expect(styles[0]).toBe('solid');
    expect(new Set(styles).size).toBe(4);
    expect(dashAt(4)).toBe(dashAt(0));
  });
});
