/**
 * What the Q-network sees: one token per architecture, the current architecture first and
 * its drawn neighbours after it. A batch pads every observation to 1 + N tokens and
 * remembers how many neighbours are real, so padding can be masked.
 */

export interface Observation {
  /** (1 + count) encodings of `encodingSize` floats, row-major: current, then candidates. */
  tokens: Float32Array;
  /** Number of candidate neighbours (actions). */
  count: number;
}

export interface ObsBatch {
  size: number;
  /** Tokens per observation: 1 + maxNeighbours. */
  tokens: number;
  encodingSize: number;
  /** size × tokens × encodingSize, zero in padded tokens. */
  data: Float32Array;
  /** Real neighbours per observation. */
  counts: Int32Array;
}

export function emptyBatch(size: number, maxNeighbours: number, encodingSize: number): ObsBatch {
  const tokens = 1 + maxNeighbours;
  return { size, tokens, encodingSize, data: new Float32Array(size * tokens * encodingSize), counts: new Int32Array(size) };
}

/** Write `obs` into row `row` of `batch` (its previous contents are overwritten). */
export function writeObservation(batch: ObsBatch, row: number, obs: Observation): void {
  const stride = batch.tokens * batch.encodingSize;
  if (obs.count > batch.tokens - 1) throw new Error(`observation has ${obs.count} neighbours; the network takes at most ${batch.tokens - 1}`);
  const used = (1 + obs.count) * batch.encodingSize;
  if (obs.tokens.length !== used) throw new Error(`observation has ${obs.tokens.length} values, expected ${used} for ${obs.count} neighbours of encoding size ${batch.encodingSize}`);
  batch.data.set(obs.tokens, row * stride);
  batch.data.fill(0, row * stride + used, (row + 1) * stride);
  batch.counts[row] = obs.count;
}

export function packObservations(observations: readonly Observation[], maxNeighbours: number, encodingSize: number): ObsBatch {
  const batch = emptyBatch(observations.length, maxNeighbours, encodingSize);
  observations.forEach((obs, i) => writeObservation(batch, i, obs));
  return batch;
}

/** Token rows of one observation of `batch` (for tests and debugging). */
export function observationOf(batch: ObsBatch, row: number): Observation {
  const count = batch.counts[row]!;
  const start = row * batch.tokens * batch.encodingSize;
  return { tokens: batch.data.slice(start, start + (1 + count) * batch.encodingSize), count };
}

/** Rows [start, end) of `batch` as a batch of their own (views, nothing copied): the learner's micro-batches. */
export function sliceBatch(batch: ObsBatch, start: number, end: number): ObsBatch {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= batch.size)) {
    throw new Error(`batch rows [${start}, ${end}) are not inside a batch of ${batch.size}`);
  }
  const stride = batch.tokens * batch.encodingSize;
  return { size: end - start, tokens: batch.tokens, encodingSize: batch.encodingSize, data: batch.data.subarray(start * stride, end * stride), counts: batch.counts.subarray(start, end) };
}
