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
 *
 * The pieces: training-start.ts (resume or start fresh), training-session.ts (pacing,
 * metrics, checkpoints, pause/stop), training-loops.ts (actors in this thread or in workers).
 */
import { availableParallelism } from 'node:os';
import { selectBackend } from '../ml/backend.ts';
import { actorEpsilon } from './actors.ts';
import type { TrainAgentOptions, TrainAgentResult } from './contract.ts';
import { QueryLog } from './environment.ts';
import { networkShape } from './learner.ts';
import { checkHyperparameters } from './check-hyperparameters.ts';
import { startTraining } from './training-start.ts';
import { TrainingSession } from './training-session.ts';
import { trainInThread, trainInWorkers } from './training-loops.ts';

function checkBudget(budget: TrainAgentOptions<unknown>['budget']): void {
  const { envSteps, learnerSteps, seconds } = budget;
  if (envSteps === undefined && learnerSteps === undefined && seconds === undefined) {
    throw new Error('training budget needs at least one of envSteps, learnerSteps, seconds');
  }
}

/** Actor threads: as asked, else one per spare core when a worker can load the benchmark; never more than the actors. */
function actorThreadCount(options: TrainAgentOptions<unknown>): number {
  const threads = Math.max(
    0,
    Math.min(options.hyper.actors, options.actorThreads ?? (options.actorWorkerBenchmark ? Math.max(0, availableParallelism() - 1) : 0)),
  );
  if (threads > 0 && !options.actorWorkerBenchmark) throw new Error('actorThreads > 0 needs actorWorkerBenchmark: how a worker thread loads the benchmark');
  return threads;
}

export async function trainAgent<A>(options: TrainAgentOptions<A>): Promise<TrainAgentResult> {
  const { space, benchmark, hyper, budget } = options;
  const benchmarks = options.benchmarks && options.benchmarks.length > 0 ? options.benchmarks : [benchmark];
  checkHyperparameters(hyper);
  checkBudget(budget);
  const backend = await selectBackend();
  for (const warning of backend.warnings) options.onLog('warn', warning);
  options.onLog('info', `ML backend: ${backend.description}`);

  const queries = new QueryLog();
  const state = startTraining(options, queries);
  options.onLog('info', `Q-network: ${state.learner.online.params.count()} parameters (${JSON.stringify(networkShape(hyper, space.encodingSize))})`);
  options.onLog('info', state.learner.memoryPlan.description);

  const epsilons = Array.from({ length: hyper.actors }, (_, i) => actorEpsilon(i, hyper.actors, hyper.epsilonBase, hyper.epsilonAlpha));
  const meanEpsilon = epsilons.reduce((a, b) => a + b, 0) / epsilons.length;
  const session = new TrainingSession(options, state, queries, backend.description, meanEpsilon);

  try {
    const threads = actorThreadCount(options);
    if (threads === 0) await trainInThread(session, epsilons, benchmarks);
    else await trainInWorkers(session, epsilons, threads);
  } finally {
    state.learner.dispose();
  }
  session.syncCounters();
  const visited = queries.visited();
  for (const b of benchmarks) visited[b.name] ??= [];
  return { counters: { ...session.counters }, checkpointPath: options.checkpointPath, backend: backend.description, stopped: session.stopped, visited };
}
