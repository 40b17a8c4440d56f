/**
 * Series colours. Tableau 10: distinguishable in light and dark themes and for the
 * common colour-vision deficiencies; one colour per searcher, in config order, so a
 * searcher keeps its colour across an experiment's charts and tables.
 */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

export function colorAt(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? '#888888';
}

/** A colour per label, in the order given (labels not listed get the next free colours). */
export function colorsFor(labels: readonly string[]): (label: string) => string {
  const map = new Map<string, string>();
  labels.forEach((label) => {
    if (!map.has(label)) map.set(label, colorAt(map.size));
  });
  return (label) => {
    let color = map.get(label);
    if (color === undefined) {
      color = colorAt(map.size);
      map.set(label, color);
    }
    return color;
  };
}
