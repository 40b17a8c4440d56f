/** Registered benchmarks, importing new ones, and the progress of imports under way. */
import { defineStore } from 'pinia';
import { computed, shallowReactive } from 'vue';
import type { BenchmarkImportRequest, BenchmarkInfo } from '#shared/api.ts';
import { useApi } from '../api/client.ts';
import { remoteValue } from '../lib/remote-value.ts';
import { isValidationOnlyKind } from '#shared/benchmark-kinds.ts';

/** How far an import has read, from the latest `import-progress` push. */
export interface ImportProgress {
  name: string;
  done: number;
  total: number | null;
  unit: string;
}

export const useBenchmarksStore = defineStore('benchmarks', () => {
  const api = useApi();
  const benchmarks = remoteValue<BenchmarkInfo[]>(() => api.listBenchmarks(), [], 500);
  const list = benchmarks.value;
  /** Imports under way (by the name they register), as far as pushes have told. */
  const imports = shallowReactive(new Map<string, ImportProgress>());

  function onImportProgress(progress: ImportProgress): void {
    imports.set(progress.name, { name: progress.name, done: progress.done, total: progress.total, unit: progress.unit });
  }

  async function importBenchmark(request: BenchmarkImportRequest): Promise<BenchmarkInfo> {
    imports.delete(request.name);
    try {
      const info = await api.importBenchmark(request);
      void benchmarks.load();
      return info;
    } finally {
      imports.delete(request.name);
    }
  }

  /** Unregisters a benchmark (the services refuse while queued or running runs use it); the row goes at once. */
  async function removeBenchmark(name: string): Promise<void> {
    await api.removeBenchmark(name);
    list.value = list.value.filter((b) => b.name !== name);
    void benchmarks.refresh();
  }

  /** Benchmarks by registered name (configs refer to them by name). */
  const byName = computed(() => new Map(list.value.map((b) => [b.name, b])));
  /** Whether the benchmark of that name is a surrogate that predicts validation accuracy only. */
  function validationOnly(name: string | null | undefined): boolean {
    return name ? isValidationOnlyKind(byName.value.get(name)?.kind) : false;
  }

  const { loaded, error, load, onChange: onBenchmarksUpdated } = benchmarks;
  return { list, loaded, error, imports, load, onBenchmarksUpdated, onImportProgress, resync: onBenchmarksUpdated, importBenchmark, removeBenchmark, byName, validationOnly };
});
