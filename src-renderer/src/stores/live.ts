/**
 * The one subscription to push events, fanned out to the stores, and the resync after
 * a reconnect (pushes sent while disconnected are lost, so shown data is refetched).
 */
import type { PushEvent } from '#shared/api.ts';
import { useClient } from '../api/client.ts';
import { useAgentsStore } from './agents.ts';
import { useAgentMapsStore } from './agent-maps.ts';
import { useAnalysesStore } from './analyses.ts';
import { useArchitecturesStore } from './architectures.ts';
import { useBenchmarksStore } from './benchmarks.ts';
import { useConnectionStore } from './connection.ts';
import { useCurvesStore } from './curves.ts';
import { useExperimentsStore } from './experiments.ts';
import { useQueueStore } from './queue.ts';
import { useRunsStore } from './runs.ts';

let started = false;

export function startLiveUpdates(): void {
  if (started) return;
  started = true;
  const client = useClient();
  const experiments = useExperimentsStore();
  const runs = useRunsStore();
  const architectures = useArchitecturesStore();
  const curves = useCurvesStore();
  const queue = useQueueStore();
  const benchmarks = useBenchmarksStore();
  const agents = useAgentsStore();
  const connection = useConnectionStore();
  const analyses = useAnalysesStore();
  const agentMaps = useAgentMapsStore();

  client.api.subscribe((event: PushEvent) => {
    switch (event.type) {
      case 'run-point':
        runs.onRunPoint(event.runId, event.point);
        curves.onRunPoint(event.runId, event.experimentId, event.point);
        architectures.onRunPoint(event.runId, event.point[0], event.evaluated);
        break;
      case 'run-query-progress':
        runs.onQueryProgress(event.runId, event.progress);
        break;
      case 'run-metric':
        runs.onRunMetric(event.runId, event.name, event.step, event.value);
        break;
      case 'run-updated':
        runs.onRunUpdated(event.run);
        experiments.onRunUpdated(event.run);
        queue.onChange();
        break;
      case 'experiment-updated':
        experiments.onExperimentUpdated(event.experimentId);
        curves.onExperimentUpdated(event.experimentId);
        queue.onChange();
        break;
      case 'agents-updated':
        agents.onAgentsUpdated();
        break;
      case 'benchmarks-updated':
        benchmarks.onBenchmarksUpdated();
        break;
      case 'import-progress':
        benchmarks.onImportProgress(event);
        break;
      case 'analysis-progress':
        analyses.onProgress(event);
        break;
      case 'agent-map-progress':
        agentMaps.onProgress(event);
        break;
    }
  });

  let hasBeenOpen = client.connection.state().status === 'open';
  client.connection.onState((state) => {
    connection.setState(state);
    if (state.status !== 'open') return;
    if (hasBeenOpen) {
      experiments.resync();
      runs.resync();
      architectures.resync();
      curves.resync();
      queue.resync();
      benchmarks.resync();
      agents.resync();
    }
    hasBeenOpen = true;
    // The server may have been restarted, perhaps as another version.
    void connection.loadSystem();
  });
  if (hasBeenOpen) void connection.loadSystem();
}
