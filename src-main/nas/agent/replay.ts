/**
 * Prioritized experience replay (Schaul et al. 2016) for n-step transitions between
 * observations (see observation.ts).
 *
 * - A transition i is drawn with probability P(i) = p_i^α / Σ_j p_j^α (α = priority
 *   exponent), stratified over the batch, through a sum tree.
 * - Importance weights w_i = (N·P(i))^−β / max_j w_j correct the bias; β anneals from
 *   its start to its end value over a number of learner steps (the caller passes β).
 *   max_j w_j comes from the smallest priority in the whole buffer, as in the paper.
 * - Observations are stored as indices into an interning pool of encodings (keyed by the
 *   encoding's bytes, reference-counted), because consecutive transitions share most of
 *   their architectures: this keeps a 10⁵–10⁶ transition buffer in tens of MB.
 * - The whole buffer serialises to typed arrays for checkpoints.
 */
import type { Rng } from '../rng.ts';
import { emptyBatch, type ObsBatch, type Observation } from './observation.ts';
import { SumTree } from './sum-tree.ts';

export interface Transition {
  obs: Observation;
  action: number;
  /** n-step return Σ_k γ^k r_{t+k} (truncated at the episode cut). */
  reward: number;
  /** γ^k for the bootstrap from `next` (k = steps actually summed), 0 when terminal. */
  discount: number;
  next: Observation;
}

export interface ReplaySample {
  indices: Int32Array;
  weights: Float32Array;
  obs: ObsBatch;
  next: ObsBatch;
  actions: Int32Array;
  rewards: Float32Array;
  discounts: Float32Array;
}

export interface ReplayOptions {
  capacity: number;
  maxNeighbours: number;
  encodingSize: number;
  priorityExponent: number;
}

export interface ReplayState {
  capacity: number;
  maxNeighbours: number;
  encodingSize: number;
  priorityExponent: number;
  size: number;
  cursor: number;
  added: number;
  obsIds: Int32Array;
  obsCounts: Int16Array;
  nextIds: Int32Array;
  nextCounts: Int16Array;
  actions: Int16Array;
  rewards: Float32Array;
  discounts: Float32Array;
  priorities: Float64Array;
  poolEncodings: Float32Array;
  poolRefs: Int32Array;
}

/** Priorities stay strictly positive so every transition can be drawn again. */
export const PRIORITY_EPSILON = 1e-6;

/** Interned encodings with reference counts; slot ids are stable while referenced. */
class EncodingPool {
  readonly encodingSize: number;
  data: Float32Array;
  refs: Int32Array;
  private readonly index = new Map<string, number>();
  private readonly free: number[] = [];
  private used = 0;

  constructor(encodingSize: number, initialSlots = 1024) {
    this.encodingSize = encodingSize;
    this.data = new Float32Array(initialSlots * encodingSize);
    this.refs = new Int32Array(initialSlots);
  }

  get slots(): number {
    return this.used;
  }

  private key(values: Float32Array, start: number): string {
    return Buffer.from(values.buffer, values.byteOffset + start * 4, this.encodingSize * 4).toString('latin1');
  }

  intern(values: Float32Array, start: number): number {
    const key = this.key(values, start);
    const found = this.index.get(key);
    if (found !== undefined) {
      this.refs[found]! += 1;
      return found;
    }
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (slot >= this.refs.length) this.grow();
    }
    this.data.set(values.subarray(start, start + this.encodingSize), slot * this.encodingSize);
    this.refs[slot] = 1;
    this.index.set(key, slot);
    return slot;
  }

  release(slot: number): void {
    const left = (this.refs[slot]! -= 1);
    if (left === 0) {
      this.index.delete(this.key(this.data, slot * this.encodingSize));
      this.free.push(slot);
    }
  }

  private grow(): void {
    const slots = this.refs.length * 2;
    const data = new Float32Array(slots * this.encodingSize);
    data.set(this.data);
    const refs = new Int32Array(slots);
    refs.set(this.refs);
    this.data = data;
    this.refs = refs;
  }

  snapshot(): { encodings: Float32Array; refs: Int32Array } {
    return { encodings: this.data.slice(0, this.used * this.encodingSize), refs: this.refs.slice(0, this.used) };
  }

  static restore(encodingSize: number, encodings: Float32Array, refs: Int32Array): EncodingPool {
    const pool = new EncodingPool(encodingSize, Math.max(1024, refs.length));
    pool.data.set(encodings);
    pool.refs.set(refs);
    pool.used = refs.length;
    for (let slot = 0; slot < refs.length; slot++) {
      if (refs[slot]! > 0) pool.index.set(pool.key(pool.data, slot * encodingSize), slot);
      else pool.free.push(slot);
    }
    return pool;
  }
}

export class PrioritizedReplay {
  readonly capacity: number;
  readonly maxNeighbours: number;
  readonly encodingSize: number;
  readonly priorityExponent: number;
  private readonly tokens: number;
  private tree: SumTree;
  private pool: EncodingPool;
  private readonly obsIds: Int32Array;
  private readonly obsCounts: Int16Array;
  private readonly nextIds: Int32Array;
  private readonly nextCounts: Int16Array;
  private readonly actions: Int16Array;
  private readonly rewards: Float32Array;
  private readonly discounts: Float32Array;
  private cursor = 0;
  private filled = 0;
  /** Transitions ever added (for the replay-ratio control). */
  added = 0;

  constructor(options: ReplayOptions) {
    const { capacity, maxNeighbours, encodingSize, priorityExponent } = options;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`replay capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.maxNeighbours = maxNeighbours;
    this.encodingSize = encodingSize;
    this.priorityExponent = priorityExponent;
    this.tokens = 1 + maxNeighbours;
    this.tree = new SumTree(capacity);
    this.pool = new EncodingPool(encodingSize);
    this.obsIds = new Int32Array(capacity * this.tokens);
    this.nextIds = new Int32Array(capacity * this.tokens);
    this.obsCounts = new Int16Array(capacity).fill(-1);
    this.nextCounts = new Int16Array(capacity).fill(-1);
    this.actions = new Int16Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.discounts = new Float32Array(capacity);
  }

  get size(): number {
    return this.filled;
  }

  /** Distinct encodings held (for memory reports). */
  get pooledEncodings(): number {
    return this.pool.slots;
  }

  /** Add with a raw priority (e.g. the actor's |TD error|); α is applied here. */
  add(t: Transition, priority: number): number {
    if (t.action < 0 || t.action >= t.obs.count) throw new RangeError(`transition action ${t.action} outside its ${t.obs.count} candidates`);
    const slot = this.cursor;
    if (this.obsCounts[slot]! >= 0) this.releaseSlot(slot);
    this.writeObs(this.obsIds, this.obsCounts, slot, t.obs);
    this.writeObs(this.nextIds, this.nextCounts, slot, t.next);
    this.actions[slot] = t.action;
    this.rewards[slot] = t.reward;
    this.discounts[slot] = t.discount;
    this.tree.set(slot, this.scaled(priority));
    this.cursor = (this.cursor + 1) % this.capacity;
    this.filled = Math.min(this.filled + 1, this.capacity);
    this.added += 1;
    return slot;
  }

  /** Probability-proportional sample of `count` transitions with importance weights for exponent `beta`. */
  sample(count: number, beta: number, rng: Rng): ReplaySample {
    if (this.filled === 0) throw new Error('cannot sample from an empty replay buffer');
    const indices = this.tree.sample(count, rng);
    const total = this.tree.total();
    const n = this.filled;
    const maxWeight = Math.pow(n * (this.tree.min() / total), -beta);
    const weights = new Float32Array(count);
    const obs = emptyBatch(count, this.maxNeighbours, this.encodingSize);
    const next = emptyBatch(count, this.maxNeighbours, this.encodingSize);
    const actions = new Int32Array(count);
    const rewards = new Float32Array(count);
    const discounts = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const slot = indices[i]!;
      const p = this.tree.get(slot) / total;
      weights[i] = Math.pow(n * p, -beta) / maxWeight;
      this.readObs(this.obsIds, this.obsCounts, slot, obs, i);
      this.readObs(this.nextIds, this.nextCounts, slot, next, i);
      actions[i] = this.actions[slot]!;
      rewards[i] = this.rewards[slot]!;
      discounts[i] = this.discounts[slot]!;
    }
    return { indices, weights, obs, next, actions, rewards, discounts };
  }

  /** New raw priorities (e.g. |TD errors|) for sampled indices. */
  updatePriorities(indices: Int32Array, priorities: ArrayLike<number>): void {
    for (let i = 0; i < indices.length; i++) {
      const slot = indices[i]!;
      if (this.obsCounts[slot]! < 0) continue;
      this.tree.set(slot, this.scaled(priorities[i]!));
    }
  }

  /** The stored probability mass of a slot (p^α / Σ p^α), for tests. */
  probability(slot: number): number {
    return this.tree.get(slot) / this.tree.total();
  }

  serialize(): ReplayState {
    const pool = this.pool.snapshot();
    return {
      capacity: this.capacity,
      maxNeighbours: this.maxNeighbours,
      encodingSize: this.encodingSize,
      priorityExponent: this.priorityExponent,
      size: this.filled,
      cursor: this.cursor,
      added: this.added,
      obsIds: this.obsIds.slice(),
      obsCounts: this.obsCounts.slice(),
      nextIds: this.nextIds.slice(),
      nextCounts: this.nextCounts.slice(),
      actions: this.actions.slice(),
      rewards: this.rewards.slice(),
      discounts: this.discounts.slice(),
      priorities: this.tree.leaves(),
      poolEncodings: pool.encodings,
      poolRefs: pool.refs,
    };
  }

  static restore(state: ReplayState): PrioritizedReplay {
    const replay = new PrioritizedReplay(state);
    const tokens = replay.tokens;
    const expect = (name: string, actual: number, wanted: number): void => {
      if (actual !== wanted) throw new Error(`saved replay buffer is inconsistent: ${name} has ${actual} entries, expected ${wanted}`);
    };
    expect('obsIds', state.obsIds.length, state.capacity * tokens);
    expect('nextIds', state.nextIds.length, state.capacity * tokens);
    expect('priorities', state.priorities.length, state.capacity);
    expect('pool', state.poolEncodings.length, state.poolRefs.length * state.encodingSize);
    replay.obsIds.set(state.obsIds);
    replay.obsCounts.set(state.obsCounts);
    replay.nextIds.set(state.nextIds);
    replay.nextCounts.set(state.nextCounts);
    replay.actions.set(state.actions);
    replay.rewards.set(state.rewards);
    replay.discounts.set(state.discounts);
    replay.tree = SumTree.fromLeaves(state.priorities);
    replay.pool = EncodingPool.restore(state.encodingSize, state.poolEncodings, state.poolRefs);
    replay.cursor = state.cursor;
    replay.filled = state.size;
    replay.added = state.added;
    return replay;
  }

  private scaled(priority: number): number {
    if (!Number.isFinite(priority)) throw new RangeError(`replay priority must be finite, got ${priority}`);
    return Math.pow(Math.abs(priority) + PRIORITY_EPSILON, this.priorityExponent);
  }

  private writeObs(ids: Int32Array, counts: Int16Array, slot: number, obs: Observation): void {
    if (obs.count > this.maxNeighbours) throw new RangeError(`observation has ${obs.count} neighbours; the replay holds at most ${this.maxNeighbours}`);
    const base = slot * this.tokens;
    for (let t = 0; t <= obs.count; t++) ids[base + t] = this.pool.intern(obs.tokens, t * this.encodingSize);
    counts[slot] = obs.count;
  }

  private releaseSlot(slot: number): void {
    for (const [ids, counts] of [[this.obsIds, this.obsCounts], [this.nextIds, this.nextCounts]] as const) {
      const base = slot * this.tokens;
      for (let t = 0; t <= counts[slot]!; t++) this.pool.release(ids[base + t]!);
      counts[slot] = -1;
    }
    this.tree.clear(slot);
  }

  private readObs(ids: Int32Array, counts: Int16Array, slot: number, batch: ObsBatch, row: number): void {
    const count = counts[slot]!;
    const e = this.encodingSize;
    const base = slot * this.tokens;
    const out = row * this.tokens * e;
    for (let t = 0; t <= count; t++) {
      const id = ids[base + t]!;
      batch.data.set(this.pool.data.subarray(id * e, (id + 1) * e), out + t * e);
    }
    batch.counts[row] = count;
  }
}
