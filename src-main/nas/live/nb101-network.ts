/**
 * An NB101 cell built into a trainable network the way NAS-Bench-101's model builder does
 * (google-research/nasbench, lib/model_builder.py), scaled by a few sizes:
 *
 *   stem 3×3 conv-BN-ReLU → stacks of `cellsPerStack` cells, with 2×2 max-pool down-sampling
 *   and channel doubling between stacks → global average pool → dense classifier.
 *
 * Inside a cell: every interior vertex sums its inputs (outputs of earlier vertices,
 * truncated to its channel count, and a 1×1 conv-BN-ReLU projection of the cell input) and
 * applies its op; the output vertex concatenates the channels of the vertices feeding it
 * and adds a projection of the cell input when the input is wired to the output. Channel
 * counts per vertex follow compute_vertex_channels.
 *
 * The structure and the parameter count are NB101's (checked against the official
 * trainable_parameters of 30 cells in the unit tests). Intended differences: convolutions
 * start He-normal (NB101: variance scaling with scale 1, truncated normal), and the batch-norm
 * moving averages' momentum comes from the recipe (NB101: 0.997, made for 108 epochs).
 *
 * Parameters are created from a seeded Rng, so a (cell, seed) pair always starts from the
 * same weights on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ParamSet, type ParamSpec } from '../ml/params.ts';
import * as ops from '../ml/diff-ops.ts';
import type { Rng } from '../rng.ts';
import type { CellGraph } from '../spaces/nb101/matrix.ts';

/** Labels as in CellGraph: 0 conv3x3-bn-relu, 1 conv1x1-bn-relu, 2 maxpool3x3. */
const CONV3 = 0;
const CONV1 = 1;
const MAXPOOL = 2;

export interface NetworkShape {
  /** Input image size and channels (e.g. 14, 14, 1). */
  height: number;
  width: number;
  channels: number;
  classes: number;
  /** Stem output channels (NB101: 128). */
  stemChannels: number;
  /** NB101: 3. */
  stacks: number;
  /** NB101: 3. */
  cellsPerStack: number;
}

function hasEdge(g: CellGraph, from: number, to: number): boolean {
  return ((g.out[from]! >> to) & 1) === 1;
}

/** compute_vertex_channels: channels of each vertex of a cell with the given input/output widths. */
export function vertexChannels(g: CellGraph, inputChannels: number, outputChannels: number): number[] {
  const n = g.n;
  const channels = new Array<number>(n).fill(0);
  channels[0] = inputChannels;
  channels[n - 1] = outputChannels;
  if (n === 2) return channels;
  // In-degree of the output counting interior vertices only (the input is projected separately).
  let feeding = 0;
  for (let v = 1; v < n - 1; v++) if (hasEdge(g, v, n - 1)) feeding++;
  const interior = Math.floor(outputChannels / feeding);
  let correction = outputChannels % feeding;
  for (let v = 1; v < n - 1; v++) {
    if (!hasEdge(g, v, n - 1)) continue;
    channels[v] = interior;
    if (correction > 0) {
      channels[v]! += 1;
      correction--;
    }
  }
  // Vertices that only feed other interior vertices get the widest of their successors.
  for (let v = n - 3; v >= 1; v--) {
    if (hasEdge(g, v, n - 1)) continue;
    for (let w = v + 1; w < n - 1; w++) if (hasEdge(g, v, w)) channels[v] = Math.max(channels[v]!, channels[w]!);
  }
  for (let v = 1; v < n - 1; v++) {
    if (channels[v]! <= 0) throw new RangeError(`vertex ${v} of the cell would have no channels (output width ${outputChannels} is too small for the cell)`);
  }
  return channels;
}

/** One convolution + batch norm, with its parameter names and its moving statistics. */
interface ConvBn {
  name: string;
  size: number;
  inChannels: number;
  outChannels: number;
}

interface CellPlan {
  /** Projection of the cell input into vertex v (index by vertex), or null. */
  projections: (ConvBn | null)[];
  /** The op's conv for conv vertices, or null for max-pool vertices. */
  vertexConvs: (ConvBn | null)[];
  /** Projection of the cell input added at the output, or null. */
  outputProjection: ConvBn | null;
  channels: number[];
}

export interface ForwardResult {
  logits: tf.Tensor2D;
  /** Per ConvBn name, the batch statistics seen in a training forward pass. */
  batchStats: Map<string, ops.BatchStats>;
}

const BN_EPSILON = 1e-5;

/** Which convolutions a network has and how they connect, before any tensor exists. */
export interface NetworkPlan {
  stem: ConvBn;
  stacks: { downsample: boolean; cells: CellPlan[] }[];
  convs: ConvBn[];
  specs: ParamSpec[];
}

/** Plans the network of a cell; the parameter specs alone give NB101's trainable_parameters. */
export function planNetwork(graph: CellGraph, shape: NetworkShape): NetworkPlan {
  if (graph.n < 2) throw new RangeError('a cell needs an input and an output vertex');
  const convs: ConvBn[] = [];
  const convBn = (name: string, size: number, inChannels: number, outChannels: number): ConvBn => {
    const conv = { name, size, inChannels, outChannels };
    convs.push(conv);
    return conv;
  };
  const planCell = (prefix: string, inChannels: number, outChannels: number): CellPlan => {
    const g = graph;
    const n = g.n;
    const channels = vertexChannels(g, inChannels, outChannels);
    const projections: (ConvBn | null)[] = new Array(n).fill(null);
    const vertexConvs: (ConvBn | null)[] = new Array(n).fill(null);
    for (let v = 1; v < n - 1; v++) {
      if (hasEdge(g, 0, v)) projections[v] = convBn(`${prefix}/proj${v}`, 1, inChannels, channels[v]!);
      const label = g.labels[v];
      if (label === CONV3) vertexConvs[v] = convBn(`${prefix}/v${v}`, 3, channels[v]!, channels[v]!);
      else if (label === CONV1) vertexConvs[v] = convBn(`${prefix}/v${v}`, 1, channels[v]!, channels[v]!);
      else if (label !== MAXPOOL) throw new RangeError(`vertex ${v} has label ${label}, not an NB101 operation`);
    }
    let feeding = 0;
    for (let v = 1; v < n - 1; v++) if (hasEdge(g, v, n - 1)) feeding++;
    // With no interior vertex feeding the output, the cell is a projection of its input.
    const outputProjection = hasEdge(g, 0, n - 1) || feeding === 0 ? convBn(`${prefix}/proj_out`, 1, inChannels, outChannels) : null;
    return { projections, vertexConvs, outputProjection, channels };
  };
  const stem = convBn('stem', 3, shape.channels, shape.stemChannels);
  const stacks: NetworkPlan['stacks'] = [];
  let channels = shape.stemChannels;
  let inputChannels = channels;
  for (let s = 0; s < shape.stacks; s++) {
    if (s > 0) channels *= 2;
    const cells: CellPlan[] = [];
    for (let c = 0; c < shape.cellsPerStack; c++) {
      cells.push(planCell(`s${s}c${c}`, inputChannels, channels));
      inputChannels = channels;
    }
    stacks.push({ downsample: s > 0, cells });
  }
  const specs: ParamSpec[] = [];
  for (const conv of convs) {
    specs.push({ name: `${conv.name}/w`, shape: [conv.size, conv.size, conv.inChannels, conv.outChannels], init: { normal: Math.sqrt(2 / (conv.size * conv.size * conv.inChannels)) } });
    specs.push({ name: `${conv.name}/gamma`, shape: [conv.outChannels], init: 'ones' });
    specs.push({ name: `${conv.name}/beta`, shape: [conv.outChannels], init: 'zeros' });
  }
  specs.push({ name: 'dense/w', shape: [channels, shape.classes], init: 'glorot' });
  specs.push({ name: 'dense/b', shape: [shape.classes], init: 'zeros' });
  return { stem, stacks, convs, specs };
}

/** NB101's trainable_parameters of a cell's network (conv weights, BN scale and shift, dense), without building it. */
export function countParameters(graph: CellGraph, shape: NetworkShape): number {
  return planNetwork(graph, shape).specs.reduce((total, spec) => total + spec.shape.reduce((a, b) => a * b, 1), 0);
}

/**
 * A network for one cell. `forward` in training mode normalises with batch statistics and
 * reports them; in evaluation mode it uses the moving averages kept by `updateMovingStats`.
 */
export class Nb101Network {
  readonly params: ParamSet;
  readonly shape: NetworkShape;
  private readonly graph: CellGraph;
  private readonly plan: NetworkPlan;
  /** Moving averages per normalisation, in JavaScript: updating them as tensors took ~6 backend calls per layer and step. */
  private readonly moving = new Map<string, { mean: Float32Array; variance: Float32Array }>();

  constructor(graph: CellGraph, shape: NetworkShape, rng: Rng) {
    this.graph = graph;
    this.shape = shape;
    this.plan = planNetwork(graph, shape);
    this.params = ParamSet.init(this.plan.specs, rng);
    for (const conv of this.plan.convs) {
      this.moving.set(conv.name, { mean: new Float32Array(conv.outChannels), variance: new Float32Array(conv.outChannels).fill(1) });
    }
  }

  /** Trainable scalars, as NB101's trainable_parameters counts them (BN scale and shift included). */
  parameterCount(): number {
    return this.params.count();
  }

  private applyConvBn(x: tf.Tensor4D, conv: ConvBn, training: boolean, stats: Map<string, ops.BatchStats>): tf.Tensor4D {
    const w = this.params.get(`${conv.name}/w`) as tf.Tensor4D;
    const gamma = this.params.get(`${conv.name}/gamma`) as tf.Tensor1D;
    const beta = this.params.get(`${conv.name}/beta`) as tf.Tensor1D;
    // The stem reads the images, which need no gradient.
    const z = ops.conv2d(x, w, 1, { inputGradient: conv !== this.plan.stem });
    if (training) {
      const { y, stats: s } = ops.batchNormReluTrain(z, gamma, beta, BN_EPSILON);
      stats.set(conv.name, s);
      return y;
    }
    const m = this.moving.get(conv.name)!;
    return tf.relu(tf.batchNorm(z, tf.tensor1d(m.mean), tf.tensor1d(m.variance), beta, gamma, BN_EPSILON)) as tf.Tensor4D;
  }

  private cell(x: tf.Tensor4D, plan: CellPlan, training: boolean, stats: Map<string, ops.BatchStats>): tf.Tensor4D {
    const g = this.graph;
    const n = g.n;
    const values: tf.Tensor4D[] = [x];
    const toOutput: tf.Tensor4D[] = [];
    for (let v = 1; v < n - 1; v++) {
      const inputs: tf.Tensor4D[] = [];
      for (let u = 1; u < v; u++) if (hasEdge(g, u, v)) inputs.push(ops.truncateChannels(values[u]!, plan.channels[v]!));
      const projection = plan.projections[v];
      if (projection) inputs.push(this.applyConvBn(x, projection, training, stats));
      const summed = ops.addN(inputs);
      const conv = plan.vertexConvs[v];
      const value = conv ? this.applyConvBn(summed, conv, training, stats) : ops.maxPool(summed, 3, 1);
      values.push(value);
      if (hasEdge(g, v, n - 1)) toOutput.push(value);
    }
    const parts: tf.Tensor4D[] = [];
    if (toOutput.length > 0) parts.push(ops.concatChannels(toOutput));
    if (plan.outputProjection) parts.push(this.applyConvBn(x, plan.outputProjection, training, stats));
    return ops.addN(parts);
  }

  /** Images [N, H, W, C] → logits [N, classes]. Call inside tf.tidy (or a gradient function). */
  forward(images: tf.Tensor4D, training: boolean): ForwardResult {
    const stats = new Map<string, ops.BatchStats>();
    let x = this.applyConvBn(images, this.plan.stem, training, stats);
    for (const stack of this.plan.stacks) {
      if (stack.downsample) x = training ? ops.maxPool(x, 2, 2) : (tf.maxPool(x, 2, 2, 'same') as tf.Tensor4D);
      for (const plan of stack.cells) x = this.cell(x, plan, training, stats);
    }
    const pooled = training ? ops.globalAveragePool(x) : (tf.mean(x, [1, 2]) as tf.Tensor2D);
    const w = this.params.get('dense/w') as tf.Tensor2D;
    const b = this.params.get('dense/b') as tf.Tensor1D;
    const logits = training ? ops.dense(pooled, w, b) : (tf.add(tf.matMul(pooled, w), b) as tf.Tensor2D);
    return { logits, batchStats: stats };
  }

  /** A normalisation's moving averages (copies), e.g. 'stem'. */
  movingStats(name: string): { mean: Float32Array; variance: Float32Array } {
    const m = this.moving.get(name);
    if (!m) throw new RangeError(`the network has no normalisation named ${name}`);
    return { mean: m.mean.slice(), variance: m.variance.slice() };
  }

  /** moving ← momentum · moving + (1 − momentum) · batch, for every normalisation. */
  updateMovingStats(stats: Map<string, ops.BatchStats>, momentum: number): void {
    for (const [name, s] of stats) {
      const m = this.moving.get(name)!;
      const mean = s.mean.dataSync();
      const variance = s.variance.dataSync();
      for (let c = 0; c < m.mean.length; c++) {
        m.mean[c] = m.mean[c]! * momentum + mean[c]! * (1 - momentum);
        m.variance[c] = m.variance[c]! * momentum + variance[c]! * (1 - momentum);
      }
    }
  }

  dispose(): void {
    this.params.dispose();
    this.moving.clear();
  }
}
