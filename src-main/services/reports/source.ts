/** The report source of a running set of services: the Api, and the store's per-query log. */
import type { Api } from '#shared/api.ts';
import type { Store } from '../store.ts';
import { transferStat } from '../transfer-stats.ts';
import type { ReportEvaluation, ReportSource } from './model.ts';

export function reportSource(services: { api: Pick<Api, 'getExperiment' | 'getRun' | 'listBenchmarks' | 'getSweepResults' | 'getBenchmarkAnalysis' | 'getAgentMap'>; store: Store }): ReportSource {
  return {
    sweepResults: (id) => services.api.getSweepResults(id),
    async landscape(benchmark) {
      const row = services.store.getBenchmark(benchmark);
      if (!row || row.kind === 'live') return null;
      return services.api.getBenchmarkAnalysis(benchmark);
    },
    async agentMap(agentName) {
      const agent = services.store.getAgent(agentName);
      return agent ? services.api.getAgentMap(agent.id) : null;
    },
    async transfer(agentName, benchmark) {
      const agent = services.store.getAgent(agentName);
      const target = services.store.getBenchmark(benchmark);
      return agent && target ? transferStat(services.store, agent, target) : null;
    },
    getExperiment: (id) => services.api.getExperiment(id),
    getRun: (id) => services.api.getRun(id),
    listBenchmarks: () => services.api.listBenchmarks(),
    async evaluations(runId) {
      return services.store.events(runId, { type: 'architecture' }).map(({ data }) => {
        const e = data as ReportEvaluation;
        return {
          query: e.query,
          hash: e.hash,
          arch: e.arch,
          valid: e.valid,
          test: e.test,
          incumbentValid: e.incumbentValid,
          incumbentTest: e.incumbentTest,
          incumbentHash: e.incumbentHash,
          elapsedMs: e.elapsedMs,
        };
      });
    },
  };
}
