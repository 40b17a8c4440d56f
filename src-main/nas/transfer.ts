/**
 * How hard a transfer is: statistics between the table an agent was trained on (source)
 * and the table it searches (target), over the cells both tables hold. Pure functions on
 * (cell hash → validation accuracy) maps, so they are checked against hand-computed values.
 */

/** A tabular benchmark's cells: parallel arrays of cell hashes and validation accuracies. */
export interface CellValues {
  hashes: readonly string[];
  valid: ArrayLike<number>;
}

/** Ranks 1..n of `values`, ties sharing the mean of the ranks they span (the usual rule for Spearman's ρ). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation of paired samples (NaN when fewer than 2 pairs or one side is constant). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`spearman needs paired samples; got ${x.length} and ${y.length} values`);
  if (x.length < 2) return Number.NaN;
  return pearson(averageRanks(x), averageRanks(y));
}

/** The validation accuracies of the cells both tables hold (finite values only), paired by hash. */
export function pairedValues(source: CellValues, target: CellValues): { source: number[]; target: number[] } {
  const bySource = new Map<string, number>();
  source.hashes.forEach((hash, i) => {
    const v = source.valid[i]!;
    if (Number.isFinite(v)) bySource.set(hash, v);
  });
  const out = { source: [] as number[], target: [] as number[] };
  target.hashes.forEach((hash, i) => {
    const t = target.valid[i]!;
    const s = bySource.get(hash);
    if (s !== undefined && Number.isFinite(t)) {
      out.source.push(s);
      out.target.push(t);
    }
  });
  return out;
}

/**
 * The target's top fraction (default 1 %) of cells by validation accuracy: the best
 * ceil(fraction · n) cells, plus any cell tied with the last of them (ties are not split
 * arbitrarily, so the set can be a little larger than the fraction).
 */
export function topCells(cells: CellValues, fraction = 0.01): string[] {
  const finite = cells.hashes.map((hash, i) => ({ hash, valid: cells.valid[i]! })).filter((c) => Number.isFinite(c.valid));
  if (finite.length === 0) return [];
  finite.sort((a, b) => b.valid - a.valid);
  const k = Math.max(1, Math.ceil(fraction * finite.length));
  const threshold = finite[k - 1]!.valid;
  return finite.filter((c) => c.valid >= threshold).map((c) => c.hash);
}

/** Fraction of `top` among `visited` (NaN for an empty top set). */
export function coverage(top: readonly string[], visited: ReadonlySet<string>): number {
  if (top.length === 0) return Number.NaN;
  let hit = 0;
  for (const hash of top) if (visited.has(hash)) hit++;
  return hit / top.length;
}
