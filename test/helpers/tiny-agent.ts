/**
 * A tiny agent trained on the shipped NB201 table and evaluated there as a searcher, as one
 * one-point sweep (seconds of training): what the agent-map tests need, an agent with search runs.
 */
export function tinyAgentWithSearches(options: { name: string; learnerSteps: number; budget: number; seeds: number }): string {
  return [
    'kind: train-agent',
    `name: ${options.name}`,
    'benchmark: nb201-cifar10',
    'seeds: [0]',
    'agent:',
    `  name: ${options.name}`,
    '  preset: cpu-small',
    '  hyper: { latentDim: 16, layers: 1, heads: 2, ffnDim: 32, maxNeighbours: 8, episodeLength: 6, batchSize: 16, replayWarmup: 64, actors: 2 }',
    `  budget: { learnerSteps: ${options.learnerSteps}, minutes: 2 }`,
    'sweep:',
    '  grid: { rewardAlpha: [10] }',
    `  evaluate: { budget: ${options.budget}, seeds: ${options.seeds}, baselines: [] }`,
  ].join('\n');
}
