/**
 * Series colours. Tableau 10: distinguishable in light and dark themes and for the
 * common colour-vision deficiencies. A searcher's colour comes from its kind (searcherColors),
 * so random search is the same blue on every experiment page and in Compare.
 */
import { SEARCHER_KINDS } from '#shared/searcher-specs.ts';

export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

/**
 * Line styles, for telling apart lines of one colour (the same searcher in several compared
 * experiments): solid, dashed, dotted, dash-dot, then round again.
 */
export const LINE_DASHES = ['solid', 'dashed', 'dotted', 'dash-dot'] as const;
export type LineDash = (typeof LINE_DASHES)[number];

export function dashAt(index: number): LineDash {
  return LINE_DASHES[((index % LINE_DASHES.length) + LINE_DASHES.length) % LINE_DASHES.length] ?? 'solid';
}

export function colorAt(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? '#888888';
}

/**
 * A colour per searcher label: the first label of each kind takes its kind's own colour (the
 * kind's place in SEARCHER_KINDS), so a searcher keeps its colour across experiments; further
 * labels of a kind (two evolution settings) and labels not listed take the free colours in order.
 */
export function searcherColors(searchers: readonly { kind: string; label: string }[]): (label: string) => string {
  const map = new Map<string, string>();
  const taken = new Set<string>();
  for (const s of searchers) {
    const home = (SEARCHER_KINDS as readonly string[]).indexOf(s.kind);
    if (map.has(s.label) || home < 0 || taken.has(colorAt(home))) continue;
    map.set(s.label, colorAt(home));
    taken.add(colorAt(home));
  }
  let next = 0;
  const free = (): string => {
    while (taken.has(colorAt(next)) && next < PALETTE.length * 2) next++;
    const color = colorAt(next++);
    taken.add(color);
    return color;
  };
  for (const s of searchers) if (!map.has(s.label)) map.set(s.label, free());
  return (label) => {
    let color = map.get(label);
    if (color === undefined) {
      color = free();
      map.set(label, color);
    }
    return color;
  };
}
