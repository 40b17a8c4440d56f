/**
 * The cells an agent's training queried, per training benchmark: a JSON file beside the
 * agent's checkpoint, written by the training run and read for the top-1 % coverage.
 */
export const VISITED_FORMAT = 'archwalk-agent-visited';

export interface VisitedFile {
  format: typeof VISITED_FORMAT;
  version: 1;
  /** Cell hashes by benchmark name. */
  benchmarks: Record<string, string[]>;
}

export function visitedPathFor(checkpointPath: string): string {
  return `${checkpointPath}.visited.json`;
}
