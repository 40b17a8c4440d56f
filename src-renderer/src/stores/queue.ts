/** The run queue: what is running and waiting, in order, and the concurrency limit. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { QueueState } from '../../../src-main/shared/api.ts';
import { useApi } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';
import { coalesce } from '../lib/coalesce.ts';

export const useQueueStore = defineStore('queue', () => {
  const api = useApi();
  const state = shallowRef<QueueState | null>(null);
  const error = ref<string | null>(null);
  let wanted = false;

  const refreshNow = coalesce(async () => {
    try {
      state.value = await api.getQueue();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }, 1000);

  function load(): Promise<void> {
    wanted = true;
    return refreshNow();
  }

  function onChange(): void {
    if (wanted) void refreshNow();
  }

  async function move(id: number, where: 'top' | 'bottom' | 'up' | 'down'): Promise<void> {
    await api.moveQueuedRun(id, where);
    void refreshNow();
  }

  async function setConcurrency(n: number): Promise<void> {
    await api.setConcurrency(n);
    void refreshNow();
  }

  return { state, error, load, onChange, resync: onChange, move, setConcurrency };
});
