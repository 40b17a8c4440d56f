/**
 * The paper's shaped reward: the difference of e^(α·acc) between the next and the current
 * architecture, scaled by e^(−α) to keep it in a small numeric range:
 *
 *   r = e^(α(acc' − 1)) − e^(α(acc − 1)),   acc = validation accuracy as a fraction.
 *
 * It telescopes, so an episode's undiscounted return is e^(α(acc_T − 1)) − e^(α(acc_0 − 1)),
 * and a large α makes improvements near the top of the accuracy range count the most.
 */
export function shapedReward(acc: number, accNext: number, alpha: number): number {
  if (!Number.isFinite(acc) || !Number.isFinite(accNext)) throw new RangeError(`reward needs finite accuracies, got ${acc} → ${accNext}`);
  return Math.exp(alpha * (accNext - 1)) - Math.exp(alpha * (acc - 1));
}

/** The potential e^(α(acc − 1)) whose differences are the rewards. */
export function rewardPotential(acc: number, alpha: number): number {
  return Math.exp(alpha * (acc - 1));
}
