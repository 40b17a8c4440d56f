/** Trained agents (the registry that training runs write to). */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AgentInfo } from '../../../src-main/shared/api.ts';
import { useApi } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';
import { coalesce } from '../lib/coalesce.ts';

export const useAgentsStore = defineStore('agents', () => {
  const api = useApi();
  const list = shallowRef<AgentInfo[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let wanted = false;

  const refreshNow = coalesce(async () => {
    try {
      list.value = await api.listAgents();
      loaded.value = true;
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }, 500);

  function load(): Promise<void> {
    wanted = true;
    return refreshNow();
  }

  function onAgentsUpdated(): void {
    if (wanted) void refreshNow();
  }

  return { list, loaded, error, load, onAgentsUpdated, resync: onAgentsUpdated };
});
