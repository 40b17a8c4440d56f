/**
 * A seeded 2-D UMAP layout (umap-js, PAIR-code's port of McInnes et al.'s UMAP): every random
 * draw — the nearest-neighbour forest, the initial layout, the negative samples — comes from the
 * given seed, so the same vectors and options give the same map. The optimisation runs epoch by
 * epoch with a yield to the event loop every few epochs, so a process hosting it keeps answering
 * (heartbeats, progress) while it works.
 */
import { UMAP } from 'umap-js';
import { Rng } from '../rng.ts';

export interface UmapOptions {
  /** Neighbours per point in UMAP's graph (clamped to the number of points less one). */
  nNeighbors: number;
  /** Smallest distance between points in the layout. */
  minDist: number;
  /** Optimisation epochs. */
  epochs: number;
  seed: number;
}

/** Fewest points a layout is computed for: UMAP's neighbour graph needs a few. */
export const UMAP_MIN_POINTS = 4;

const EPOCHS_PER_YIELD = 10;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The layout of `vectors` (equal lengths) as [x, y] per vector; `onEpoch(done, total)` after each batch of epochs. */
export async function umapLayout(vectors: readonly ArrayLike<number>[], options: UmapOptions, onEpoch?: (done: number, total: number) => void): Promise<[number, number][]> {
  if (vectors.length < UMAP_MIN_POINTS) throw new Error(`a UMAP layout needs at least ${UMAP_MIN_POINTS} points, got ${vectors.length}`);
  const width = vectors[0]!.length;
  if (vectors.some((v) => v.length !== width)) throw new Error('UMAP vectors must all have the same length');
  const rng = new Rng(options.seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.max(2, Math.min(options.nNeighbors, vectors.length - 1)),
    minDist: options.minDist,
    nEpochs: options.epochs,
    random: () => rng.next(),
  });
  const total = umap.initializeFit(vectors.map((v) => Array.from(v)));
  await yieldToEventLoop();
  for (let epoch = 0; epoch < total; epoch++) {
    umap.step();
    if ((epoch + 1) % EPOCHS_PER_YIELD === 0 || epoch + 1 === total) {
      onEpoch?.(epoch + 1, total);
      await yieldToEventLoop();
    }
  }
  return umap.getEmbedding().map((p) => [p[0]!, p[1]!]);
}
