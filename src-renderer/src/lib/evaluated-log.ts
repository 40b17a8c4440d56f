/**
 * Every architecture a run evaluated, in query order: loaded a page at a time with
 * getRunArchitectures and grown by the `evaluated` of `run-point` pushes. A run can hold
 * 100,000 of them, so they live in flat columns (no object per architecture, no `arch`,
 * which only the best few need) and stay out of Vue's reactivity.
 */
import type { CurveMetric } from './stats.ts';

export interface Evaluated {
  query: number;
  hash: string;
  valid: number;
  test: number;
}

export class EvaluatedLog {
  readonly queries: number[] = [];
  readonly valid: number[] = [];
  readonly test: number[] = [];
  readonly hashes: string[] = [];

  get length(): number {
    return this.queries.length;
  }

  /** The last query held; 0 when none is (queries count from 1). */
  get lastQuery(): number {
    return this.queries.length > 0 ? this.queries[this.queries.length - 1]! : 0;
  }

  /**
   * Appends architectures given in query order. Those at or before the last query held are
   * already here (a page and the pushes that raced it overlap) and are skipped, so
   * appending the same architectures twice changes nothing. Returns how many were added.
   */
  append(items: Iterable<Evaluated>): number {
    let added = 0;
    for (const a of items) {
      if (a.query <= this.lastQuery) continue;
      this.queries.push(a.query);
      this.valid.push(a.valid);
      this.test.push(a.test);
      this.hashes.push(a.hash);
      added += 1;
    }
    return added;
  }

  at(index: number): Evaluated | null {
    if (index < 0 || index >= this.queries.length) return null;
    return { query: this.queries[index]!, hash: this.hashes[index]!, valid: this.valid[index]!, test: this.test[index]! };
  }

  /** Chart rows [query, accuracy in %, index into this log] for one metric. */
  rows(metric: CurveMetric): [number, number, number][] {
    const ys = metric === 'valid' ? this.valid : this.test;
    const out = new Array<[number, number, number]>(this.queries.length);
    for (let i = 0; i < this.queries.length; i++) out[i] = [this.queries[i]!, ys[i]! * 100, i];
    return out;
  }
}

/**
 * Whether a newly evaluated architecture may enter a run's best `k` (by validation, ties to
 * the earlier query, as the server ranks them), so the list is worth fetching again.
 */
export function mayEnterTop(top: readonly { valid: number }[] | null, k: number, valid: number): boolean {
  if (top === null || top.length < k) return true;
  return valid > top[top.length - 1]!.valid;
}

/**
 * A y-axis floor that leaves out the long tail of poor architectures (NB201 has many at
 * 10%), so the interesting top of the cloud gets the room: a little under the lower
 * quartile, rounded down to a whole percent. `below` counts the values under it. Null when
 * there is nothing worth zooming (few values, or a floor no higher than the minimum).
 */
export function zoomFloor(values: readonly number[], quantile = 0.25): { min: number; below: number } | null {
  const n = values.length;
  if (n < 8) return null;
  const sorted = Float64Array.from(values).sort();
  const lo = sorted[Math.floor(quantile * (n - 1))]!;
  const hi = sorted[n - 1]!;
  const raw = lo - 0.15 * (hi - lo);
  // A round floor, so the axis's first tick is at its bottom (82%, not 83.4% beside 84%).
  const span = hi - raw;
  const step = span > 40 ? 10 : span > 15 ? 5 : span > 6 ? 2 : 1;
  const min = Math.max(0, Math.floor(raw / step) * step);
  if (min <= sorted[0]!) return null;
  let below = 0;
  while (below < n && sorted[below]! < min) below += 1;
  return { min, below };
}
