/**
 * An agent's latent map inside the run process: opens its training benchmark and checkpoint,
 * checks the trajectories' cells against the space, and runs the library's map, reporting each
 * part's progress (at most a few messages a second).
 */
import { computeAgentMap, type AgentMap as LibraryMap, type AgentMapParams as LibraryParams } from '../nas/analysis/agent-map.ts';
import { benchmarkOracle } from '../nas/analysis/oracle.ts';
import { isTabular } from '../nas/agent/environment.ts';
import type { AgentMap, AgentMapParams } from '#shared/agent-map.ts';
import type { MapAgentMessage } from '#shared/worker-protocol.ts';
import { loadBenchmark } from './benchmark-loader.ts';
import type { ParentTransport } from './transport.ts';
import type { Same } from './type-agreement.ts';

/** The Api's shapes are exactly the library's. */
const paramsAgree: Same<AgentMapParams, LibraryParams> = true;
const mapAgree: Same<AgentMap, LibraryMap> = true;
void paramsAgree;
void mapAgree;

const PROGRESS_EVERY_MS = 200;

export async function agentMapJob(request: MapAgentMessage, transport: ParentTransport): Promise<AgentMap> {
  if (request.benchmark.kind === 'live') {
    throw new Error(`benchmark ${request.benchmark.name} is live: each of its queries trains a network, so no map samples it`);
  }
  transport.send({ type: 'progress', done: 0, total: 1, unit: 'loading the agent' });
  const benchmark = loadBenchmark(request.benchmark);
  const { loadAgentPolicy } = await import('../nas/agent/index.ts');
  const policy = await loadAgentPolicy(request.checkpointPath);
  try {
    if (policy.spaceName !== benchmark.space.name) throw new Error(`the agent was trained on the ${policy.spaceName} space; ${request.benchmark.name} is ${benchmark.space.name}`);
    const trajectories = request.trajectories.map((t) => ({ runId: t.runId, seed: t.seed, archs: t.archs.map((arch) => benchmark.space.validate(arch)) }));
    let last = 0;
    let lastPhase = '';
    return await computeAgentMap({ oracle: benchmarkOracle(benchmark), agent: policy, trajectories, ...(isTabular(benchmark) ? { cells: benchmark.size } : {}) }, request.params, (phase, done, total) => {
      const now = Date.now();
      if (phase === lastPhase && done < total && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      lastPhase = phase;
      transport.send({ type: 'progress', done, total, unit: phase });
    });
  } finally {
    policy.dispose();
    await (benchmark as { close?: () => Promise<void> }).close?.();
  }
}
