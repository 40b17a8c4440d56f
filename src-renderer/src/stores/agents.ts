/** Trained agents (the registry that training runs write to). */
import { defineStore } from 'pinia';
import type { AgentInfo } from '#shared/api.ts';
import { useApi } from '../api/client.ts';
import { remoteValue } from '../lib/remote-value.ts';

export const useAgentsStore = defineStore('agents', () => {
  const api = useApi();
  const agents = remoteValue<AgentInfo[]>(() => api.listAgents(), [], 500);
  return { list: agents.value, loaded: agents.loaded, error: agents.error, load: agents.load, onAgentsUpdated: agents.onChange, resync: agents.onChange };
});
