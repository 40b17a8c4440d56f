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
/**
 * A fixed-length feature vector for performance predictors (BANANAS's neural predictor),
 * declared by the space that knows its structure. Separate from `encode`, which is the
 * agent's token: a predictor wants features that carry the cell's meaning in a flat vector
 * (NASLib's path encoding), the agent a token it reads with attention.
 */
export interface PredictorEncoding<A> {
  /** The encoding's name, as NASLib calls it (`path`). */
  readonly name: string;
  readonly size: number;
  /** One line on what each feature means and where the definition comes from. */
  readonly doc: string;
  encode(arch: A): Float32Array;
}

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
  /** Features for performance predictors; a space without one cannot be searched by BANANAS. */
  readonly predictorEncoding?: PredictorEncoding<A>;
  /** Throws an Error that says what is wrong when `value` is not a valid architecture. */
  validate(value: unknown): A;
  toJSON(arch: A): unknown;
  fromJSON(value: unknown): A;
}
