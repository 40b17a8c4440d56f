/** An agent training run inside the run process: streams metrics, checkpoints, resumes. */
import { existsSync } from 'node:fs';
import { loadBenchmarks } from './benchmark-loader.ts';
import { writeFileAtomic } from '../nas/io/atomic-file.ts';
import { VISITED_FORMAT, visitedPathFor, type VisitedFile } from '#shared/visited-cells.ts';
import type { SearchControl } from '../nas/search/evaluator.ts';
import type { TrainRunConfig } from '#shared/config.ts';
import type { RunResultSummary, StartMessage } from '#shared/worker-protocol.ts';
import { actorWorkerUrl, benchmarkLoaderUrl } from './entries.ts';
import type { ParentTransport } from './transport.ts';
import type { AgentHyperparameters as ConfigHyperparameters } from '#shared/agent-config.ts';
import type { AgentHyperparameters as LibraryHyperparameters } from '../nas/agent/contract.ts';

import type { Same } from './type-agreement.ts';

/**
 * The config's hyperparameters (derived from its schema, shared/agent-config.ts) are exactly the
 * ones the agent library consumes (nas/agent/contract.ts): a field on one side only fails here.
 */
const hyperparametersAgree: Same<ConfigHyperparameters, LibraryHyperparameters> = true;
void hyperparametersAgree;

export async function trainingJob(start: StartMessage, config: TrainRunConfig, transport: ParentTransport, control: SearchControl): Promise<RunResultSummary> {
  if (!start.checkpointPath) throw new Error('a training run needs a checkpoint path');
  const checkpointPath = start.checkpointPath;
  const handles = start.benchmarks && start.benchmarks.length > 0 ? start.benchmarks : [start.benchmark];
  const benchmarks = loadBenchmarks(handles);
  const benchmark = benchmarks[0]!;
  const { trainAgent } = await import('../nas/agent/index.ts');
  const resume = existsSync(checkpointPath);
  const on = handles.length > 1 ? `${handles.map((h) => h.name).join(' + ')} (each episode draws one)` : start.benchmark.name;
  transport.send({
    type: 'log',
    level: 'info',
    message: `${resume ? 'resuming from its checkpoint: ' : ''}training agent ${config.agentName} (${config.preset}) on ${on}, seed ${config.seed}`,
  });
  const result = await trainAgent({
    space: benchmark.space,
    benchmark,
    ...(benchmarks.length > 1 ? { benchmarks } : {}),
    hyper: config.hyper,
    budget: config.budget,
    seed: config.seed,
    checkpointPath,
    checkpointEverySeconds: config.checkpointEverySeconds,
    resume,
    control,
    // Actors run in worker threads, each opening the benchmark itself from the same handle.
    actorWorkerBenchmark:
      handles.length > 1
        ? { module: benchmarkLoaderUrl().href, exportName: 'loadBenchmarks', args: [handles] }
        : { module: benchmarkLoaderUrl().href, exportName: 'loadBenchmark', args: [start.benchmark] },
    actorWorkerUrl: actorWorkerUrl(),
    onMetric: (name, step, value) => transport.send({ type: 'metric', name, step, value }),
    onLog: (level, message) => transport.send({ type: 'log', level, message }),
    onCheckpoint: (path, counters) => transport.send({ type: 'checkpoint', path, step: counters.envSteps }),
  });
  const { counters } = result;
  // What training saw of each table, kept with the agent: the reports' top-1 % coverage reads it.
  const visitedPath = visitedPathFor(result.checkpointPath);
  const visited: VisitedFile = { format: VISITED_FORMAT, version: 1, benchmarks: result.visited };
  writeFileAtomic(visitedPath, JSON.stringify(visited));
  const cellsQueried = Object.fromEntries(Object.entries(result.visited).map(([name, hashes]) => [name, hashes.length]));
  return {
    queries: counters.queries,
    bestHash: counters.bestHash,
    bestArch: null,
    bestValid: counters.bestHash ? counters.bestValid : null,
    bestTest: counters.bestHash ? counters.bestTest : null,
    mlBackend: result.backend,
    stopped: result.stopped,
    training: { envSteps: counters.envSteps, learnerSteps: counters.learnerSteps, checkpointPath: result.checkpointPath, visitedPath, cellsQueried },
  };
}
