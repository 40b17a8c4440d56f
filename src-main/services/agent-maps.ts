/**
 * Trained agents' latent maps: served from the store when this agent was mapped with these
 * parameters and these search runs before, otherwise computed in an analysis process
 * (services/analysis-processes.ts, shared with the landscape analyses) and stored. The map
 * samples the agent's training benchmark and draws the agent's succeeded search runs on that
 * very table (by content checksum) as trajectories.
 */
import { existsSync } from 'node:fs';
import { resolveAgentMapParams, type AgentMap, type AgentMapParams, type AgentMapResult } from '#shared/agent-map.ts';
import { canonicalJson, type RunConfig } from '#shared/config.ts';
import { APP_VERSION } from '#shared/version.ts';
import { WORKER_PROTOCOL_VERSION } from '#shared/worker-protocol.ts';
import type { AnalysisProcesses } from './analysis-processes.ts';
import { benchmarkContentSha256 } from './benchmark-cells.ts';
import { benchmarkHandle, sha256 } from './benchmark-registry.ts';
import type { AgentRow, RunRow, Store } from './store.ts';
import { UserError } from './user-error.ts';

export interface AgentMapProgress {
  agentId: number;
  phase: string;
  done: number;
  total: number;
}

export interface AgentMapsOptions {
  store: Store;
  processes: AnalysisProcesses;
  onProgress: (progress: AgentMapProgress) => void;
}

/** The agent's succeeded search runs on the table with this content, by run id. */
export function agentSearchRuns(store: Store, agent: AgentRow, contentSha256: string): RunRow[] {
  return store
    .listRuns({ statuses: ['succeeded'] })
    .filter((run) => {
      if (run.searcher_kind !== 'agent' || run.benchmark_content_sha256 !== contentSha256) return false;
      const config = JSON.parse(run.config_json) as RunConfig;
      return config.kind === 'search' && config.searcher.params.checkpoint === agent.name;
    })
    .sort((a, b) => a.id - b.id);
}

export class AgentMaps {
  private readonly options: AgentMapsOptions;

  constructor(options: AgentMapsOptions) {
    this.options = options;
  }

  async get(agentId: number, given: Partial<AgentMapParams> = {}): Promise<AgentMapResult> {
    const { store } = this.options;
    const agent = store.getAgentById(agentId);
    if (!agent) throw new UserError(`there is no agent with id ${agentId}`);
    const benchmark = store.getBenchmark(agent.benchmark);
    if (!benchmark) throw new UserError(`agent "${agent.name}" (id ${agent.id}) was trained on "${agent.benchmark}", which is no longer registered, so there is nothing to sample its map from`);
    if (benchmark.kind === 'live') throw new UserError(`agent "${agent.name}" (id ${agent.id}) was trained on the live benchmark "${agent.benchmark}": each query trains a network, so archwalk does not sample a map from it`);
    const params = resolveAgentMapParams(given);
    const contentSha256 = benchmarkContentSha256(benchmark);
    const runs = agentSearchRuns(store, agent, contentSha256).slice(0, params.runs);
    // The runs drawn are part of the key: a search finished since the last map gives a new one.
    const paramsJson = canonicalJson({ params, contentSha256, runs: runs.map((r) => r.id) });
    const paramsHash = sha256(paramsJson);
    const subject = String(agent.id);
    const stored = store.getAnalysis('agent-map', subject, paramsHash);
    const answer = (map: AgentMap, cached: boolean, computedAt: string): AgentMapResult => ({ agent: { id: agent.id, name: agent.name }, benchmark: agent.benchmark, contentSha256, cached, computedAt, map });
    if (stored) return answer(JSON.parse(stored.resultJson) as AgentMap, true, stored.createdAt);
    if (!existsSync(agent.checkpoint_path)) throw new UserError(`agent "${agent.name}" (id ${agent.id}) has no checkpoint at ${agent.checkpoint_path}: the file was moved or deleted, so its network cannot be read`);
    const { processes } = this.options;
    return processes.queue(`agent-map:${subject}:${paramsHash}`, async () => {
      const map = await processes.compute({
        request: (heartbeatMs) => ({
          type: 'map-agent',
          version: WORKER_PROTOCOL_VERSION,
          benchmark: benchmarkHandle(benchmark),
          checkpointPath: agent.checkpoint_path,
          trajectories: runs.map((run) => ({ runId: run.id, seed: run.seed, archs: store.architectures(run.id, {}).map((a) => a.arch) })),
          params,
          heartbeatMs,
        }),
        result: (message) => (message.type === 'agent-map' ? message.map : undefined),
        onProgress: (phase, done, total) => this.options.onProgress({ agentId: agent.id, phase, done, total }),
        name: `the map of agent "${agent.name}"`,
        processName: `the map process of agent "${agent.name}"`,
      });
      const createdAt = new Date().toISOString();
      store.putAnalysis({ kind: 'agent-map', subject, paramsHash, paramsJson, resultJson: JSON.stringify(map), appVersion: APP_VERSION, createdAt });
      return answer(map, false, createdAt);
    });
  }
}
