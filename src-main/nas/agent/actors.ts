/**
 * Ape-X actors. Actor i of K explores with ε_i = ε^(1 + α_ε·i/(K−1)), walks its own
 * environment, computes n-step returns and initial priorities locally, and refreshes its
 * network weights from the learner every W of its steps.
 *
 * An ActorGroup runs several actors in one thread and batches their Q-value inference
 * into one forward pass (a single-observation transformer pass is dominated by per-op
 * overhead). All actors of a group share one network copy that is refreshed for all of
 * them at the same step, which is what K separate copies refreshed every W steps would
 * hold. The group runs in the learner's thread (deterministic; tests) or inside a
 * worker thread (actor-worker.ts) in parallel with the learner.
 */
import type { Benchmark } from '../benchmarks/types.ts';
import type { SerializedParams } from '../ml/params.ts';
import { Rng, type RngState } from '../rng.ts';
import type { SearchSpace } from '../spaces/types.ts';
import type { AgentHyperparameters } from './contract.ts';
import { argmaxRow } from './dueling.ts';
import { ArchEnvironment, QueryLog } from './environment.ts';
import { NStepBuffer, type EmittedTransition } from './n-step.ts';
import { emptyBatch, writeObservation } from './observation.ts';
import { networkShape } from './learner.ts';
import { QNetwork } from './q-network.ts';

/** ε_i = ε^(1 + α_ε·i/(K−1)); a single actor uses ε. */
export function actorEpsilon(index: number, actors: number, base: number, alpha: number): number {
  if (actors <= 1) return base;
  return Math.pow(base, 1 + (alpha * index) / (actors - 1));
}

export interface EpisodeSummary {
  actor: number;
  /** Undiscounted sum of shaped rewards. */
  return: number;
  length: number;
  startValid: number;
  finalValid: number;
}

export interface ActorStepOutput {
  transitions: EmittedTransition[];
  episodes: EpisodeSummary[];
  /** Environment steps taken in this call (one per acting actor). */
  envSteps: number;
}

export interface ActorGroupState {
  /** Global actor indices (0..K−1) this group runs. */
  indices: number[];
  envRngs: RngState[];
  policyRngs: RngState[];
  stepsSinceSync: number;
}

export interface ActorGroupOptions<A> {
  space: SearchSpace<A>;
  benchmark: Benchmark<A>;
  /** Several benchmarks of the space: each episode draws one. */
  benchmarks?: readonly Benchmark<A>[];
  hyper: AgentHyperparameters;
  /** Global indices of the actors in this group. */
  indices: number[];
  /** K: all actors across groups (for the ε schedule). */
  totalActors: number;
  weights: SerializedParams;
  /** Fresh RNGs per actor, or saved states. */
  rngs: { env: Rng; policy: Rng }[];
  queries?: QueryLog;
  /** Supplies the learner's current weights every W steps. */
  fetchWeights: () => SerializedParams | Promise<SerializedParams>;
}

interface ActorSlot<A> {
  index: number;
  epsilon: number;
  env: ArchEnvironment<A>;
  envRng: Rng;
  policyRng: Rng;
  nstep: NStepBuffer;
  started: boolean;
  /** The episode was cut; the next inference only bootstraps the pending steps. */
  finishing: boolean;
  episodeReturn: number;
}

export class ActorGroup<A> {
  readonly options: ActorGroupOptions<A>;
  readonly network: QNetwork;
  readonly queries: QueryLog;
  private readonly slots: ActorSlot<A>[];
  private stepsSinceSync = 0;
  /** Environment steps taken by this group. */
  envSteps = 0;

  constructor(options: ActorGroupOptions<A>) {
    const { hyper, space, benchmark, indices, totalActors } = options;
    if (options.rngs.length !== indices.length) throw new Error(`actor group needs one rng pair per actor (${indices.length}), got ${options.rngs.length}`);
    this.options = options;
    this.queries = options.queries ?? new QueryLog();
    this.network = QNetwork.fromWeights(networkShape(hyper, space.encodingSize), options.weights);
    this.slots = indices.map((index, i) => {
      const { env: envRng, policy: policyRng } = options.rngs[i]!;
      return {
        index,
        epsilon: actorEpsilon(index, totalActors, hyper.epsilonBase, hyper.epsilonAlpha),
        env: new ArchEnvironment({
          space,
          benchmark,
          ...(options.benchmarks ? { benchmarks: options.benchmarks } : {}),
          maxNeighbours: hyper.maxNeighbours,
          episodeLength: hyper.episodeLength,
          rewardAlpha: hyper.rewardAlpha,
          rewardRepeat: hyper.rewardRepeat,
          rng: envRng,
          queries: this.queries,
        }),
        envRng,
        policyRng,
        nstep: new NStepBuffer(hyper.nStep, hyper.gamma),
        started: false,
        finishing: false,
        episodeReturn: 0,
      };
    });
  }

  get epsilons(): number[] {
    return this.slots.map((s) => s.epsilon);
  }

  setWeights(weights: SerializedParams): void {
    this.network.setWeights(weights);
    this.stepsSinceSync = 0;
  }

  /** One round: every actor acts once (or bootstraps its cut episode and restarts). */
  async step(): Promise<ActorStepOutput> {
    const { hyper } = this.options;
    if (this.stepsSinceSync >= hyper.weightSyncInterval) this.setWeights(await this.options.fetchWeights());
    for (const slot of this.slots) {
      if (!slot.started) {
        await slot.env.reset();
        slot.started = true;
        slot.episodeReturn = 0;
      }
    }
    const n = hyper.maxNeighbours;
    const batch = emptyBatch(this.slots.length, n, this.options.space.encodingSize);
    this.slots.forEach((slot, i) => writeObservation(batch, i, slot.env.obs));
    const q = this.network.qValues(batch);
    const out: ActorStepOutput = { transitions: [], episodes: [], envSteps: 0 };
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      const obs = slot.env.obs;
      const greedy = argmaxRow(q, i, n, obs.count);
      const maxQ = q[i * n + greedy]!;
      if (slot.finishing) {
        out.transitions.push(...slot.nstep.finish(obs, maxQ));
        out.episodes.push({
          actor: slot.index,
          return: slot.episodeReturn,
          length: slot.env.stepInEpisode,
          startValid: slot.env.episodeStartValid,
          finalValid: slot.env.validAccuracy,
        });
        slot.finishing = false;
        await slot.env.reset();
        slot.episodeReturn = 0;
        continue;
      }
      out.transitions.push(...slot.nstep.bootstrap(obs, maxQ));
      const action = slot.policyRng.next() < slot.epsilon ? slot.policyRng.int(obs.count) : greedy;
      const result = await slot.env.step(action);
      slot.nstep.push({ obs, action, reward: result.reward, q: q[i * n + action]! });
      slot.episodeReturn += result.reward;
      out.envSteps += 1;
      if (result.truncated) slot.finishing = true;
    }
    this.envSteps += out.envSteps;
    this.stepsSinceSync += 1;
    return out;
  }

  /** RNG states for checkpoints. Episodes in progress are not saved: after a resume every actor starts a new one. */
  state(): ActorGroupState {
    return {
      indices: this.slots.map((s) => s.index),
      envRngs: this.slots.map((s) => s.envRng.state()),
      policyRngs: this.slots.map((s) => s.policyRng.state()),
      stepsSinceSync: this.stepsSinceSync,
    };
  }

  dispose(): void {
    this.network.dispose();
  }
}

/** Independent RNG pairs for actors, derived from one generator. */
export function actorRngs(count: number, rng: Rng): { env: Rng; policy: Rng }[] {
  return Array.from({ length: count }, () => ({ env: rng.fork(), policy: rng.fork() }));
}

export function actorRngsFromState(state: Pick<ActorGroupState, 'envRngs' | 'policyRngs'>): { env: Rng; policy: Rng }[] {
  return state.envRngs.map((env, i) => ({ env: new Rng(env), policy: new Rng(state.policyRngs[i]!) }));
}
