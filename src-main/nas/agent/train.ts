/**
 * trainAgent: Ape-X training of the transformer Q-network on a benchmark.
 *
 * The learner runs in the calling thread. Actors run in worker threads in parallel with
 * it when the caller says how a worker builds the benchmark (`actorWorkerBenchmark`) and
 * the machine has a core to spare; otherwise they run in this thread, interleaved with
 * the learner (deterministic for a seed — what tests use). Either way a replay-ratio
 * control keeps (learner samples) / (environment transitions) at `replayRatio`: the
 * learner waits for data, and actors wait (their step allowance is not raised) when they
 * run ahead.
 *
 * Metrics stream every few seconds, checkpoints are written atomically every
 * `checkpointEverySeconds` and at the end, and a resumed run continues every counter.
 * Episodes in progress are not checkpointed: after a resume every actor starts a new one.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { selectBackend } from '../ml/backend.ts';
import { Rng } from '../rng.ts';
import type { ActorGroupState, ActorStepOutput, EpisodeSummary } from './actors.ts';
import { ActorGroup, actorEpsilon, actorRngs, actorRngsFromState } from './actors.ts';
import { ActorWorkerClient } from './actor-client.ts';
import { readCheckpoint, removeStaleCheckpointTemps, writeCheckpoint, type CheckpointData } from './checkpoint.ts';
import type { AgentHyperparameters, TrainAgentOptions, TrainAgentResult, TrainCounters } from './contract.ts';
import { QueryLog } from './environment.ts';
import { Learner, networkShape, type LearnerStats } from './learner.ts';
import type { EmittedTransition } from './n-step.ts';
import { checkHyperparameters } from './check-hyperparameters.ts';
import { PrioritizedReplay } from './replay.ts';

/** Kept for callers that imported it: the optional knobs now live in TrainAgentOptions. */
export type TrainAgentExtras = Pick<TrainAgentOptions<unknown>, 'actorWorkerBenchmark' | 'actorThreads' | 'actorWorkerUrl' | 'metricsEverySeconds'>;

/** A URL, a URL string, or a file path. */
function toUrl(value: string | URL): URL {
  if (value instanceof URL) return value;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : pathToFileURL(value);
}

const SHAPE_KEYS = ['latentDim', 'layers', 'heads', 'ffnDim', 'maxNeighbours'] as const;

interface Aggregate {
  loss: number;
  meanQ: number;
  td: number;
  gradNorm: number;
  beta: number;
  updates: number;
  episodeReturn: number;
  episodeFinalValid: number;
  episodes: number;
}

function emptyAggregate(): Aggregate {
  return { loss: 0, meanQ: 0, td: 0, gradNorm: 0, beta: 0, updates: 0, episodeReturn: 0, episodeFinalValid: 0, episodes: 0 };
}

function checkBudget(budget: TrainAgentOptions<unknown>['budget']): void {
  const { envSteps, learnerSteps, seconds } = budget;
  if (envSteps === undefined && learnerSteps === undefined && seconds === undefined) {
    throw new Error('training budget needs at least one of envSteps, learnerSteps, seconds');
  }
}

function shapeMismatch(saved: AgentHyperparameters, wanted: AgentHyperparameters): string[] {
  return SHAPE_KEYS.filter((k) => saved[k] !== wanted[k]).map((k) => `${k} ${saved[k]} (checkpoint) vs ${wanted[k]} (config)`);
}

export async function trainAgent<A>(options: TrainAgentOptions<A>): Promise<TrainAgentResult> {
  const { space, benchmark, hyper, budget, control } = options;
  const benchmarks = options.benchmarks && options.benchmarks.length > 0 ? options.benchmarks : [benchmark];
  checkHyperparameters(hyper);
  checkBudget(budget);
  const backend = await selectBackend();
  for (const warning of backend.warnings) options.onLog('warn', warning);
  options.onLog('info', `ML backend: ${backend.description}`);

  const encodingSize = space.encodingSize;
  const queries = new QueryLog();
  let counters: TrainCounters = { envSteps: 0, learnerSteps: 0, episodes: 0, queries: 0, bestValid: 0, bestTest: 0, bestHash: null, elapsedSeconds: 0 };
  let learnerRng: Rng;
  let rngPairs: { env: Rng; policy: Rng }[];
  let learner: Learner;
  let replay: PrioritizedReplay;

  if (removeStaleCheckpointTemps(options.checkpointPath) > 0) options.onLog('info', 'removed a partial checkpoint left by an interrupted write');
  const resuming = options.resume && existsSync(options.checkpointPath);
  if (resuming) {
    const saved = readCheckpoint(options.checkpointPath);
    if (saved.spaceName !== space.name) throw new Error(`checkpoint ${options.checkpointPath} belongs to space ${saved.spaceName}, not ${space.name}`);
    if (saved.encodingSize !== encodingSize) throw new Error(`checkpoint ${options.checkpointPath} has encoding size ${saved.encodingSize}; ${space.name} encodes ${encodingSize}`);
    const mismatch = shapeMismatch(saved.hyper, hyper);
    if (mismatch.length > 0) throw new Error(`cannot resume ${options.checkpointPath} with a different network: ${mismatch.join(', ')}`);
    if (saved.actors.envRngs.length !== hyper.actors) throw new Error(`cannot resume ${options.checkpointPath}: it ran ${saved.actors.envRngs.length} actors, the config asks for ${hyper.actors}`);
    learnerRng = new Rng(saved.learnerRng);
    learner = new Learner(hyper, encodingSize, new Rng(0));
    learner.load(saved.learner);
    if (saved.replay && saved.replay.capacity === hyper.replayCapacity && saved.replay.priorityExponent === hyper.priorityExponent) {
      replay = PrioritizedReplay.restore(saved.replay);
    } else {
      options.onLog('warn', 'the checkpoint holds no compatible replay buffer (capacity or priority exponent changed); starting with an empty one');
      replay = new PrioritizedReplay({ capacity: hyper.replayCapacity, maxNeighbours: hyper.maxNeighbours, encodingSize, priorityExponent: hyper.priorityExponent });
    }
    rngPairs = actorRngsFromState(saved.actors);
    counters = { ...saved.counters };
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
    options.onLog('info', `resumed from ${options.checkpointPath}: ${counters.envSteps} environment steps, ${counters.learnerSteps} learner steps, replay ${replay.size}`);
  } else {
    const root = new Rng(options.seed);
    learnerRng = root.fork();
    learner = new Learner(hyper, encodingSize, root.fork());
    rngPairs = actorRngs(hyper.actors, root);
    replay = new PrioritizedReplay({ capacity: hyper.replayCapacity, maxNeighbours: hyper.maxNeighbours, encodingSize, priorityExponent: hyper.priorityExponent });
  }
  options.onLog('info', `Q-network: ${learner.online.params.count()} parameters (${JSON.stringify(networkShape(hyper, encodingSize))})`);
  options.onLog('info', learner.memoryPlan.description);

  const epsilons = Array.from({ length: hyper.actors }, (_, i) => actorEpsilon(i, hyper.actors, hyper.epsilonBase, hyper.epsilonAlpha));
  const meanEpsilon = epsilons.reduce((a, b) => a + b, 0) / epsilons.length;
  const startedAt = performance.now();
  const elapsedBefore = counters.elapsedSeconds;
  const elapsed = (): number => elapsedBefore + (performance.now() - startedAt) / 1000;
  const metricsEvery = (options.metricsEverySeconds ?? 2) * 1000;

  let aggregate = emptyAggregate();
  let lastMetrics = performance.now();
  let lastMetricEnv = counters.envSteps;
  let lastMetricLearner = counters.learnerSteps;
  let lastCheckpoint = performance.now();

  const syncCounters = (): void => {
    counters.queries = queries.size;
    if (queries.bestHash !== null) {
      counters.bestValid = queries.bestValid;
      counters.bestTest = queries.bestTest;
      counters.bestHash = queries.bestHash;
    }
    counters.elapsedSeconds = elapsed();
  };

  const ingestTransitions = (transitions: readonly EmittedTransition[]): void => {
    for (const e of transitions) replay.add(e.transition, e.priority);
  };
  const ingestEpisodes = (episodes: readonly EpisodeSummary[]): void => {
    for (const ep of episodes) {
      counters.episodes += 1;
      aggregate.episodes += 1;
      aggregate.episodeReturn += ep.return;
      aggregate.episodeFinalValid += ep.finalValid;
    }
  };

  // The replay-ratio control counts this session only: transitions restored from a
  // checkpoint are credit the learner may use, learner steps of earlier sessions are not
  // debt (a resumed run with a fresh replay would otherwise wait a whole run's worth).
  const sessionLearnerStart = counters.learnerSteps;
  const restoredAtStart = replay.size;
  const sessionAddedStart = replay.added - restoredAtStart;
  const sessionSamples = (): number => (counters.learnerSteps - sessionLearnerStart) * hyper.batchSize;
  const learnerReady = (): boolean => {
    if (replay.size < Math.max(hyper.replayWarmup, hyper.batchSize)) return false;
    if (hyper.replayRatio <= 0) return true;
    return sessionSamples() + hyper.batchSize <= hyper.replayRatio * (replay.added - sessionAddedStart);
  };
  const learnerStep = (): void => {
    const stats: LearnerStats = learner.step(replay, learnerRng);
    counters.learnerSteps = learner.steps;
    aggregate.loss += stats.loss;
    aggregate.meanQ += stats.meanQ;
    aggregate.td += stats.tdError;
    aggregate.gradNorm += stats.gradNorm;
    aggregate.beta = stats.beta;
    aggregate.updates += 1;
  };
  /** Total environment steps (all sessions) actors may have taken, by the replay ratio and the budget. */
  const sessionEnvStart = counters.envSteps;
  const envAllowance = (): number => {
    // Enough room for the warmup plus the transitions still pending in n-step buffers and
    // cut episodes (up to nStep + 1 per actor), and for a few batches of parallelism.
    const pending = hyper.actors * (hyper.nStep + 2);
    const slack = Math.max(Math.max(hyper.replayWarmup, hyper.batchSize) + pending, Math.ceil((4 * hyper.batchSize) / Math.max(hyper.replayRatio, 1e-9)), 4 * hyper.actors);
    let allowance =
      hyper.replayRatio > 0
        ? sessionEnvStart + Math.max(slack, Math.floor(sessionSamples() / hyper.replayRatio) + slack - restoredAtStart)
        : Number.POSITIVE_INFINITY;
    if (budget.envSteps !== undefined) allowance = Math.min(allowance, budget.envSteps);
    return allowance;
  };
  const budgetReached = (): boolean =>
    (budget.envSteps !== undefined && counters.envSteps >= budget.envSteps) ||
    (budget.learnerSteps !== undefined && counters.learnerSteps >= budget.learnerSteps) ||
    (budget.seconds !== undefined && elapsed() >= budget.seconds);

  const emitMetrics = (): void => {
    syncCounters();
    const now = performance.now();
    const seconds = Math.max(1e-9, (now - lastMetrics) / 1000);
    const step = counters.envSteps;
    const m = (name: string, value: number): void => {
      if (Number.isFinite(value)) options.onMetric(name, step, value);
    };
    if (aggregate.episodes > 0) {
      m('episode_return', aggregate.episodeReturn / aggregate.episodes);
      m('episode_final_valid', aggregate.episodeFinalValid / aggregate.episodes);
    }
    if (aggregate.updates > 0) {
      m('loss', aggregate.loss / aggregate.updates);
      m('mean_q', aggregate.meanQ / aggregate.updates);
      m('td_error', aggregate.td / aggregate.updates);
      m('grad_norm', aggregate.gradNorm / aggregate.updates);
      m('importance_exponent', aggregate.beta);
    }
    m('epsilon', meanEpsilon);
    m('replay_size', replay.size);
    m('env_steps_per_s', (counters.envSteps - lastMetricEnv) / seconds);
    m('learner_updates_per_s', (counters.learnerSteps - lastMetricLearner) / seconds);
    m('learner_steps', counters.learnerSteps);
    m('episodes', counters.episodes);
    m('queries', counters.queries);
    if (counters.bestHash !== null) {
      m('best_valid', counters.bestValid);
      m('best_test', counters.bestTest);
    }
    aggregate = emptyAggregate();
    lastMetrics = now;
    lastMetricEnv = counters.envSteps;
    lastMetricLearner = counters.learnerSteps;
  };

  const saveCheckpoint = (actorState: Pick<ActorGroupState, 'envRngs' | 'policyRngs'>): void => {
    syncCounters();
    const data: CheckpointData = {
      spaceName: space.name,
      benchmarkName: benchmark.name,
      encodingSize,
      hyper,
      seed: options.seed,
      counters: { ...counters },
      backend: backend.description,
      learnerRng: learnerRng.state(),
      actors: actorState,
      learner: learner.serialize(),
      replay: replay.serialize(),
      queryHashes: [...queries.hashes],
      visited: queries.visited(),
    };
    writeCheckpoint(options.checkpointPath, data);
    lastCheckpoint = performance.now();
    options.onCheckpoint?.(options.checkpointPath, { ...counters });
  };

  const threads = Math.max(
    0,
    Math.min(hyper.actors, options.actorThreads ?? (options.actorWorkerBenchmark ? Math.max(0, availableParallelism() - 1) : 0)),
  );
  if (threads > 0 && !options.actorWorkerBenchmark) throw new Error('actorThreads > 0 needs actorWorkerBenchmark: how a worker thread loads the benchmark');

  let stopped = false;
  let lastYield = performance.now();
  /** Pause/stop between steps; true when training should stop. */
  const checkControl = async (): Promise<boolean> => {
    if (performance.now() - lastYield > 50) {
      lastYield = performance.now();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (control?.paused) await control.waitWhilePaused();
    if (control?.stopRequested) {
      stopped = true;
      return true;
    }
    return false;
  };

  try {
    if (threads === 0) {
      options.onLog('info', `${hyper.actors} actors in the learner's thread (ε from ${epsilons[0]!.toFixed(3)} to ${epsilons[epsilons.length - 1]!.toFixed(4)})`);
      const group = new ActorGroup<A>({
        space,
        benchmark,
        ...(benchmarks.length > 1 ? { benchmarks } : {}),
        hyper,
        indices: epsilons.map((_, i) => i),
        totalActors: hyper.actors,
        weights: learner.online.getWeights(),
        rngs: rngPairs,
        queries,
        fetchWeights: () => learner.online.getWeights(),
      });
      try {
        while (!budgetReached()) {
          if (await checkControl()) break;
          if (learnerReady()) {
            learnerStep();
          } else {
            if (budget.envSteps !== undefined && counters.envSteps >= budget.envSteps) break;
            const out: ActorStepOutput = await group.step();
            counters.envSteps += out.envSteps;
            ingestTransitions(out.transitions);
            ingestEpisodes(out.episodes);
          }
          if (performance.now() - lastMetrics >= metricsEvery) emitMetrics();
          if (performance.now() - lastCheckpoint >= options.checkpointEverySeconds * 1000) saveCheckpoint(group.state());
        }
        emitMetrics();
        saveCheckpoint(group.state());
      } finally {
        group.dispose();
      }
    } else {
      const perThread = Array.from({ length: threads }, (_, t) => epsilons.map((_, i) => i).filter((i) => i % threads === t));
      const baseEnv = counters.envSteps;
      const share = (indices: number[]): number => indices.length / hyper.actors;
      const clients = perThread.map(
        (indices) =>
          new ActorWorkerClient(
            {
            loader: options.actorWorkerBenchmark!,
            hyper,
            indices,
            totalActors: hyper.actors,
            weights: learner.online.getWeights(),
            envRngs: indices.map((i) => rngPairs[i]!.env.state()),
            policyRngs: indices.map((i) => rngPairs[i]!.policy.state()),
            allow: Math.floor(Math.max(0, envAllowance() - baseEnv) * share(indices)),
            },
            options.actorWorkerUrl === undefined ? undefined : toUrl(options.actorWorkerUrl),
          ),
      );
      const actorState = async (): Promise<Pick<ActorGroupState, 'envRngs' | 'policyRngs'>> => {
        const states = await Promise.all(clients.map((c) => c.snapshot()));
        const envRngs = epsilons.map((_, i) => rngPairs[i]!.env.state());
        const policyRngs = epsilons.map((_, i) => rngPairs[i]!.policy.state());
        states.forEach((s) => s.indices.forEach((index, j) => {
          envRngs[index] = s.envRngs[j]!;
          policyRngs[index] = s.policyRngs[j]!;
        }));
        return { envRngs, policyRngs };
      };
      const workerEnv = new Array<number>(clients.length).fill(0);
      const pump = (): void => {
        clients.forEach((client, c) => {
          for (const batch of client.drain()) {
            workerEnv[c] = batch.envSteps;
            ingestTransitions(batch.transitions);
            ingestEpisodes(batch.episodes);
            for (const q of batch.queries) queries.record(q.hash, q, q.benchmark);
          }
          if (client.needsWeights) client.sendWeights(learner.online.getWeights());
        });
        counters.envSteps = baseEnv + workerEnv.reduce((a, b) => a + b, 0);
        const allowance = Math.max(0, envAllowance() - baseEnv);
        clients.forEach((client, c) => client.allow(Math.floor(allowance * share(perThread[c]!))));
      };
      try {
        const ready = await Promise.all(clients.map((c) => c.ready));
        options.onLog('info', `${hyper.actors} actors in ${threads} worker thread(s) (${ready.map((r) => r.backend).join('; ')})`);
        while (!budgetReached()) {
          if (await checkControl()) break;
          pump();
          if (learnerReady()) learnerStep();
          else await Promise.race(clients.map((c) => c.waitForMessage(50)));
          if (performance.now() - lastMetrics >= metricsEvery) emitMetrics();
          if (performance.now() - lastCheckpoint >= options.checkpointEverySeconds * 1000) saveCheckpoint(await actorState());
        }
        const finalStates = await Promise.all(clients.map((c) => c.stop()));
        pump();
        const envRngs = epsilons.map((_, i) => rngPairs[i]!.env.state());
        const policyRngs = epsilons.map((_, i) => rngPairs[i]!.policy.state());
        finalStates.forEach((s) => s?.indices.forEach((index, j) => {
          envRngs[index] = s.envRngs[j]!;
          policyRngs[index] = s.policyRngs[j]!;
        }));
        emitMetrics();
        saveCheckpoint({ envRngs, policyRngs });
      } finally {
        await Promise.all(clients.map((c) => c.terminate()));
      }
    }
  } finally {
    learner.dispose();
  }
  syncCounters();
  const visited = queries.visited();
  for (const b of benchmarks) visited[b.name] ??= [];
  return { counters: { ...counters }, checkpointPath: options.checkpointPath, backend: backend.description, stopped, visited };
}
