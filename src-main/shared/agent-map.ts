/**
 * A trained agent's latent map as the Api carries it (the library computes it:
 * nas/analysis/agent-map.ts; the map process makes the compiler check that the two shapes
 * agree, and test/unit/layer-twins.test.ts that the defaults do).
 */

export interface AgentMapParams {
  /** Architectures sampled (distinct; all of them when the benchmark has fewer). */
  samples: number;
  /** At most this many of the agent's search runs on its training benchmark are drawn (the first by run id). */
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

/** What a request may ask for (the Api's parameter table and the CLI's flags use these bounds). */
export const AGENT_MAP_LIMITS = {
  samples: { min: 10, max: 20_000 },
  runs: { min: 0, max: 50 },
  nNeighbors: { min: 2, max: 100 },
  minDist: { min: 0, max: 1 },
  epochs: { min: 10, max: 2_000 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

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

/** The Api's answer: the map, and what it was computed from. */
export interface AgentMapResult {
  agent: { id: number; name: string };
  /** The agent's training benchmark the map samples, and its content checksum. */
  benchmark: string;
  contentSha256: string;
  /** Served from the store without computing. */
  cached: boolean;
  computedAt: string;
  map: AgentMap;
}

/** A request's parameters over the defaults; every given field replaces the default. */
export function resolveAgentMapParams(given: Partial<AgentMapParams> = {}): AgentMapParams {
  const out: AgentMapParams = { ...DEFAULT_AGENT_MAP_PARAMS };
  for (const key of Object.keys(DEFAULT_AGENT_MAP_PARAMS) as (keyof AgentMapParams)[]) {
    const value = given[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}
