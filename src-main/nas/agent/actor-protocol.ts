/**
 * Messages between the learner thread and an actor worker thread (actor-worker.ts).
 *
 * Flow control is by allowance: the learner tells the worker how many environment steps
 * it may have taken in total (`allow`); the worker stops at that count and waits. The
 * learner raises the allowance as it consumes samples, so the replay ratio holds and the
 * faster side waits. Weights travel on request every W steps.
 */
import type { SerializedParams } from '../ml/params.ts';
import type { RngState } from '../rng.ts';
import type { ActorGroupState, EpisodeSummary } from './actors.ts';
import type { AgentHyperparameters, BenchmarkLoaderSpec } from './contract.ts';

export type { BenchmarkLoaderSpec };
import type { EmittedTransition } from './n-step.ts';

export interface ActorWorkerInit {
  loader: BenchmarkLoaderSpec;
  hyper: AgentHyperparameters;
  indices: number[];
  totalActors: number;
  weights: SerializedParams;
  envRngs: RngState[];
  policyRngs: RngState[];
  /** Initial allowance of environment steps. */
  allow: number;
  backendPreference?: 'auto' | 'wasm' | 'cpu' | 'tensorflow';
}

export type ToActorWorker =
  | { type: 'allow'; envSteps: number }
  | { type: 'weights'; weights: SerializedParams }
  | { type: 'snapshot' }
  | { type: 'stop' };

export interface QueryNote {
  /** The benchmark the architecture was queried on. */
  benchmark: string;
  hash: string;
  valid: number;
  test: number;
}

export type FromActorWorker =
  | { type: 'ready'; backend: string; epsilons: number[] }
  | { type: 'batch'; transitions: EmittedTransition[]; episodes: EpisodeSummary[]; envSteps: number; queries: QueryNote[] }
  | { type: 'needWeights' }
  | { type: 'snapshot'; state: ActorGroupState }
  | { type: 'stopped'; state: ActorGroupState }
  | { type: 'error'; message: string };
