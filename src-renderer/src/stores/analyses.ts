/**
 * Landscape analyses the app has asked for: the latest result per benchmark, the request under
 * way (with the progress its analysis process pushes), and the error of a failed one.
 */
import { defineStore } from 'pinia';
import { shallowReactive } from 'vue';
import type { BenchmarkAnalysis, LandscapeParams } from '#shared/landscape.ts';
import { useApi } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';

export interface AnalysisProgress {
  phase: string;
  done: number;
  total: number;
}

export interface AnalysisState {
  loading: boolean;
  result: BenchmarkAnalysis | null;
  error: string | null;
  progress: AnalysisProgress | null;
  /** When the request under way was sent (ms), for the elapsed time. */
  startedAt: number;
}

export const useAnalysesStore = defineStore('analyses', () => {
  const api = useApi();
  const byBenchmark = shallowReactive(new Map<string, AnalysisState>());
  /** Requests in order, so an older answer never replaces a newer one. */
  let sequence = 0;
  const latest = new Map<string, number>();

  function state(name: string): AnalysisState | undefined {
    return byBenchmark.get(name);
  }

  function onProgress(event: { benchmark: string; phase: string; done: number; total: number }): void {
    const s = byBenchmark.get(event.benchmark);
    if (!s || !s.loading) return;
    byBenchmark.set(event.benchmark, { ...s, progress: { phase: event.phase, done: event.done, total: event.total } });
  }

  async function load(name: string, params: Partial<LandscapeParams>): Promise<void> {
    const mine = ++sequence;
    latest.set(name, mine);
    const before = byBenchmark.get(name);
    byBenchmark.set(name, { loading: true, result: before?.result ?? null, error: null, progress: null, startedAt: Date.now() });
    try {
      const result = await api.getBenchmarkAnalysis(name, params);
      if (latest.get(name) !== mine) return;
      byBenchmark.set(name, { loading: false, result, error: null, progress: null, startedAt: 0 });
    } catch (error) {
      if (latest.get(name) !== mine) return;
      byBenchmark.set(name, { loading: false, result: before?.result ?? null, error: errorMessage(error), progress: null, startedAt: 0 });
    }
  }

  return { state, onProgress, load };
});
