/**
 * The two ways a training session drives its actors: in the learner's thread, interleaved
 * with learner steps (deterministic for a seed — what tests use), or in worker threads that
 * run ahead within the step allowance the replay ratio grants them. Both end with the final
 * metrics and checkpoint.
 */
import { pathToFileURL } from 'node:url';
import type { ActorGroupState, ActorStepOutput } from './actors.ts';
import { ActorGroup } from './actors.ts';
import { ActorWorkerClient } from './actor-client.ts';
import type { Benchmark } from '../benchmarks/types.ts';
import type { TrainingSession, ActorRngStates } from './training-session.ts';

/** A URL, a URL string, or a file path. */
function toUrl(value: string | URL): URL {
  if (value instanceof URL) return value;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : pathToFileURL(value);
}

/** Every actor in the learner's thread: one actor step or one learner step at a time. */
export async function trainInThread<A>(session: TrainingSession<A>, epsilons: readonly number[], benchmarks: readonly Benchmark<A>[]): Promise<void> {
  const { space, benchmark, hyper } = session.options;
  session.options.onLog('info', `${hyper.actors} actors in the learner's thread (ε from ${epsilons[0]!.toFixed(3)} to ${epsilons[epsilons.length - 1]!.toFixed(4)})`);
  const group = new ActorGroup<A>({
    space,
    benchmark,
    ...(benchmarks.length > 1 ? { benchmarks } : {}),
    hyper,
    indices: epsilons.map((_, i) => i),
    totalActors: hyper.actors,
    weights: session.learner.online.getWeights(),
    rngs: session.rngPairs,
    queries: session.queries,
    fetchWeights: () => session.learner.online.getWeights(),
  });
  try {
    while (!session.budgetReached()) {
      if (await session.shouldStop()) break;
      if (session.learnerReady()) {
        session.learnerStep();
      } else {
        if (session.envBudgetReached()) break;
        const out: ActorStepOutput = await session.timed('actors', () => group.step());
        session.counters.envSteps += out.envSteps;
        await session.timed('transport', () => {
          session.ingestTransitions(out.transitions);
          session.ingestEpisodes(out.episodes);
        });
      }
      session.emitMetricsWhenDue();
      if (session.checkpointDue) session.saveCheckpoint(group.state());
    }
    session.finish(group.state());
  } finally {
    group.dispose();
  }
}

/** The actors split over `threads` worker threads; the learner drains their batches and steps when the replay ratio allows. */
export async function trainInWorkers<A>(session: TrainingSession<A>, epsilons: readonly number[], threads: number): Promise<void> {
  const { options, counters, rngPairs, learner } = session;
  const { hyper } = options;
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
          allow: Math.floor(Math.max(0, session.envAllowance() - baseEnv) * share(indices)),
        },
        options.actorWorkerUrl === undefined ? undefined : toUrl(options.actorWorkerUrl),
      ),
  );
  /** Every actor's generator states: the threads' where they reported them, the starting ones otherwise. */
  const mergeStates = (states: readonly (Pick<ActorGroupState, 'indices' | 'envRngs' | 'policyRngs'> | undefined | null)[]): ActorRngStates => {
    const envRngs = epsilons.map((_, i) => rngPairs[i]!.env.state());
    const policyRngs = epsilons.map((_, i) => rngPairs[i]!.policy.state());
    states.forEach((s) => s?.indices.forEach((index, j) => {
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
        session.ingestTransitions(batch.transitions);
        session.ingestEpisodes(batch.episodes);
        for (const q of batch.queries) session.queries.record(q.hash, q, q.benchmark);
      }
      if (client.needsWeights) client.sendWeights(learner.online.getWeights());
    });
    counters.envSteps = baseEnv + workerEnv.reduce((a, b) => a + b, 0);
    const allowance = Math.max(0, session.envAllowance() - baseEnv);
    clients.forEach((client, c) => client.allow(Math.floor(allowance * share(perThread[c]!))));
  };
  try {
    const ready = await Promise.all(clients.map((c) => c.ready));
    options.onLog('info', `${hyper.actors} actors in ${threads} worker thread(s) (${ready.map((r) => r.backend).join('; ')})`);
    while (!session.budgetReached()) {
      if (await session.shouldStop()) break;
      await session.timed('transport', pump);
      if (session.learnerReady()) session.learnerStep();
      else await session.timed('waiting', () => Promise.race(clients.map((c) => c.waitForMessage(50))));
      session.emitMetricsWhenDue();
      if (session.checkpointDue) session.saveCheckpoint(mergeStates(await Promise.all(clients.map((c) => c.snapshot()))));
    }
    const finalStates = await Promise.all(clients.map((c) => c.stop()));
    pump();
    session.finish(mergeStates(finalStates));
  } finally {
    await Promise.all(clients.map((c) => c.terminate()));
  }
}
