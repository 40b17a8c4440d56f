/**
 * How many neighbours architectures have under each rule set: a constant for NB201 (24) and
 * NB301 (120 under archwalk's rules), a spread for NB101, whose edits are constrained by the
 * graph (edge limit, connectivity, isomorphic duplicates removed).
 */
import type { NeighbourRules } from '../spaces/types.ts';
import { countValues, sampleStats, type SampleStats } from './histogram.ts';
import type { ProgressSink } from './progress.ts';
import type { SearchSpace } from '../spaces/types.ts';

export interface NeighbourhoodSizes {
  rules: NeighbourRules;
  /** Each size that occurred and how many sampled architectures had it. */
  counts: { value: number; count: number }[];
  stats: SampleStats;
}

export function neighbourhoodSizes<A>(space: SearchSpace<A>, archs: readonly A[], rules: NeighbourRules, progress: ProgressSink): NeighbourhoodSizes {
  const sizes: number[] = [];
  for (let i = 0; i < archs.length; i++) {
    sizes.push(space.neighbours(archs[i]!, rules).length);
    if ((i + 1) % 250 === 0 || i + 1 === archs.length) progress(i + 1, archs.length);
  }
  return { rules, counts: countValues(sizes), stats: sampleStats(sizes) };
}
