/** An agent training run inside the run process: streams metrics, checkpoints, resumes. */
import { existsSync } from 'node:fs';
import { loadBenchmark } from '../nas/benchmarks/load.ts';
import type { SearchControl } from '../nas/search/evaluator.ts';
import type { TrainRunConfig } from '../shared/config.ts';
import type { RunResultSummary, StartMessage } from '../shared/worker-protocol.ts';
import { actorWorkerUrl, benchmarkLoaderUrl } from './entries.ts';
import type { ParentTransport } from './transport.ts';

export async function trainingJob(start: StartMessage, config: TrainRunConfig, transport: ParentTransport, control: SearchControl): Promise<RunResultSummary> {
  if (!start.checkpointPath) throw new Error('a training run needs a checkpoint path');
  const checkpointPath = start.checkpointPath;
  const benchmark = loadBenchmark(start.benchmark);
  const { trainAgent } = await import('../nas/agent/index.ts');
  const resume = existsSync(checkpointPath);
  transport.send({
    type: 'log',
    level: 'info',
    message: `${resume ? 'resuming from its checkpoint: ' : ''}training agent ${config.agentName} (${config.preset}) on ${start.benchmark.name}, seed ${config.seed}`,
  });
  const result = await trainAgent({
    space: benchmark.space,
    benchmark,
    hyper: config.hyper,
    budget: config.budget,
    seed: config.seed,
    checkpointPath,
    checkpointEverySeconds: config.checkpointEverySeconds,
    resume,
    control,
    // Actors run in worker threads, each opening the benchmark itself from the same handle.
    actorWorkerBenchmark: { module: benchmarkLoaderUrl().href, exportName: 'loadBenchmark', args: [start.benchmark] },
    actorWorkerUrl: actorWorkerUrl(),
    onMetric: (name, step, value) => transport.send({ type: 'metric', name, step, value }),
    onLog: (level, message) => transport.send({ type: 'log', level, message }),
    onCheckpoint: (path, counters) => transport.send({ type: 'checkpoint', path, step: counters.envSteps }),
  });
  const { counters } = result;
  return {
    queries: counters.queries,
    bestHash: counters.bestHash,
    bestArch: null,
    bestValid: counters.bestHash ? counters.bestValid : null,
    bestTest: counters.bestHash ? counters.bestTest : null,
    mlBackend: result.backend,
    stopped: result.stopped,
    training: { envSteps: counters.envSteps, learnerSteps: counters.learnerSteps, checkpointPath: result.checkpointPath },
  };
}
