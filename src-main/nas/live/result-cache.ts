/**
 * What a live benchmark needs from a cache of its trained results: one result per (recipe key,
 * cell hash, seed), written once the training finished (an interrupted training leaves nothing
 * behind and is simply trained again). The library only declares it; the app's implementation
 * keeps the results in its store (services/live-result-store.ts), tests may keep them in memory.
 */
import type { Nb101Cell } from '../spaces/nb101/matrix.ts';
import type { TrainOutcome } from './train.ts';

export interface CachedResult {
  outcome: TrainOutcome;
  backend: string;
}

export interface LiveResultCache {
  get(recipeKey: string, hash: string, seed: number): CachedResult | null;
  /**
   * Stores a result and returns the one the cache holds. First write wins: when two runs
   * trained the same cell concurrently, both continue with the earlier result, so any later
   * replay of either run sees the same numbers.
   */
  put(recipeKey: string, hash: string, seed: number, cell: Nb101Cell, outcome: TrainOutcome, backend: string): CachedResult;
  close(): void;
}

/** Opens the cache a benchmark handle names (its `cachePath`: for the app, the store's file). */
export type OpenLiveResultCache = (cachePath: string) => LiveResultCache;
