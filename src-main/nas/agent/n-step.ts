/**
 * n-step returns for one actor's episode stream, with partial-episode bootstrapping
 * (Pardo et al. 2018): the episode cut after T steps is a time limit, not a terminal
 * state, so the transitions still pending at the cut bootstrap from the state reached at
 * the cut with the discount of the steps they actually summed.
 *
 * A transition from step t is emitted once the Q-values of its bootstrap observation are
 * known (the actor computes them when it acts there), so its initial priority
 * |R + γ^k max_a Q(s_{t+k}, a) − Q(s_t, a_t)| comes from the actor's own network, as in
 * Ape-X.
 */
import type { Observation } from './observation.ts';
import type { Transition } from './replay.ts';

export interface PendingStep {
  obs: Observation;
  action: number;
  reward: number;
  /** The actor's Q(s_t, a_t) when it acted. */
  q: number;
}

export interface EmittedTransition {
  transition: Transition;
  /** |TD error| under the actor's network: the initial replay priority. */
  priority: number;
}

/** Returns of a finished list of rewards: R_t = Σ_{k<min(n, T−t)} γ^k r_{t+k}, with the discount γ^k. */
export function nStepReturns(rewards: readonly number[], n: number, gamma: number, terminal = false): { returns: number[]; discounts: number[]; bootstrapOffsets: number[] } {
  const returns: number[] = [];
  const discounts: number[] = [];
  const bootstrapOffsets: number[] = [];
  for (let t = 0; t < rewards.length; t++) {
    const k = Math.min(n, rewards.length - t);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.pow(gamma, j) * rewards[t + j]!;
    returns.push(sum);
    const reachesEnd = t + k === rewards.length;
    discounts.push(terminal && reachesEnd ? 0 : Math.pow(gamma, k));
    bootstrapOffsets.push(k);
  }
  return { returns, discounts, bootstrapOffsets };
}

export class NStepBuffer {
  readonly n: number;
  readonly gamma: number;
  private pending: PendingStep[] = [];

  constructor(n: number, gamma: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n-step must be a positive integer, got ${n}`);
    this.n = n;
    this.gamma = gamma;
  }

  get length(): number {
    return this.pending.length;
  }

  /**
   * The actor has computed max_a Q(obs) for the observation it is now in. If n steps are
   * pending, the oldest is complete: emit it, bootstrapping from `obs`.
   */
  bootstrap(obs: Observation, maxQ: number): EmittedTransition[] {
    if (this.pending.length < this.n) return [];
    return [this.emit(0, obs, maxQ, false)];
  }

  push(step: PendingStep): void {
    if (this.pending.length >= this.n) throw new Error('n-step buffer overflow: call bootstrap() before push() on every step');
    this.pending.push(step);
  }

  /**
   * End of episode at `obs` (the state reached at the cut). A time-limit cut is not
   * terminal: every pending step bootstraps from `obs` with γ^k for its k summed rewards.
   * Pass `terminal` only for a true terminal state (discount 0).
   */
  finish(obs: Observation, maxQ: number, terminal = false): EmittedTransition[] {
    const out: EmittedTransition[] = [];
    while (this.pending.length > 0) out.push(this.emit(0, obs, maxQ, terminal));
    return out;
  }

  /** Drop pending steps (e.g. when a run stops mid-episode). */
  clear(): void {
    this.pending = [];
  }

  private emit(index: number, next: Observation, maxQ: number, terminal: boolean): EmittedTransition {
    const steps = this.pending.slice(index);
    let reward = 0;
    for (let j = 0; j < steps.length; j++) reward += Math.pow(this.gamma, j) * steps[j]!.reward;
    const discount = terminal ? 0 : Math.pow(this.gamma, steps.length);
    const first = this.pending.shift()!;
    const target = reward + discount * maxQ;
    return {
      transition: { obs: first.obs, action: first.action, reward, discount, next },
      priority: Math.abs(target - first.q),
    };
  }
}
