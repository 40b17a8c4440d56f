/**
 * Hyperparameter presets. The paper fixes d, N and α per benchmark; the rest follows the
 * Ape-X paper (Horgan et al. 2018): γ = 0.99, lr = 0.00025/4, U = 2500, B = 512, n = 3,
 * priority exponent 0.6, importance 0.4 → 1, gradient clipping 40, ε = 0.4, α_ε = 7.
 * Values neither paper states (depth, heads, FFN width, T, replay size, K, W) are
 * documented choices; `cpu-small` is sized for a 2-core machine.
 */
import type { AgentHyperparameters, AgentPresetName } from './contract.ts';

const APE_X: Omit<AgentHyperparameters, 'latentDim' | 'maxNeighbours' | 'rewardAlpha' | 'layers' | 'heads' | 'ffnDim' | 'episodeLength'> = {
  dropout: 0.1,
  rewardRepeat: 'sample',
  gamma: 0.99,
  nStep: 3,
  learningRate: 0.00025 / 4,
  batchSize: 512,
  targetUpdateInterval: 2500,
  replayCapacity: 2_000_000,
  replayWarmup: 50_000,
  priorityExponent: 0.6,
  importanceExponentStart: 0.4,
  importanceExponentEnd: 1,
  importanceAnnealSteps: 1_000_000,
  gradientClipNorm: 40,
  actors: 8,
  epsilonBase: 0.4,
  epsilonAlpha: 7,
  weightSyncInterval: 400,
  replayRatio: 4,
};

export const AGENT_PRESETS: Record<AgentPresetName, AgentHyperparameters> = {
  'paper-nb101': { ...APE_X, latentDim: 256, maxNeighbours: 25, rewardAlpha: 6, layers: 4, heads: 8, ffnDim: 1024, episodeLength: 50 },
  'paper-nb301': { ...APE_X, latentDim: 512, maxNeighbours: 100, rewardAlpha: 32, layers: 4, heads: 8, ffnDim: 2048, episodeLength: 50 },
  'cpu-small': {
    ...APE_X,
    latentDim: 32,
    layers: 1,
    heads: 2,
    ffnDim: 64,
    dropout: 0,
    maxNeighbours: 24,
    episodeLength: 25,
    rewardAlpha: 6,
    learningRate: 0.0005,
    batchSize: 64,
    targetUpdateInterval: 250,
    replayCapacity: 100_000,
    replayWarmup: 1000,
    importanceAnnealSteps: 20_000,
    actors: 2,
    weightSyncInterval: 100,
    replayRatio: 4,
  },
};
