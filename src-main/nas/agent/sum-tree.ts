/**
 * Sum tree for prioritized replay (Schaul et al. 2016): leaves hold priorities, every
 * inner node the sum (and the minimum) of its children, so setting a priority, the total,
 * the minimum and finding the leaf where a prefix sum falls are all O(log n).
 */
import type { Rng } from '../rng.ts';

export class SumTree {
  readonly capacity: number;
  /** Leaves start at `leafBase`; node i has children 2i and 2i+1; node 1 is the root. */
  private readonly leafBase: number;
  private readonly sums: Float64Array;
  private readonly mins: Float64Array;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`sum tree capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    let base = 1;
    while (base < capacity) base *= 2;
    this.leafBase = base;
    this.sums = new Float64Array(2 * base);
    this.mins = new Float64Array(2 * base).fill(Number.POSITIVE_INFINITY);
  }

  total(): number {
    return this.sums[1]!;
  }

  /** Smallest priority among the leaves that were set (Infinity when none). */
  min(): number {
    return this.mins[1]!;
  }

  get(index: number): number {
    this.check(index);
    return this.sums[this.leafBase + index]!;
  }

  set(index: number, priority: number): void {
    this.check(index);
    if (!(priority >= 0) || !Number.isFinite(priority)) throw new RangeError(`priority must be a finite number ≥ 0, got ${priority}`);
    let node = this.leafBase + index;
    this.sums[node] = priority;
    this.mins[node] = priority;
    node >>= 1;
    while (node >= 1) {
      this.sums[node] = this.sums[2 * node]! + this.sums[2 * node + 1]!;
      this.mins[node] = Math.min(this.mins[2 * node]!, this.mins[2 * node + 1]!);
      node >>= 1;
    }
  }

  /** Mark a leaf empty: priority 0 and excluded from the minimum. */
  clear(index: number): void {
    this.set(index, 0);
    let node = this.leafBase + index;
    this.mins[node] = Number.POSITIVE_INFINITY;
    node >>= 1;
    while (node >= 1) {
      this.mins[node] = Math.min(this.mins[2 * node]!, this.mins[2 * node + 1]!);
      node >>= 1;
    }
  }

  /** The leaf i with Σ_{j<i} p_j ≤ value < Σ_{j≤i} p_j (value is clamped into [0, total)). */
  find(value: number): number {
    let v = Math.min(Math.max(value, 0), this.total());
    let node = 1;
    while (node < this.leafBase) {
      const left = this.sums[2 * node]!;
      if (v < left || this.sums[2 * node + 1]! === 0) {
        node = 2 * node;
      } else {
        v -= left;
        node = 2 * node + 1;
      }
    }
    let index = node - this.leafBase;
    // Rounding can land on an empty leaf at the right edge; step back to a non-empty one.
    while (index > 0 && this.sums[this.leafBase + index] === 0) index--;
    return index;
  }

  /** Stratified sampling: one draw from each of `count` equal slices of the total. */
  sample(count: number, rng: Rng): Int32Array {
    const out = new Int32Array(count);
    const total = this.total();
    if (!(total > 0)) throw new Error('cannot sample from an empty sum tree');
    const slice = total / count;
    for (let i = 0; i < count; i++) out[i] = this.find((i + rng.next()) * slice);
    return out;
  }

  /** Leaf priorities, for checkpoints. */
  leaves(): Float64Array {
    return this.sums.slice(this.leafBase, this.leafBase + this.capacity);
  }

  /** Restore from `leaves()`; zero leaves are treated as empty. */
  static fromLeaves(leaves: Float64Array): SumTree {
    const tree = new SumTree(leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      const p = leaves[i]!;
      tree.sums[tree.leafBase + i] = p;
      tree.mins[tree.leafBase + i] = p > 0 ? p : Number.POSITIVE_INFINITY;
    }
    for (let node = tree.leafBase - 1; node >= 1; node--) {
      tree.sums[node] = tree.sums[2 * node]! + tree.sums[2 * node + 1]!;
      tree.mins[node] = Math.min(tree.mins[2 * node]!, tree.mins[2 * node + 1]!);
    }
    return tree;
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.capacity) throw new RangeError(`sum tree index ${index} outside 0..${this.capacity - 1}`);
  }
}
