/**
 * Agents' latent maps the app has asked for: the latest per agent, the request under way (with
 * the progress its analysis process pushes), and the error of a failed one.
 */
import { defineStore } from 'pinia';
import type { AgentMapParams, AgentMapResult } from '#shared/agent-map.ts';
import { useApi } from '../api/client.ts';
import { keyedComputations, type ComputationProgress } from '../lib/keyed-computations.ts';

export const useAgentMapsStore = defineStore('agent-maps', () => {
  const api = useApi();
  const computations = keyedComputations((agentId: number, params: Partial<AgentMapParams>) => api.getAgentMap(agentId, params));
  return {
    state: computations.state,
    load: computations.load,
    onProgress: (event: { agentId: number } & ComputationProgress) => computations.progress(event.agentId, event),
  };
});
