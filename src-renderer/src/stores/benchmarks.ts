/** Registered benchmarks and importing new ones. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BenchmarkInfo } from '../../../src-main/shared/api.ts';
import { useApi } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';
import { coalesce } from '../lib/coalesce.ts';

export const useBenchmarksStore = defineStore('benchmarks', () => {
  const api = useApi();
  const list = shallowRef<BenchmarkInfo[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let wanted = false;

  const refreshNow = coalesce(async () => {
    try {
      list.value = await api.listBenchmarks();
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

  function onBenchmarksUpdated(): void {
    if (wanted) void refreshNow();
  }

  async function importBenchmark(request: { kind: string; path: string; name: string }): Promise<BenchmarkInfo> {
    const info = await api.importBenchmark(request);
    wanted = true;
    void refreshNow();
    return info;
  }

  return { list, loaded, error, load, onBenchmarksUpdated, resync: onBenchmarksUpdated, importBenchmark };
});
