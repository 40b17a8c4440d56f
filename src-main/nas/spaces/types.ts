import type { Rng } from '../rng.ts';

/** Named neighbourhood rule sets; a space documents which it supports. */
export type NeighbourRules = 'paper' | 'naslib';

export interface Neighbour<A> {
  arch: A;
  /** Human-readable description of the edit that produced it, e.g. `op 3: conv1x1 -> maxpool`. */
  edit: string;
}

/**
 * A search space family. Architectures are plain JSON-serialisable values; `hash`
 * is the identity used for deduplication and benchmark lookup (isomorphism-invariant
 * where the space has isomorphisms).
 */
export interface SearchSpace<A> {
  readonly name: string;
  sample(rng: Rng): A;
  neighbours(arch: A, rules?: NeighbourRules): Neighbour<A>[];
  /** The rule sets under which `neighbours` differ (the landscape analyses walk each); `paper` first. */
  readonly neighbourRuleSets: readonly NeighbourRules[];
  hash(arch: A): string;
  /** Fixed-length token for the agent. */
  encode(arch: A): Float32Array;
  readonly encodingSize: number;
  /** Throws an Error that says what is wrong when `value` is not a valid architecture. */
  validate(value: unknown): A;
  toJSON(arch: A): unknown;
  fromJSON(value: unknown): A;
}
