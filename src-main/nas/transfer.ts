/**
 * How hard a transfer is: statistics between the table an agent was trained on (source)
 * and the table it searches (target), over the cells both tables hold. Pure functions on
 * (cell hash → validation accuracy) maps, so they are checked against hand-computed values.
 */
import { spearman as spearmanOfRanks } from './benchmarks/nb301/agreement.ts';

/** A tabular benchmark's cells: parallel arrays of cell hashes and validation accuracies. */
export interface CellValues {
  hashes: readonly string[];
  valid: ArrayLike<number>;
}

/**
 * Spearman's rank correlation of paired samples (ties share their average rank): NaN when
 * fewer than 2 pairs or one side is constant. The ranking and correlation are the ones the
 * NB301 surrogate agreement uses.
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`spearman needs paired samples; got ${x.length} and ${y.length} values`);
  if (x.length < 2) return Number.NaN;
  return spearmanOfRanks(x, y);
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
