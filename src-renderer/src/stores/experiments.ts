/** Experiments: the list, and the detail of the one being viewed. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CreateExperimentResult, ExperimentDetail, ExperimentSummary, RunSummary, WorkEstimate } from '#shared/api.ts';
import type { ValidationIssue } from '#shared/schema.ts';
import { useApi } from '../api/client.ts';
import { errorMessage } from '../api/errors.ts';
import { coalesceByKey } from '../lib/coalesce.ts';
import { remoteValue } from '../lib/remote-value.ts';

/** Push events can come per query; lists are refetched at most this often. */
const REFRESH_SPACING_MS = 1000;

export const useExperimentsStore = defineStore('experiments', () => {
  const api = useApi();

  /** Fetched once a view asked for the list; pushes refresh it only from then on. */
  const experiments = remoteValue<ExperimentSummary[]>(() => api.listExperiments(), [], REFRESH_SPACING_MS);
  const { value: list, loaded: listLoaded, error: listError, load: loadList } = experiments;

  const currentId = ref<number | null>(null);
  const current = shallowRef<ExperimentDetail | null>(null);
  const currentError = ref<string | null>(null);

  const details = coalesceByKey(async (id: number) => {
    try {
      const detail = await api.getExperiment(id);
      if (currentId.value === id) {
        current.value = detail;
        currentError.value = null;
      }
    } catch (error) {
      if (currentId.value === id) currentError.value = errorMessage(error);
    }
  }, REFRESH_SPACING_MS);

  function open(id: number): Promise<void> {
    if (currentId.value !== id) {
      currentId.value = id;
      currentError.value = null;
      // Coming back to the experiment just left shows it at once while it refreshes.
      if (current.value?.experiment.id !== id) current.value = null;
    }
    return details.request(id);
  }

  /** Stop following the experiment; its last detail is kept for a quick return. */
  function close(id: number): void {
    if (currentId.value === id) currentId.value = null;
  }

  /** A run changed: patch its row in place; the summaries it feeds are refetched (spaced out). */
  function onRunUpdated(run: RunSummary): void {
    const detail = current.value;
    if (detail && currentId.value === run.experimentId && detail.experiment.id === run.experimentId) {
      const index = detail.runs.findIndex((r) => r.id === run.id);
      if (index >= 0) {
        const runs = detail.runs.slice();
        runs[index] = run;
        current.value = { ...detail, runs };
      }
      void details.request(run.experimentId);
    }
    experiments.onChange();
  }

  function onExperimentUpdated(experimentId: number): void {
    if (currentId.value === experimentId) void details.request(experimentId);
    experiments.onChange();
  }

  /** After a reconnect: pushes were missed, so refetch whatever is shown. */
  function resync(): void {
    experiments.onChange();
    if (currentId.value !== null) void details.request(currentId.value);
  }

  async function validate(text: string): Promise<{ ok: boolean; issues: ValidationIssue[]; estimate: WorkEstimate | null }> {
    return api.validateConfig(text);
  }

  async function create(text: string): Promise<CreateExperimentResult> {
    const result = await api.createExperiment(text);
    if (result.ok) {
      void experiments.load();
    }
    return result;
  }

  async function remove(id: number): Promise<void> {
    await api.deleteExperiment(id);
    list.value = list.value.filter((e) => e.id !== id);
    if (currentId.value === id) currentId.value = null;
    if (current.value?.experiment.id === id) current.value = null;
    void experiments.load();
  }

  /** Any experiment's detail, without making it the current one (for cloning and comparing). */
  function fetchDetail(id: number): Promise<ExperimentDetail> {
    return api.getExperiment(id);
  }

  return { remove, fetchDetail, list, listLoaded, listError, loadList, currentId, current, currentError, open, close, onRunUpdated, onExperimentUpdated, resync, validate, create };
});
