/**
 * A trained agent's latent map: the network's latent of a few thousand architectures of a
 * benchmark (each shown with neighbours drawn as in a walk), laid out in 2-D by UMAP, each with
 * its validation accuracy, and the agent's own search trajectories as paths through the same
 * layout. Trajectory cells are laid out together with the sample (not projected afterwards), so
 * every drawn step sits exactly where UMAP put that cell. Deterministic for given parameters:
 * the sample, each cell's drawn neighbours and the layout all come from the seed.
 */
import { drawAtMost } from '../agent/environment.ts';
import { pearson } from '../benchmarks/nb301/agreement.ts';
import type { AgentState } from '../agent/policy.ts';
import { Rng } from '../rng.ts';
import type { SearchSpace } from '../spaces/types.ts';
import type { AccuracyOracle } from './oracle.ts';
import { umapLayout, UMAP_MIN_POINTS } from './umap-layout.ts';

export interface AgentMapParams {
  /** Architectures sampled (distinct; all of them when the benchmark has fewer). */
  samples: number;
  /** At most this many of the agent's search runs are drawn (the first by run id). */
  runs: number;
  /** UMAP: neighbours per point, smallest distance, epochs. */
  nNeighbors: number;
  minDist: number;
  epochs: number;
  seed: number;
}

export const DEFAULT_AGENT_MAP_PARAMS: AgentMapParams = {
  samples: 3_000,
  runs: 5,
  nNeighbors: 15,
  minDist: 0.1,
  epochs: 200,
  seed: 0,
};

/** One laid-out cell: its hash, where it is, its validation accuracy (null where the benchmark holds none), whether it was sampled (or only visited by a trajectory). */
export interface MapPoint {
  hash: string;
  x: number;
  y: number;
  valid: number | null;
  sampled: boolean;
}

/** One search run's walk: the indices into `points` of the cells it evaluated, in order. */
export interface MapTrajectory {
  runId: number;
  seed: number;
  cells: number[];
}

export interface AgentMap {
  params: AgentMapParams;
  latentDim: number;
  points: MapPoint[];
  trajectories: MapTrajectory[];
  /**
   * How well the map orders accuracy: Pearson's r between each sampled cell's validation accuracy
   * and the mean accuracy of its MAP_NEIGHBOURS nearest sampled cells in the layout (1: the map
   * places cells beside cells as good; 0: accuracy is scattered over it); null when undefined.
   */
  neighbourAgreement: number | null;
  /** Seconds each part took. */
  seconds: { sample: number; embed: number; layout: number };
}

/** What the map asks of a trained agent: its latent of each state, and how many neighbours it is shown. */
export interface LatentSource {
  readonly latentDim: number;
  readonly hyper: { readonly maxNeighbours: number };
  latents<A>(space: SearchSpace<A>, states: readonly AgentState<A>[]): Float32Array;
}

export interface TrajectoryInput<A> {
  runId: number;
  seed: number;
  /** The cells the run evaluated, in order. */
  archs: readonly A[];
}

export interface AgentMapInput<A> {
  oracle: AccuracyOracle<A>;
  agent: LatentSource;
  trajectories: readonly TrajectoryInput<A>[];
  /** How many distinct cells the benchmark has (a table's size); absent when unbounded (a surrogate). */
  cells?: number;
}

export type AgentMapProgress = (phase: string, done: number, total: number) => void;

/** Draws without a new cell before the sample gives up (a space smaller than asked). */
const STALE_DRAWS = 2_000;
const EMBED_BATCH = 256;

/** `samples` distinct architectures drawn uniformly (fewer when the space runs out). */
export function sampleDistinct<A>(oracle: AccuracyOracle<A>, samples: number, rng: Rng, cells?: number): A[] {
  const want = cells === undefined ? samples : Math.min(samples, cells);
  const seen = new Set<string>();
  const out: A[] = [];
  let stale = 0;
  while (out.length < want && stale < STALE_DRAWS) {
    const arch = oracle.sample(rng);
    const hash = oracle.space.hash(arch);
    if (seen.has(hash)) {
      stale++;
      continue;
    }
    stale = 0;
    seen.add(hash);
    out.push(arch);
  }
  return out;
}

/** A cell's own generator: its drawn neighbours depend on the seed and the cell, not on where it comes in the list. */
function cellRng(seed: number, hash: string): Rng {
  let h = seed >>> 0 ^ 0x811c9dc5;
  for (let i = 0; i < hash.length; i++) h = Math.imul(h ^ hash.charCodeAt(i), 0x01000193) >>> 0;
  return new Rng(h);
}

/**
 * The latent of each architecture, [n × latentDim]: the architecture with up to N of its
 * paper-rules neighbours (N as the agent was trained), drawn by the cell's own generator.
 */
export function embedArchitectures<A>(agent: LatentSource, space: SearchSpace<A>, archs: readonly A[], seed: number, onProgress?: (done: number, total: number) => void): Float32Array {
  const out = new Float32Array(archs.length * agent.latentDim);
  for (let start = 0; start < archs.length; start += EMBED_BATCH) {
    const chunk = archs.slice(start, start + EMBED_BATCH);
    const states = chunk.map((arch) => ({ current: arch, candidates: drawAtMost(space.neighbours(arch, 'paper').map((n) => n.arch), agent.hyper.maxNeighbours, cellRng(seed, space.hash(arch))) }));
    out.set(agent.latents(space, states), start * agent.latentDim);
    onProgress?.(Math.min(start + EMBED_BATCH, archs.length), archs.length);
  }
  return out;
}

/** Neighbours in the layout whose accuracy `neighbourAgreement` compares a cell's with. */
export const MAP_NEIGHBOURS = 10;

/** Pearson's r between each point's value and the mean value of its k nearest points (2-D distance); points with a null value are left out. */
export function neighbourAgreement(points: readonly { x: number; y: number; valid: number | null }[], k = MAP_NEIGHBOURS): number | null {
  const known = points.filter((p): p is { x: number; y: number; valid: number } => p.valid !== null);
  if (known.length <= k) return null;
  const own: number[] = [];
  const around: number[] = [];
  // The k nearest so far, nearest first (insertion into a short sorted list: n² · k at worst, no sort per point).
  const best = new Float64Array(k);
  const bestValue = new Float64Array(k);
  for (let i = 0; i < known.length; i++) {
    const p = known[i]!;
    best.fill(Infinity);
    for (let j = 0; j < known.length; j++) {
      if (j === i) continue;
      const q = known[j]!;
      const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
      if (d >= best[k - 1]!) continue;
      let at = k - 1;
      while (at > 0 && best[at - 1]! > d) {
        best[at] = best[at - 1]!;
        bestValue[at] = bestValue[at - 1]!;
        at--;
      }
      best[at] = d;
      bestValue[at] = q.valid;
    }
    own.push(p.valid);
    around.push(bestValue.reduce((s, v) => s + v, 0) / k);
  }
  const r = pearson(own, around);
  return Number.isFinite(r) ? r : null; // constant accuracy: undefined
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

export async function computeAgentMap<A>(input: AgentMapInput<A>, params: AgentMapParams, onProgress: AgentMapProgress = () => {}): Promise<AgentMap> {
  const { oracle, agent } = input;
  const space = oracle.space;
  let started = performance.now();
  onProgress('sampling architectures', 0, params.samples);
  const sampled = sampleDistinct(oracle, params.samples, new Rng(params.seed), input.cells);
  const archs = [...sampled];
  const index = new Map<string, number>(sampled.map((arch, i) => [space.hash(arch), i]));
  const trajectories: MapTrajectory[] = input.trajectories.slice(0, params.runs).map((t) => ({
    runId: t.runId,
    seed: t.seed,
    cells: t.archs.map((arch) => {
      const hash = space.hash(arch);
      let at = index.get(hash);
      if (at === undefined) {
        at = archs.length;
        index.set(hash, at);
        archs.push(arch);
      }
      return at;
    }),
  }));
  if (archs.length < UMAP_MIN_POINTS) throw new Error(`the map needs at least ${UMAP_MIN_POINTS} architectures; the benchmark gave ${archs.length}`);
  const valid = await oracle.valid(archs);
  onProgress('sampling architectures', params.samples, params.samples);
  const sampleSeconds = seconds(started);

  started = performance.now();
  const latents = embedArchitectures(agent, space, archs, params.seed, (done, total) => onProgress('embedding', done, total));
  const d = agent.latentDim;
  const vectors = archs.map((_, i) => latents.subarray(i * d, (i + 1) * d));
  const embedSeconds = seconds(started);

  started = performance.now();
  onProgress('UMAP layout', 0, params.epochs);
  const layout = await umapLayout(vectors, { nNeighbors: params.nNeighbors, minDist: params.minDist, epochs: params.epochs, seed: params.seed }, (done, total) => onProgress('UMAP layout', done, total));
  const points = archs.map((arch, i) => ({ hash: space.hash(arch), x: layout[i]![0], y: layout[i]![1], valid: valid[i] ?? null, sampled: i < sampled.length }));
  return { params, latentDim: d, points, trajectories, neighbourAgreement: neighbourAgreement(points.filter((p) => p.sampled)), seconds: { sample: sampleSeconds, embed: embedSeconds, layout: seconds(started) } };
}
