/** The Api's benchmarks and agents: listing, importing, removing, landscape analyses, agents' latent maps. */
import type { Api, BenchmarkInfo } from '#shared/api.ts';
import { readLiveBenchmarkFile } from '../../nas/live/live-benchmark.ts';
import { agentTrainedOn, toAgentInfo } from '../agents.ts';
import { importBenchmark } from '../benchmark-registry.ts';
import { removeBenchmark } from '../benchmark-removal.ts';
import { contentFreeError } from '../content-free-errors.ts';
import { confineToDataRoots, dataRoots, storedDataRoots } from '../data-roots.ts';
import { toBenchmarkInfo, type Store } from '../store.ts';
import { agentTransfer } from '../transfer-stats.ts';
import type { ApiContext } from './context.ts';

/** A live benchmark's listing: how many cells its searches have trained, and the best of them. */
function withLiveProgress(store: Store, info: BenchmarkInfo, dataPath: string): BenchmarkInfo {
  if (info.kind !== 'live') return info;
  try {
    const file = readLiveBenchmarkFile(dataPath);
    const summary = store.liveResultSummary(file.recipeKey, file.maxVertices);
    return { ...info, trained: summary.cells, bestValid: summary.bestValid, bestTest: summary.bestTest };
  } catch {
    return info; // an unreadable definition shows as registered, without progress
  }
}

export function benchmarksApi(context: ApiContext): Pick<Api, 'listBenchmarks' | 'listAgents' | 'importBenchmark' | 'removeBenchmark' | 'getBenchmarkAnalysis' | 'getAgentMap'> {
  const { store, home, mode, emit, landscapes, agentMaps } = context;
  return {
    async listBenchmarks() {
      return store.listBenchmarks().map((row) => withLiveProgress(store, toBenchmarkInfo(row), row.data_path));
    },
    async listAgents() {
      return store.listAgents().map((agent) => toAgentInfo(agent, agentTrainedOn(store, agent), agentTransfer(store, agent)));
    },
    async importBenchmark(request) {
      let row;
      try {
        // Paths from the app's window or a browser are confined to the data roots, and the refusal
        // never quotes the file; the CLI's user typed the path and reads their own files.
        const path = mode === 'cli' ? request.path : confineToDataRoots(request.path, dataRoots(home.root, storedDataRoots(store), context.dataRoots));
        row = await importBenchmark(store, home, { ...request, path }, {
          onProgress: (p) => emit({ type: 'import-progress', name: request.name, done: p.bytesRead, total: p.totalBytes, unit: 'bytes' }),
        });
      } catch (error) {
        throw mode === 'cli' ? error : contentFreeError(error);
      }
      emit({ type: 'benchmarks-updated' });
      return toBenchmarkInfo(row);
    },
    async removeBenchmark(name) {
      removeBenchmark(store, home, name);
      emit({ type: 'benchmarks-updated' });
    },
    async getBenchmarkAnalysis(name, params) {
      return landscapes.get(name, params ?? {});
    },
    async getAgentMap(agentId, params) {
      return agentMaps.get(agentId, params ?? {});
    },
  };
}
