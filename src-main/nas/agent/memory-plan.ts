/**
 * How much backend memory a learner step needs, and the micro-batch that makes it fit.
 *
 * The training forward/backward runs inside one tf.tidy, so every intermediate tensor of
 * every layer lives until the gradients are out: the step's peak grows linearly with the
 * batch. At the paper presets' B = 512 that is ~5 GB (NB101) and ~44 GB (NB301), while the
 * wasm backend's heap stops at 2 GiB (tfjs-backend-wasm 4.22: past 2 GiB a step dies with
 * "memory access out of bounds"). The learner therefore accumulates gradients over
 * micro-batches sized here, and a network whose single observation cannot fit is refused
 * before training starts, with the estimate and the limit in the message.
 *
 * The per-observation cost is a count of the float32 values the forward and backward keep
 * alive, per token (T = 1 + maxNeighbours), fitted on the wasm backend (its patched products
 * materialise transposes, so it is the largest) and checked against measured peaks in
 * test/unit/agent-memory-plan.test.ts: the estimate stays above the measurement and close
 * to it. Dropout is counted as on, so the estimate is an upper bound either way.
 */
import { totalmem } from 'node:os';
import { HEAD_OUTPUTS } from './dueling.ts';
import type { QNetworkShape } from './q-network.ts';

const FLOAT_BYTES = 4;

/** tfjs-backend-wasm 4.22 addresses at most 2 GiB of heap (measured: larger steps fail inside a kernel). */
export const WASM_HEAP_LIMIT_BYTES = 2 * 1024 ** 3;

/**
 * What a tfjs backend can allocate: the wasm heap's limit, or for the native and JavaScript
 * backends half the machine's memory (the rest is the replay buffer's, the actors' and the
 * system's). A GPU's own memory is not known here; TensorFlow reports its own failures.
 */
export function backendMemoryLimit(backendName: string): number {
  return backendName === 'wasm' ? WASM_HEAP_LIMIT_BYTES : totalmem() / 2;
}

/**
 * The share of the limit a plan may use: the allocator fragments the heap (tidy frees in
 * bursts; measured on paper-nb301, the wasm heap's high-water mark reached 1.10× the
 * estimate) and actors in the learner's thread allocate their own small batches.
 */
export const PLAN_HEADROOM = 0.7;

/** Network parameters (floats), computed from the shape as q-network.ts lays them out. */
export function parameterCount(shape: QNetworkShape): number {
  const d = shape.latentDim;
  const f = shape.ffnDim;
  const perLayer = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * f + f) + (f * d + d);
  return shape.encodingSize * d + d + shape.layers * perLayer + 2 * d + d * HEAD_OUTPUTS + HEAD_OUTPUTS;
}

/** Floats a training forward + backward keeps alive per observation (see the module comment). */
export function stepFloatsPerObservation(shape: QNetworkShape): number {
  const t = shape.maxNeighbours + 1;
  const d = shape.latentDim;
  const h = shape.heads;
  // Input encodings, embedding, positional add, final norm, head and its gradient.
  const outside = t * shape.encodingSize + 17 * t * d + 11 * t;
  // Per layer: ~65 [T, d] activations and gradients (norms, q/k/v and their head layouts,
  // residuals, dropout masks), 4 of [T, ffnDim], 12 of [h, T, T] (scores, softmax, dropout,
  // their gradients) and a few per-row statistics.
  const perLayer = 65 * t * d + 4 * t * shape.ffnDim + 12 * h * t * t + h * t + 12 * t;
  return outside + shape.layers * perLayer;
}

export interface LearnerMemoryPlan {
  batchSize: number;
  /** Observations per forward/backward pass; equal to batchSize when no accumulation is needed. */
  microBatch: number;
  microBatches: number;
  /** Estimated peak bytes of a learner step at that micro-batch. */
  estimatedBytes: number;
  limitBytes: number;
  /** One line for the run log. */
  description: string;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/**
 * Estimated peak bytes of a learner step over micro-batches of `microBatch` observations:
 * parameters held for the whole run (online, target, Adam's two moments, the accumulated
 * gradient, the in-thread actors' copy), the step's own parameter-sized tensors (gradients,
 * weight slices and transposes) and the activations of one micro-batch.
 */
export function learnerStepBytes(shape: QNetworkShape, microBatch: number): number {
  const params = parameterCount(shape);
  const held = 6 * params;
  const perStep = 2 * params;
  return FLOAT_BYTES * (held + perStep + microBatch * stepFloatsPerObservation(shape));
}

/**
 * The largest micro-batch (at most `batchSize`, splitting it as evenly as possible) whose
 * estimate fits in PLAN_HEADROOM of `limitBytes`. Throws, naming the fields to change, when
 * not even one observation fits.
 */
export function planLearnerMemory(shape: QNetworkShape, batchSize: number, limitBytes: number, backendName = 'the ML backend'): LearnerMemoryPlan {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  if (!(limitBytes > 0)) throw new Error(`memory limit must be positive, got ${limitBytes}`);
  const budget = limitBytes * PLAN_HEADROOM;
  const single = learnerStepBytes(shape, 1);
  if (single > budget) {
    throw new Error(
      `agent hyperparameters: one learner step needs an estimated ${formatBytes(single)} even one observation at a time ` +
        `(${parameterCount(shape).toLocaleString('en-US')} parameters, ${shape.maxNeighbours + 1} tokens), more than ${formatBytes(budget)} ` +
        `(${Math.round(PLAN_HEADROOM * 100)} % of the ${formatBytes(limitBytes)} that ${backendName} can use); ` +
        'reduce latentDim, ffnDim, layers or maxNeighbours',
    );
  }
  const fixed = learnerStepBytes(shape, 0);
  const fitting = Math.min(batchSize, Math.floor((budget - fixed) / (FLOAT_BYTES * stepFloatsPerObservation(shape))));
  const microBatches = Math.ceil(batchSize / fitting);
  const microBatch = Math.ceil(batchSize / microBatches);
  const estimatedBytes = learnerStepBytes(shape, microBatch);
  const split = microBatches === 1 ? `batch ${batchSize} in one pass` : `batch ${batchSize} as ${microBatches} accumulated micro-batches of at most ${microBatch}`;
  return {
    batchSize,
    microBatch,
    microBatches,
    estimatedBytes,
    limitBytes,
    description: `learner memory: ${split} (estimated ${formatBytes(estimatedBytes)} of the ${formatBytes(limitBytes)} ${backendName} can use)`,
  };
}
