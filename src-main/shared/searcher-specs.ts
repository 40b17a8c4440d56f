/**
 * Searchers: the parameters each takes, with their types, ranges, help and defaults, defined
 * once. The config validates against these specs and fills in the defaults
 * (`resolveSearcherParams`); the library's searchers (src-main/nas/search) declare the
 * resolved parameter types they consume and hold no defaults of their own. The two layers
 * may not import each other, so the run process (worker/search-job.ts), which sees both, makes
 * the compiler check that every searcher's parameter type there equals `SearcherParams` here.
 */
import type { ObjectSpec } from './schema.ts';

/** The `agent` searcher's parameters (the host loads `checkpoint`; the rest steer the walk). */
const AGENT_SEARCHER_PARAMS = {
  checkpoint: { type: 'string', required: true, minLength: 1, doc: 'the name of a trained agent (archwalk agents list)' },
  epsilon: { type: 'number', default: 0, min: 0, max: 1, doc: 'probability of a random instead of the greedy move' },
  episodeLength: { type: 'integer', min: 1, max: 100000, doc: 'steps before the walk restarts from a random architecture (default: as in training)' },
  maxNeighbours: { type: 'integer', min: 1, max: 1000, doc: 'neighbours drawn per step (default: as in training)' },
} as const satisfies ObjectSpec;

/**
 * BANANAS (White et al. 2021) with NASLib's defaults (optimizers/discrete/bananas and
 * predictors/mlp.py). The space supplies the predictor's features (its path encoding).
 */
const BANANAS_PARAMS = {
  init: { type: 'integer', default: 10, min: 1, max: 100000, doc: 'random architectures queried before the first predictor (NASLib num_init)' },
  k: { type: 'integer', default: 10, min: 1, max: 10000, doc: 'architectures queried per iteration: the best k candidates by the acquisition function' },
  candidates: { type: 'integer', default: 100, min: 1, max: 100000, doc: 'candidates scored per iteration (NASLib num_candidates)' },
  mutateBest: { type: 'integer', default: 2, min: 1, max: 10000, doc: 'best architectures mutated into candidates (NASLib num_arches_to_mutate)' },
  maxMutations: { type: 'integer', default: 1, min: 1, max: 100, doc: 'mutations in a row that make one candidate (NASLib max_mutations)' },
  acquisition: { type: 'enum', values: ['its', 'ucb', 'exploit'], default: 'its', doc: 'its: independent Thompson sampling; ucb: mean + 0.5 std; exploit: mean of the ensemble' },
  ensemble: { type: 'integer', default: 3, min: 1, max: 100, doc: 'feed-forward predictors in the ensemble (NASLib num_ensemble)' },
  layers: { type: 'integer', default: 20, min: 1, max: 100, doc: 'hidden layers of each predictor' },
  width: { type: 'integer', default: 20, min: 1, max: 4096, doc: 'units per hidden layer' },
  epochs: { type: 'integer', default: 500, min: 1, max: 100000, doc: 'training passes over the queried architectures per iteration' },
  batchSize: { type: 'integer', default: 32, min: 1, max: 100000, doc: 'predictor minibatch size' },
  learningRate: { type: 'number', default: 0.001, min: 1e-7, max: 1, doc: 'Adam learning rate of the predictors' },
  l1: { type: 'number', default: 0.2, min: 0, max: 100, doc: 'weight of the L1 norm of the output layer in the predictor loss (NASLib regularization)' },
} as const satisfies ObjectSpec;

/** Parameters of each searcher kind, with their defaults. */
export const SEARCHER_PARAMS = {
  'random-search': {},
  'random-walk': {},
  'local-search': {
    init: { type: 'integer', default: 10, min: 1, max: 100000, doc: 'random architectures queried before the first neighbourhood scan (NASLib num_init)' },
  },
  'regularized-evolution': {
    population: { type: 'integer', default: 30, min: 2, max: 100000, doc: 'population size (oldest member dies each cycle)' },
    sampleSize: { type: 'integer', default: 10, min: 1, max: 100000, doc: 'tournament size; the best of the sample is mutated' },
  },
  agent: AGENT_SEARCHER_PARAMS,
  // After agent: a kind's place in this list is its colour (renderer lib/colors.ts), and the older kinds keep theirs.
  bananas: BANANAS_PARAMS,
} as const satisfies Record<string, ObjectSpec>;

export type SearcherKind = keyof typeof SEARCHER_PARAMS;

/** Searchers that run a neural network (a trained agent, BANANAS's predictors): their runs select and record an ML backend. */
export const MODEL_SEARCHERS: readonly SearcherKind[] = ['agent', 'bananas'];

/** Every searcher kind, in the specs' order (the form offers them so). */
export const SEARCHER_KINDS = Object.keys(SEARCHER_PARAMS) as SearcherKind[];

/** The value a field spec admits. */
type FieldValue<F> = F extends { type: 'enum'; values: readonly (infer V)[] }
  ? V
  : F extends { type: 'string' }
    ? string
    : F extends { type: 'boolean' }
      ? boolean
      : number;

/** Fields that always have a value once resolved: required ones and those with a default. */
type ResolvedKeys<S> = { [K in keyof S]: S[K] extends { required: true } | { default: unknown } ? K : never }[keyof S];

/** An object spec's values after resolution: fields with a default or required are present, the others optional. */
type Resolved<S> = { -readonly [K in ResolvedKeys<S>]: FieldValue<S[K]> } & { -readonly [K in Exclude<keyof S, ResolvedKeys<S>>]?: FieldValue<S[K]> };

/** Each searcher's parameters with the defaults filled in: what the searcher receives. */
export type SearcherParams = { [K in SearcherKind]: Resolved<(typeof SEARCHER_PARAMS)[K]> };

/**
 * A searcher's parameters with every default filled in. The config does this when it
 * validates; the run process does it again for a run stored before a parameter existed.
 */
export function resolveSearcherParams<K extends SearcherKind>(kind: K, params: Readonly<Record<string, unknown>>): SearcherParams[K] {
  const resolved: Record<string, unknown> = { ...params };
  for (const [name, field] of Object.entries(SEARCHER_PARAMS[kind] as ObjectSpec)) {
    if (resolved[name] === undefined && field.default !== undefined) resolved[name] = field.default;
  }
  return resolved as SearcherParams[K];
}
