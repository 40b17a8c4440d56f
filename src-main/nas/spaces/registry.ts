/**
 * The search spaces by the names benchmarks record (shared/benchmark-kinds.ts `space`), for
 * callers that know a benchmark's space but not its data: config validation asks what a
 * space offers (a predictor encoding for BANANAS) before any benchmark is opened.
 */
import { nb101Space } from './nb101/space.ts';
import { nb201Space } from './nb201/space.ts';
import { nb301Space } from './nb301/space.ts';
import type { SearchSpace } from './types.ts';

export const SPACES: Readonly<Record<'nb101' | 'nb201' | 'nb301', SearchSpace<never>>> = {
  nb101: nb101Space as unknown as SearchSpace<never>,
  nb201: nb201Space as unknown as SearchSpace<never>,
  nb301: nb301Space as unknown as SearchSpace<never>,
};

/** The space of that name, or null for a name no space has. */
export function spaceNamed(name: string): SearchSpace<never> | null {
  return Object.hasOwn(SPACES, name) ? SPACES[name as keyof typeof SPACES] : null;
}
