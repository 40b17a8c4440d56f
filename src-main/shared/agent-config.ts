/**
 * The `agent` block of a train-agent experiment (the `agent` searcher's parameters are with the
 * other searchers' in searcher-specs.ts).
 * Hyperparameter overrides are checked here (shared with the renderer's form); the presets
 * they override are data beside this (agent-presets.ts). The agent library declares the
 * hyperparameters it consumes in its own contract (nas/agent/contract.ts); the run process
 * hands these over, so the compiler checks there that the two agree.
 */
import { AGENT_PRESET_NAMES, type AgentPresetName } from './agent-presets.ts';
import { checkField, checkObject, isPlainObject, type ObjectSpec, type ValidationIssue } from './schema.ts';

export { AGENT_PRESET_NAMES, type AgentPresetName };

const int = (doc: string, min: number, max: number) => ({ type: 'integer' as const, min, max, doc });
const num = (doc: string, min: number, max: number) => ({ type: 'number' as const, min, max, doc });

/** Every hyperparameter, overridable one by one; bounds keep a typo from queueing a week-long run. */
export const AGENT_HYPER_SPEC = {
  latentDim: int('latent size d of the token projection', 4, 4096),
  layers: int('transformer encoder layers L', 1, 48),
  heads: int('attention heads h (must divide latentDim)', 1, 64),
  ffnDim: int('feed-forward width of each encoder layer', 4, 16384),
  dropout: num('dropout rate', 0, 0.9),
  maxNeighbours: int('N: neighbours drawn per step (the action set)', 1, 1000),
  episodeLength: int('T: steps before an episode is cut (a time limit, not a terminal state)', 1, 100000),
  rewardAlpha: num('α of the shaped reward e^(α(acc′−1)) − e^(α(acc−1))', 0, 1000),
  rewardRepeat: { type: 'enum', values: ['sample', 'mean'] as const, doc: 'validation accuracy in the reward: one sampled training repeat, or their mean' },
  gamma: num('discount γ', 0, 1),
  nStep: int('n of the n-step returns', 1, 100),
  learningRate: num('Adam learning rate', 1e-8, 1),
  batchSize: int('learner batch size B', 1, 65536),
  targetUpdateInterval: int('U: learner steps between target-network updates', 1, 10_000_000),
  replayCapacity: int('prioritized replay capacity (transitions)', 16, 100_000_000),
  replayWarmup: int('transitions in replay before learning starts', 1, 100_000_000),
  priorityExponent: num('priority exponent', 0, 1),
  importanceExponentStart: num('importance-sampling exponent at the start', 0, 1),
  importanceExponentEnd: num('importance-sampling exponent at the end of annealing', 0, 1),
  importanceAnnealSteps: int('learner steps over which the importance exponent anneals', 1, 1_000_000_000),
  gradientClipNorm: num('gradient-norm clipping', 0, 1e6),
  actors: int('K: parallel actors', 1, 256),
  epsilonBase: num('ε of the Ape-X actor schedule ε_i = ε^(1 + α_ε·i/(K−1))', 0, 1),
  epsilonAlpha: num('α_ε of the actor exploration schedule', 0, 100),
  weightSyncInterval: int('W: actor steps between weight refreshes', 1, 10_000_000),
  replayRatio: num('target learner samples per environment transition (the faster side waits)', 0, 10000),
} as const satisfies ObjectSpec;

/** A value the spec admits: one of an enum's values, or a number. */
type SpecValue<F> = F extends { type: 'enum'; values: readonly (infer V)[] } ? V : number;

/** Every hyperparameter of the agent, as the spec above defines them (the single source). */
export type AgentHyperparameters = { -readonly [K in keyof typeof AGENT_HYPER_SPEC]: SpecValue<(typeof AGENT_HYPER_SPEC)[K]> };

/** When training stops: whichever of these comes first (at least one is set). */
export interface TrainBudget {
  envSteps?: number;
  learnerSteps?: number;
  seconds?: number;
}

/** When training stops, as a config writes it (minutes; the run config holds seconds). */
export const TRAINING_BUDGET_SPEC = {
  minutes: num('stop after this many minutes of training', 0.01, 60 * 24 * 60),
  envSteps: int('stop after this many environment steps (all actors)', 1, 1e12),
  learnerSteps: int('stop after this many learner updates', 1, 1e12),
} as const satisfies ObjectSpec;

const AGENT_SPEC: ObjectSpec = {
  name: { type: 'string', required: true, minLength: 1, maxLength: 64, doc: 'the name the trained agent is registered under (searchers name it in `checkpoint`)' },
  preset: { type: 'enum', values: AGENT_PRESET_NAMES, default: 'cpu-small', doc: 'hyperparameter preset that `hyper` overrides' },
  checkpointEverySeconds: int('seconds between checkpoints', 5, 86400),
};

export interface AgentTrainingSpec {
  name: string;
  preset: AgentPresetName;
  /** Only the overridden values; the services resolve them against the preset. */
  overrides: Partial<AgentHyperparameters>;
  budget: TrainBudget;
  checkpointEverySeconds: number;
}

export const AGENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkAgentBlock(value: unknown, issues: ValidationIssue[]): AgentTrainingSpec | null {
  const base = checkObject('agent', AGENT_SPEC, value, issues, ['hyper', 'budget']);
  if (!isPlainObject(value)) return null;
  if (typeof base.name === 'string' && !AGENT_NAME_PATTERN.test(base.name)) {
    issues.push({ path: 'agent.name', message: `agent.name "${base.name}" is not allowed: use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit` });
  }
  const overrides = value.hyper === undefined ? {} : checkObject('agent.hyper', AGENT_HYPER_SPEC, value.hyper, issues);
  const rawBudget = checkObject('agent.budget', TRAINING_BUDGET_SPEC, value.budget ?? {}, issues);
  const budget: TrainBudget = {};
  if (typeof rawBudget.minutes === 'number') budget.seconds = rawBudget.minutes * 60;
  if (typeof rawBudget.envSteps === 'number') budget.envSteps = rawBudget.envSteps;
  if (typeof rawBudget.learnerSteps === 'number') budget.learnerSteps = rawBudget.learnerSteps;
  if (Object.keys(budget).length === 0) {
    issues.push({ path: 'agent.budget', message: 'agent.budget needs at least one of minutes, envSteps, learnerSteps (training stops at whichever comes first)' });
  }
  return {
    name: base.name as string,
    preset: (base.preset as AgentPresetName) ?? 'cpu-small',
    overrides: overrides as Partial<AgentHyperparameters>,
    budget,
    checkpointEverySeconds: (base.checkpointEverySeconds as number | undefined) ?? 60,
  };
}

