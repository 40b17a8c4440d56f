/**
 * Entry of an actor worker thread: builds its own benchmark (through the loader spec),
 * selects its own ML backend (tfjs keeps one engine per thread), and runs an ActorGroup
 * within the allowance the learner grants, posting transitions in batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Benchmark } from '../benchmarks/types.ts';
import { selectBackend } from '../ml/backend.ts';
import type { SerializedParams } from '../ml/params.ts';
import { ActorGroup, actorRngsFromState, type EpisodeSummary } from './actors.ts';
import type { ActorWorkerInit, FromActorWorker, QueryNote, ToActorWorker } from './actor-protocol.ts';
import { QueryLog } from './environment.ts';
import type { EmittedTransition } from './n-step.ts';

if (!parentPort) throw new Error('actor-worker.ts must run in a worker thread');
const port = parentPort;

const send = (message: FromActorWorker): void => port.postMessage(message);

/** Post accumulated transitions at least this often. */
const FLUSH_MS = 25;
const FLUSH_TRANSITIONS = 512;

async function main(init: ActorWorkerInit): Promise<void> {
  const backend = await selectBackend(init.backendPreference ? { prefer: init.backendPreference } : {});
  const loaded = (await import(init.loader.module)) as Record<string, unknown>;
  const factory = loaded[init.loader.exportName];
  if (typeof factory !== 'function') throw new Error(`${init.loader.module} has no function ${init.loader.exportName}`);
  // A loader returns one benchmark, or several of one space (each episode draws one).
  const loadedValue = (await (factory as (...args: unknown[]) => unknown)(...init.loader.args)) as Benchmark<unknown> | Benchmark<unknown>[];
  const benchmarks = Array.isArray(loadedValue) ? loadedValue : [loadedValue];
  const benchmark = benchmarks[0];
  if (!benchmark) throw new Error(`${init.loader.module} ${init.loader.exportName} returned no benchmark`);

  let allowed = init.allow;
  let stopping = false;
  let wake: (() => void) | null = null;
  let weightsWaiter: ((w: SerializedParams) => void) | null = null;
  let group: ActorGroup<unknown> | null = null;

  port.on('message', (message: ToActorWorker) => {
    switch (message.type) {
      case 'allow':
        allowed = Math.max(allowed, message.envSteps);
        break;
      case 'weights':
        weightsWaiter?.(message.weights);
        weightsWaiter = null;
        break;
      case 'snapshot':
        if (group) send({ type: 'snapshot', state: group.state() });
        break;
      case 'stop':
        stopping = true;
        weightsWaiter?.(group ? group.network.getWeights() : init.weights);
        weightsWaiter = null;
        break;
    }
    wake?.();
    wake = null;
  });
  const nextMessage = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));

  const queries = new QueryLog();
  let notes: QueryNote[] = [];
  queries.onNew = (hash, m, name) => notes.push({ benchmark: name, hash, valid: m.valid, test: m.test });
  group = new ActorGroup({
    space: benchmark.space,
    benchmark,
    ...(benchmarks.length > 1 ? { benchmarks } : {}),
    hyper: init.hyper,
    indices: init.indices,
    totalActors: init.totalActors,
    weights: init.weights,
    rngs: actorRngsFromState({ envRngs: init.envRngs, policyRngs: init.policyRngs }),
    queries,
    fetchWeights: () =>
      new Promise<SerializedParams>((resolve) => {
        weightsWaiter = resolve;
        send({ type: 'needWeights' });
      }),
  });
  send({ type: 'ready', backend: backend.description, epsilons: group.epsilons });

  let transitions: EmittedTransition[] = [];
  let episodes: EpisodeSummary[] = [];
  let lastFlush = performance.now();
  const flush = (): void => {
    if (transitions.length === 0 && episodes.length === 0 && notes.length === 0) return;
    send({ type: 'batch', transitions, episodes, envSteps: group!.envSteps, queries: notes });
    transitions = [];
    episodes = [];
    notes = [];
    lastFlush = performance.now();
  };

  while (!stopping) {
    if (group.envSteps + init.indices.length > allowed) {
      flush();
      await nextMessage();
      continue;
    }
    const out = await group.step();
    for (const t of out.transitions) transitions.push(t);
    for (const e of out.episodes) episodes.push(e);
    if (transitions.length >= FLUSH_TRANSITIONS || performance.now() - lastFlush >= FLUSH_MS) {
      flush();
      // Let queued messages (allowance, weights, stop) in.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  flush();
  send({ type: 'stopped', state: group.state() });
  group.dispose();
  port.close();
}

main(workerData as ActorWorkerInit).catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
});
