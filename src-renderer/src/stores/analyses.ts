/**
 * Landscape analyses the app has asked for: the latest result per benchmark, the request under
 * way (with the progress its analysis process pushes), and the error of a failed one.
 */
import { defineStore } from 'pinia';
import type { BenchmarkAnalysis, LandscapeParams } from '#shared/landscape.ts';
import { useApi } from '../api/client.ts';
import { keyedComputations, type ComputationProgress, type ComputationState } from '../lib/keyed-computations.ts';

export type AnalysisProgress = ComputationProgress;
export type AnalysisState = ComputationState<BenchmarkAnalysis>;

export const useAnalysesStore = defineStore('analyses', () => {
  const api = useApi();
  const computations = keyedComputations((name: string, params: Partial<LandscapeParams>) => api.getBenchmarkAnalysis(name, params));
  return {
    state: computations.state,
    load: computations.load,
    onProgress: (event: { benchmark: string } & AnalysisProgress) => computations.progress(event.benchmark, event),
  };
});
