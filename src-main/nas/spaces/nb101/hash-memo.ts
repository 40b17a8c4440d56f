/**
 * A bounded memo of official hashes keyed by isomorphism class.
 *
 * Neighbourhood generation hashes every candidate, and a walk meets the same cells (and
 * isomorphic copies of them) again and again; the canonical key costs ~1/20 of an
 * official hash, so repeats become cheap. Keys are exact isomorphism classes and the
 * official hash is isomorphism-invariant, so the memo never changes a result.
 */
import { canonicalKey } from './canonical.ts';
import { hashGraph } from './hash.ts';
import type { CellGraph } from './matrix.ts';

export class HashMemo {
  private readonly map = new Map<number, string>();
  private readonly limit: number;
  hits = 0;
  misses = 0;

  /** `limit`: most entries kept (default 262,144, ~30 MB); 0 disables the memo. */
  constructor(limit = 1 << 18) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`HashMemo limit must be a non-negative integer, got ${limit}`);
    this.limit = limit;
  }

  /** Official hash of a pruned, valid graph. */
  hash(g: CellGraph): string {
    if (this.limit === 0) {
      this.misses++;
      return hashGraph(g);
    }
    const key = canonicalKey(g);
    const known = this.map.get(key);
    if (known !== undefined) {
      this.hits++;
      return known;
    }
    this.misses++;
    const h = hashGraph(g);
    // Oldest-first eviction keeps memory bounded (~100 bytes an entry) at O(1) a miss.
    if (this.map.size >= this.limit) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
    this.map.set(key, h);
    return h;
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
