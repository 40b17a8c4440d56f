/** The run queue: what is running and waiting, in order, and the concurrency limit. */
import { defineStore } from 'pinia';
import type { QueueState } from '#shared/api.ts';
import { useApi } from '../api/client.ts';
import { remoteValue } from '../lib/remote-value.ts';

export const useQueueStore = defineStore('queue', () => {
  const api = useApi();
  const queue = remoteValue<QueueState | null>(() => api.getQueue(), null, 1000);

  async function move(id: number, where: 'top' | 'bottom' | 'up' | 'down'): Promise<void> {
    await api.moveQueuedRun(id, where);
    void queue.refresh();
  }

  async function setConcurrency(n: number): Promise<void> {
    await api.setConcurrency(n);
    void queue.refresh();
  }

  return { state: queue.value, error: queue.error, load: queue.load, onChange: queue.onChange, resync: queue.onChange, move, setConcurrency };
});
