/**
 * Where a training run starts: from its checkpoint (every counter, the learner, the replay
 * buffer, the RNG states and the cells already queried) when it resumes, otherwise fresh from
 * the seed. A checkpoint of another space or network shape is refused with the reason.
 */
import { existsSync } from 'node:fs';
import { Rng } from '../rng.ts';
import { actorRngs, actorRngsFromState } from './actors.ts';
import { readCheckpoint, removeStaleCheckpointTemps, type CheckpointData } from './checkpoint.ts';
import type { AgentHyperparameters, TrainAgentOptions, TrainCounters } from './contract.ts';
import type { QueryLog } from './environment.ts';
import { Learner } from './learner.ts';
import { PrioritizedReplay } from './replay.ts';

/** What the training loop owns and a checkpoint restores. */
export interface TrainingState {
  counters: TrainCounters;
  learnerRng: Rng;
  /** One environment and one policy generator per actor. */
  rngPairs: { env: Rng; policy: Rng }[];
  learner: Learner;
  replay: PrioritizedReplay;
}

/** The hyperparameters that shape the network: a checkpoint resumes only with the same ones. */
const SHAPE_KEYS = ['latentDim', 'layers', 'heads', 'ffnDim', 'maxNeighbours'] as const;

function shapeMismatch(saved: AgentHyperparameters, wanted: AgentHyperparameters): string[] {
  return SHAPE_KEYS.filter((k) => saved[k] !== wanted[k]).map((k) => `${k} ${saved[k]} (checkpoint) vs ${wanted[k]} (config)`);
}

type StartOptions = Pick<TrainAgentOptions<unknown>, 'space' | 'hyper' | 'seed' | 'checkpointPath' | 'resume' | 'onLog'>;

function emptyReplay(hyper: AgentHyperparameters, encodingSize: number): PrioritizedReplay {
  return new PrioritizedReplay({ capacity: hyper.replayCapacity, maxNeighbours: hyper.maxNeighbours, encodingSize, priorityExponent: hyper.priorityExponent });
}

/** Resumes from the checkpoint when asked and it exists, else starts fresh; fills `queries` with what the checkpoint had queried. */
export function startTraining(options: StartOptions, queries: QueryLog): TrainingState {
  if (removeStaleCheckpointTemps(options.checkpointPath) > 0) options.onLog('info', 'removed a partial checkpoint left by an interrupted write');
  if (options.resume && existsSync(options.checkpointPath)) return resumeTraining(options, readCheckpoint(options.checkpointPath), queries);
  const { hyper, space } = options;
  const root = new Rng(options.seed);
  const learnerRng = root.fork();
  const learner = new Learner(hyper, space.encodingSize, root.fork());
  const rngPairs = actorRngs(hyper.actors, root);
  const counters: TrainCounters = { envSteps: 0, learnerSteps: 0, episodes: 0, queries: 0, bestValid: 0, bestTest: 0, bestHash: null, elapsedSeconds: 0 };
  return { counters, learnerRng, rngPairs, learner, replay: emptyReplay(hyper, space.encodingSize) };
}

function resumeTraining(options: StartOptions, saved: CheckpointData, queries: QueryLog): TrainingState {
  const { hyper, space, checkpointPath } = options;
  const encodingSize = space.encodingSize;
  if (saved.spaceName !== space.name) throw new Error(`checkpoint ${checkpointPath} belongs to space ${saved.spaceName}, not ${space.name}`);
  if (saved.encodingSize !== encodingSize) throw new Error(`checkpoint ${checkpointPath} has encoding size ${saved.encodingSize}; ${space.name} encodes ${encodingSize}`);
  const mismatch = shapeMismatch(saved.hyper, hyper);
  if (mismatch.length > 0) throw new Error(`cannot resume ${checkpointPath} with a different network: ${mismatch.join(', ')}`);
  if (saved.actors.envRngs.length !== hyper.actors) throw new Error(`cannot resume ${checkpointPath}: it ran ${saved.actors.envRngs.length} actors, the config asks for ${hyper.actors}`);
  const learnerRng = new Rng(saved.learnerRng);
  const learner = new Learner(hyper, encodingSize, new Rng(0));
  learner.load(saved.learner);
  let replay: PrioritizedReplay;
  if (saved.replay && saved.replay.capacity === hyper.replayCapacity && saved.replay.priorityExponent === hyper.priorityExponent) {
    replay = PrioritizedReplay.restore(saved.replay);
  } else {
    options.onLog('warn', 'the checkpoint holds no compatible replay buffer (capacity or priority exponent changed); starting with an empty one');
    replay = emptyReplay(hyper, encodingSize);
  }
  const counters = { ...saved.counters };
  restoreQueries(saved, queries);
  options.onLog('info', `resumed from ${checkpointPath}: ${counters.envSteps} environment steps, ${counters.learnerSteps} learner steps, replay ${replay.size}`);
  return { counters, learnerRng, rngPairs: actorRngsFromState(saved.actors), learner, replay };
}

function restoreQueries(saved: CheckpointData, queries: QueryLog): void {
  // Checkpoints from before per-benchmark records hold one benchmark's hashes.
  const visited = saved.visited ?? { [saved.benchmarkName]: saved.queryHashes };
  for (const [name, hashes] of Object.entries(visited)) {
    const seen = new Set(hashes);
    queries.byBenchmark.set(name, seen);
    for (const h of seen) queries.hashes.add(h);
  }
  if (saved.counters.bestHash !== null) {
    queries.bestValid = saved.counters.bestValid;
    queries.bestTest = saved.counters.bestTest;
    queries.bestHash = saved.counters.bestHash;
  }
}
