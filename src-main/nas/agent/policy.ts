/**
 * A trained agent as a policy: the online network of a checkpoint, acting greedily over
 * the candidate neighbours it is shown.
 */
import { selectBackend } from '../ml/backend.ts';
import type { SearchSpace } from '../spaces/types.ts';
import { readCheckpoint } from './checkpoint.ts';
import type { AgentHyperparameters, AgentPolicy } from './contract.ts';
import { argmaxRow } from './dueling.ts';
import { encodeObservation } from './environment.ts';
import { networkShape } from './learner.ts';
import { packObservations } from './observation.ts';
import { QNetwork } from './q-network.ts';

export interface LoadedAgentPolicy extends AgentPolicy {
  readonly benchmarkName: string;
  readonly envSteps: number;
  readonly learnerSteps: number;
  /** Q-values of the candidates (for inspection and tests). */
  qValues<A>(space: SearchSpace<A>, current: A, candidates: readonly A[]): Float32Array;
  /** Width of `latents`' rows. */
  readonly latentDim: number;
  /** The network's latent of each state (an architecture with the neighbours it is shown), [states × latentDim]. */
  latents<A>(space: SearchSpace<A>, states: readonly AgentState<A>[]): Float32Array;
}

/** What the agent sees at one step: where it is and the candidate neighbours it is shown. */
export interface AgentState<A> {
  current: A;
  candidates: readonly A[];
}

export class NetworkPolicy implements LoadedAgentPolicy {
  readonly spaceName: string;
  readonly benchmarkName: string;
  readonly hyper: AgentHyperparameters;
  readonly envSteps: number;
  readonly learnerSteps: number;
  private readonly network: QNetwork;

  constructor(network: QNetwork, info: { spaceName: string; benchmarkName: string; hyper: AgentHyperparameters; envSteps: number; learnerSteps: number }) {
    this.network = network;
    this.spaceName = info.spaceName;
    this.benchmarkName = info.benchmarkName;
    this.hyper = info.hyper;
    this.envSteps = info.envSteps;
    this.learnerSteps = info.learnerSteps;
  }

  qValues<A>(space: SearchSpace<A>, current: A, candidates: readonly A[]): Float32Array {
    this.checkSpace(space);
    if (candidates.length === 0) throw new Error('the agent needs at least one candidate neighbour');
    const n = this.hyper.maxNeighbours;
    if (candidates.length > n) throw new Error(`the agent was trained with at most ${n} neighbours per step; got ${candidates.length}`);
    const batch = packObservations([encodeObservation(space, current, candidates)], n, space.encodingSize);
    return this.network.qValues(batch).slice(0, candidates.length);
  }

  get latentDim(): number {
    return this.network.shape.latentDim;
  }

  latents<A>(space: SearchSpace<A>, states: readonly AgentState<A>[]): Float32Array {
    this.checkSpace(space);
    const n = this.hyper.maxNeighbours;
    for (const s of states) if (s.candidates.length > n) throw new Error(`the agent was trained with at most ${n} neighbours per step; got ${s.candidates.length}`);
    if (states.length === 0) return new Float32Array(0);
    return this.network.latents(packObservations(states.map((s) => encodeObservation(space, s.current, s.candidates)), n, space.encodingSize));
  }

  act<A>(space: SearchSpace<A>, current: A, candidates: readonly A[]): number {
    const q = this.qValues(space, current, candidates);
    return argmaxRow(q, 0, candidates.length, candidates.length);
  }

  private checkSpace(space: SearchSpace<unknown>): void {
    if (space.name !== this.spaceName) throw new Error(`this agent was trained on the ${this.spaceName} space and cannot act in ${space.name}`);
  }

  dispose(): void {
    this.network.dispose();
  }
}

export async function loadAgentPolicy(checkpointPath: string): Promise<LoadedAgentPolicy> {
  await selectBackend();
  const data = readCheckpoint(checkpointPath, { withReplay: false });
  const network = QNetwork.fromWeights(networkShape(data.hyper, data.encodingSize), data.learner.online);
  return new NetworkPolicy(network, {
    spaceName: data.spaceName,
    benchmarkName: data.benchmarkName,
    hyper: data.hyper,
    envSteps: data.counters.envSteps,
    learnerSteps: data.counters.learnerSteps,
  });
}
