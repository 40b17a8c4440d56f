/**
 * A search run inside the run process: loads the benchmark (and the trained policy for the
 * agent searcher), replays to the resume point, and reports every new query.
 */
import { loadBenchmark } from './benchmark-loader.ts';
import type { QueryRecord, SearchControl } from '../nas/search/evaluator.ts';
import type { AgentSearcherParams } from '../nas/agent/agent-searcher.ts';
import { runSearch, type ClassicSearcherKind, type ClassicSearcherParams } from '../nas/search/run-search.ts';
import { selectBackend } from '../nas/ml/backend.ts';
import { observedBananas, type BananasParams, type PredictorFit } from '../nas/search/bananas/bananas.ts';
import type { Searcher } from '../nas/search/types.ts';
import type { SearcherKind, SearchRunConfig } from '#shared/config.ts';
import { MODEL_SEARCHERS, resolveSearcherParams, type SearcherParams } from '#shared/searcher-specs.ts';
import type { QueryProgressMessage, RunResultSummary, StartMessage } from '#shared/worker-protocol.ts';
import type { ParentTransport } from './transport.ts';
import type { Same } from './type-agreement.ts';

/** The config's classic searcher kinds are exactly the ones the library implements. */
const searcherKindsAgree: Same<Exclude<SearcherKind, 'agent'>, ClassicSearcherKind> = true;
/** Each classic searcher consumes exactly the parameters its spec resolves to (no more, none optional that the spec fills in). */
const searcherParamsAgree: Same<{ [K in ClassicSearcherKind]: SearcherParams[K] }, ClassicSearcherParams> = true;
/** The agent searcher: the same, less the checkpoint, which this process loads. */
const agentParamsAgree: Same<Omit<SearcherParams['agent'], 'checkpoint'>, AgentSearcherParams> = true;
void searcherKindsAgree;
void searcherParamsAgree;
void agentParamsAgree;

/** BANANAS, telling the run's log about every predictor it trains (size, time, training error). */
function loggedBananas(transport: ParentTransport): Searcher<BananasParams> {
  const log = (fit: PredictorFit): void =>
    transport.send({
      type: 'log',
      level: 'info',
      message: `predictor ${fit.iteration}: trained on ${fit.trainSize} architectures in ${(fit.trainMs / 1000).toFixed(2)} s (training error ${fit.trainLoss.toFixed(2)} points), candidates scored in ${fit.acquisitionMs.toFixed(0)} ms`,
    });
  return (ctx, params) => observedBananas(ctx, params, { onFit: log });
}

async function agentSearcherFor(start: StartMessage, config: SearchRunConfig): Promise<{ searcher: Searcher<object>; backend: string; dispose(): void }> {
  if (!start.agentCheckpoint) throw new Error(`the agent searcher needs the checkpoint of agent "${String(config.searcher.params.checkpoint)}"`);
  const params = resolveSearcherParams('agent', config.searcher.params);
  const agent = await import('../nas/agent/index.ts');
  const backend = await agent.selectBackend();
  const policy = await agent.loadAgentPolicy(start.agentCheckpoint);
  return {
    searcher: (ctx) => agent.agentSearcher(policy, ctx, params),
    backend: backend.description,
    dispose: () => policy.dispose(),
  };
}

export async function searchJob(start: StartMessage, config: SearchRunConfig, transport: ParentTransport, control: SearchControl): Promise<RunResultSummary> {
  const benchmark = loadBenchmark(start.benchmark);
  const { resume } = start;
  transport.send({
    type: 'log',
    level: 'info',
    message: `${resume ? `resuming after query ${resume.queries}: ` : ''}${config.searcher.label} on ${start.benchmark.name}, seed ${config.seed}, budget ${config.budget}`,
  });
  const agent = config.searcher.kind === 'agent' ? await agentSearcherFor(start, config) : null;
  if (agent) transport.send({ type: 'log', level: 'info', message: `agent policy loaded; ML backend ${agent.backend}` });
  // A searcher that trains predictors (BANANAS) runs them on the best backend this machine has.
  const predictorBackend = !agent && MODEL_SEARCHERS.includes(config.searcher.kind) ? (await selectBackend()).description : null;
  if (predictorBackend) transport.send({ type: 'log', level: 'info', message: `${config.searcher.label} trains its predictors on ML backend ${predictorBackend}` });
  const onQuery = (record: QueryRecord<unknown>): void => {
    if (resume && record.query <= resume.queries) {
      // Replaying the deterministic trajectory up to where the run was cut off.
      if (record.query === resume.queries && resume.lastHash !== null && record.hash !== resume.lastHash) {
        throw new Error(`cannot resume: replaying seed ${config.seed} reached ${record.hash} at query ${record.query}, but the run had recorded ${resume.lastHash}`);
      }
      return;
    }
    if (record.metrics.cached !== undefined) {
      const what = record.metrics.cached ? 'from the cache' : `trained in ${(record.metrics.trainSeconds ?? 0).toFixed(1)} s`;
      transport.send({ type: 'log', level: 'info', message: `query ${record.query}: cell ${record.hash.slice(0, 10)} ${what}, validation ${(record.metrics.valid * 100).toFixed(2)} %` });
    }
    transport.send({
      type: 'architecture',
      query: record.query,
      hash: record.hash,
      arch: benchmark.space.toJSON(record.arch),
      valid: record.metrics.valid,
      test: record.metrics.test,
      incumbentValid: record.incumbent.valid,
      incumbentTest: record.incumbent.test,
      incumbentHash: record.incumbent.hash,
      elapsedMs: record.elapsedMs,
    });
  };
  try {
    const onQueryProgress = (p: Omit<QueryProgressMessage, 'type'>): void => {
      if (resume && p.query <= resume.queries) return;
      transport.send({ type: 'query-progress', query: p.query, hash: p.hash, seed: p.seed, epoch: p.epoch, epochs: p.epochs, step: p.step, steps: p.steps, loss: p.loss });
    };
    // Every default filled in (again: a run stored before a parameter existed lacks it); the library has none.
    const searcher = { kind: config.searcher.kind, params: resolveSearcherParams(config.searcher.kind, config.searcher.params) };
    const outcome = await runSearch<unknown, object>({
      config: { ...config, searcher },
      benchmark,
      onQuery,
      onQueryProgress,
      control,
      replayedQueries: resume?.queries ?? 0,
      ...(agent ? { searcher: agent.searcher } : config.searcher.kind === 'bananas' ? { searcher: loggedBananas(transport) as Searcher<object> } : {}),
    });
    const best = outcome.incumbent;
    return {
      queries: outcome.queries,
      bestHash: best?.hash ?? null,
      bestArch: best ? benchmark.space.toJSON(best.arch) : null,
      bestValid: best?.valid ?? null,
      bestTest: best?.test ?? null,
      mlBackend: agent?.backend ?? predictorBackend ?? 'none',
      stopped: outcome.stopped,
    };
  } finally {
    agent?.dispose();
    (benchmark as { close?: () => void }).close?.();
  }
}
