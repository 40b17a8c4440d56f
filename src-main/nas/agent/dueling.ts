/**
 * Dueling aggregation (Wang et al. 2016) over a variable action set:
 * Q_i = V + A_i − mean(A) with the mean over the real (unpadded) neighbours only.
 * The network emits two numbers per token; V is read from token 0 and A_i from
 * neighbour token i. Done in plain JavaScript on the downloaded head outputs: it is tiny,
 * exact, and the loss gradient follows from it in closed form.
 */

export const HEAD_OUTPUTS = 2;

/** Q-values [size × maxNeighbours], −Infinity at padded actions. */
export function duelingQ(heads: Float32Array, counts: Int32Array, tokens: number): Float32Array {
  const size = counts.length;
  const n = tokens - 1;
  const q = new Float32Array(size * n).fill(Number.NEGATIVE_INFINITY);
  for (let b = 0; b < size; b++) {
    const count = counts[b]!;
    if (count === 0) continue;
    const base = b * tokens * HEAD_OUTPUTS;
    const value = heads[base]!;
    let mean = 0;
    for (let i = 0; i < count; i++) mean += heads[base + (1 + i) * HEAD_OUTPUTS + 1]!;
    mean /= count;
    for (let i = 0; i < count; i++) q[b * n + i] = value + heads[base + (1 + i) * HEAD_OUTPUTS + 1]! - mean;
  }
  return q;
}

/** Index of the largest Q among the real actions of row `b` (ties: lowest index); -1 when there are none. */
export function argmaxRow(q: Float32Array, b: number, n: number, count: number): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const v = q[b * n + i]!;
    if (best < 0 || v > bestValue) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/**
 * Gradient of Σ_b g_b · Q[b, a_b] with respect to the head outputs: dV_b = g_b,
 * dA_{b,i} = g_b · (1[i = a_b] − 1/count_b) for real i, zero elsewhere (padding included).
 */
export function duelingBackward(dq: Float32Array, actions: Int32Array, counts: Int32Array, tokens: number): Float32Array {
  const size = counts.length;
  const d = new Float32Array(size * tokens * HEAD_OUTPUTS);
  for (let b = 0; b < size; b++) {
    const g = dq[b]!;
    const count = counts[b]!;
    const base = b * tokens * HEAD_OUTPUTS;
    d[base] = g;
    for (let i = 0; i < count; i++) {
      d[base + (1 + i) * HEAD_OUTPUTS + 1] = g * ((i === actions[b] ? 1 : 0) - 1 / count);
    }
  }
  return d;
}
