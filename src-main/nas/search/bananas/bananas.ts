/**
 * BANANAS (White, Neiswanger, Savani: "BANANAS: Bayesian Optimization with Neural
 * Architectures for Neural Architecture Search", AAAI 2021) as NASLib runs it
 * (optimizers/discrete/bananas/optimizer.py, its defaults in shared/searcher-specs.ts):
 *
 * 1. Query `init` random architectures.
 * 2. Each iteration: train a fresh ensemble of `ensemble` feed-forward predictors on every
 *    architecture queried so far (the space's path encoding → validation accuracy in
 *    percent, NASLib's scale); make `candidates` candidates by mutating each of the
 *    `mutateBest` best architectures `maxMutations` times in a row
 *    (candidates / mutateBest / maxMutations chains each); score every candidate with the
 *    acquisition function (independent Thompson sampling by default) and query the `k`
 *    best, best first.
 *
 * One difference, from archwalk's query accounting (search/evaluator.ts: a query is a
 * distinct architecture, a revisit is free): candidates already queried and repeats are
 * dropped before choosing the k, so every choice is a new query. NASLib keeps them and
 * spends an iteration's slot on each. A mutation is a random neighbour under the space's
 * NASLib rules where it has them (NB101), else under its only rules.
 */
import type { Metrics } from '../../benchmarks/types.ts';
import { selectBackend } from '../../ml/backend.ts';
import type { NeighbourRules, PredictorEncoding } from '../../spaces/types.ts';
import type { SearchContext } from '../types.ts';
import { positiveInteger } from '../types.ts';
import { acquisitionValue, ACQUISITIONS, type Acquisition } from './acquisition.ts';
import { MlpEnsemble } from './mlp-ensemble.ts';

export interface BananasParams {
  /** Random architectures queried before the first predictor (NASLib num_init). */
  init: number;
  /** Architectures queried per iteration, the best k candidates (NASLib k). */
  k: number;
  /** Candidates scored per iteration (NASLib num_candidates). */
  candidates: number;
  /** How many of the best architectures are mutated into candidates (NASLib num_arches_to_mutate). */
  mutateBest: number;
  /** Mutations applied in a row to make one candidate (NASLib max_mutations). */
  maxMutations: number;
  acquisition: Acquisition;
  /** Predictors in the ensemble (NASLib num_ensemble). */
  ensemble: number;
  layers: number;
  width: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  l1: number;
}

/** One predictor training, for a host that reports or measures it. */
export interface PredictorFit {
  iteration: number;
  /** Architectures the ensemble was trained on. */
  trainSize: number;
  /** Wall-clock milliseconds of the training. */
  trainMs: number;
  /** The members' mean absolute training error in the last epoch (percentage points, with the L1 term). */
  trainLoss: number;
  /** Milliseconds to build and score the candidates. */
  acquisitionMs: number;
}

export interface BananasObserver {
  onFit?(fit: PredictorFit): void;
}

/** Give the run's message loop (heartbeats, pause, stop) a turn at least this often while training. */
const YIELD_EVERY_MS = 20;

/** A space without a predictor encoding cannot be searched: the error names the space. */
export function requirePredictorEncoding<A>(ctx: SearchContext<A>): PredictorEncoding<A> {
  const encoding = ctx.space.predictorEncoding;
  if (!encoding) throw new Error(`bananas: the ${ctx.space.name} space declares no predictor encoding; BANANAS needs one (a path encoding) to train its predictor`);
  return encoding;
}

/** A chosen candidate and the features it was scored on. */
interface Candidate<A> {
  arch: A;
  features: Float32Array;
}

interface Queried<A> {
  arch: A;
  features: Float32Array;
  valid: number;
}

function checkParams(params: BananasParams): void {
  for (const name of ['init', 'k', 'candidates', 'mutateBest', 'maxMutations', 'ensemble', 'layers', 'width', 'epochs', 'batchSize'] as const) positiveInteger('bananas', name, params[name]);
  if (!(params.learningRate > 0)) throw new Error(`bananas: learningRate must be positive, got ${JSON.stringify(params.learningRate)}`);
  if (!(params.l1 >= 0)) throw new Error(`bananas: l1 must be zero or positive, got ${JSON.stringify(params.l1)}`);
  if (!ACQUISITIONS.includes(params.acquisition)) throw new Error(`bananas: acquisition must be one of ${ACQUISITIONS.join(', ')}, got ${JSON.stringify(params.acquisition)}`);
}

/** BANANAS with a host that watches each predictor training. */
export async function observedBananas<A>(ctx: SearchContext<A>, params: BananasParams, observer: BananasObserver): Promise<void> {
  checkParams(params);
  const encoding = requirePredictorEncoding(ctx);
  // The thread's backend, chosen once (the run process has chosen it already; a library caller may not have).
  await selectBackend();
  const { space, rng } = ctx;
  const rules: NeighbourRules = space.neighbourRuleSets.includes('naslib') ? 'naslib' : 'paper';
  const queried: Queried<A>[] = [];
  const seen = new Set<string>();
  // A candidate's features were computed to score it; a random architecture's are computed here.
  const query = async (arch: A, features?: Float32Array): Promise<Metrics> => {
    const metrics = await ctx.evaluate(arch);
    const hash = space.hash(arch);
    if (!seen.has(hash)) {
      seen.add(hash);
      queried.push({ arch, features: features ?? encoding.encode(arch), valid: metrics.valid });
    }
    return metrics;
  };

  while (queried.length < params.init) await query(ctx.sample());

  // Stops when the budget is spent, without training a predictor whose choices could not be queried.
  for (let iteration = 1; ctx.queriesLeft() > 0; iteration++) {
    const started = performance.now();
    const ensemble = new MlpEnsemble({ inputs: encoding.size, members: params.ensemble, layers: params.layers, width: params.width }, rng);
    let chosen: Candidate<A>[];
    try {
      const losses = await fitYielding(ensemble, queried, params, rng);
      const trained = performance.now();
      chosen = chooseBatch(ctx, ensemble, queried, seen, params, rules, encoding);
      observer.onFit?.({
        iteration,
        trainSize: queried.length,
        trainMs: trained - started,
        trainLoss: losses.reduce((a, b) => a + b, 0) / losses.length,
        acquisitionMs: performance.now() - trained,
      });
    } finally {
      ensemble.dispose();
    }
    if (chosen.length === 0) throw new Error(`bananas: no architecture left that it has not queried (${queried.length} queried)`);
    for (const { arch, features } of chosen) await query(arch, features);
  }
}

/** The searcher as the run process calls it. */
export function bananas<A>(ctx: SearchContext<A>, params: BananasParams): Promise<void> {
  return observedBananas(ctx, params, {});
}

/** Trains the ensemble epoch-group by epoch-group, yielding to the event loop in between. */
async function fitYielding<A>(ensemble: MlpEnsemble, queried: readonly Queried<A>[], params: BananasParams, rng: SearchContext<A>['rng']): Promise<Float32Array> {
  const x = queried.map((q) => q.features);
  const y = queried.map((q) => q.valid * 100);
  const fit = { batchSize: params.batchSize, learningRate: params.learningRate, l1: params.l1 };
  let losses: Float32Array = new Float32Array(params.ensemble);
  const session = ensemble.startFit(fit);
  try {
    let lastYield = performance.now();
    for (let epoch = 0; epoch < params.epochs; epoch++) {
      losses = session.epoch(x, y, rng);
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
  } finally {
    session.dispose();
  }
  return losses;
}

/** The k best new candidates by the acquisition function, best first; random new architectures where mutation finds too few. */
function chooseBatch<A>(
  ctx: SearchContext<A>,
  ensemble: MlpEnsemble,
  queried: readonly Queried<A>[],
  seen: ReadonlySet<string>,
  params: BananasParams,
  rules: NeighbourRules,
  encoding: PredictorEncoding<A>,
): Candidate<A>[] {
  const { space, rng } = ctx;
  const best = [...queried].sort((a, b) => b.valid - a.valid).slice(0, params.mutateBest);
  const perParent = Math.max(1, Math.floor(params.candidates / best.length / params.maxMutations));
  const candidates: A[] = [];
  const candidateHashes = new Set<string>();
  const consider = (arch: A): void => {
    const hash = space.hash(arch);
    if (seen.has(hash) || candidateHashes.has(hash)) return;
    candidateHashes.add(hash);
    candidates.push(arch);
  };
  for (const parent of best) {
    for (let c = 0; c < perParent; c++) {
      let candidate = parent.arch;
      for (let m = 0; m < params.maxMutations; m++) {
        const options = space.neighbours(candidate, rules);
        if (options.length === 0) break;
        candidate = rng.pick(options).arch;
      }
      consider(candidate);
    }
  }
  // A neighbourhood that is all queried (late in a small table) still yields k new architectures.
  for (let tries = 0; candidates.length < params.k && tries < 100 * params.k; tries++) consider(ctx.sample());
  if (candidates.length === 0) return [];
  const features = candidates.map((arch) => encoding.encode(arch));
  const predictions = ensemble.predict(features);
  const scored = candidates.map((arch, index) => ({ arch, index, value: acquisitionValue(params.acquisition, predictions.map((member) => member[index]!), rng) }));
  scored.sort((a, b) => b.value - a.value);
  return scored.slice(0, params.k).map((s) => ({ arch: s.arch, features: features[s.index]! }));
}
