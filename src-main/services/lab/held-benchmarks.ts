/**
 * The benchmarks a lab worker holds: this machine's registered tables, known by the checksum
 * of their content (benchmark-cells.ts), so that a run queued on another machine under
 * another name still finds the same table here. A run's start is prepared from them and from
 * what the shared store says of the run (its last events, the agent it searches with).
 */
import { configBenchmarks, type RunConfig } from '#shared/config.ts';
import { benchmarkContentSha256 } from '../benchmark-cells.ts';
import type { RunStartSources } from '../run-start.ts';
import type { AsyncStore } from '../store-api.ts';
import type { BenchmarkRow, RunRow, Store } from '../store.ts';

export class HeldBenchmarks {
  private readonly bySha = new Map<string, BenchmarkRow>();
  /** Registered tables that could not be read (their files moved): named when the worker starts. */
  readonly unreadable: { name: string; problem: string }[] = [];

  readonly local: Store;

  constructor(local: Store) {
    this.local = local;
    for (const row of local.listBenchmarks()) {
      try {
        this.bySha.set(benchmarkContentSha256(row), row);
      } catch (error) {
        this.unreadable.push({ name: row.name, problem: (error as Error).message });
      }
    }
  }

  get checksums(): string[] {
    return [...this.bySha.keys()].sort();
  }

  /** This machine's registration of the table with this content, if it holds it. */
  rowOf(sha: string): BenchmarkRow | undefined {
    return this.bySha.get(sha);
  }

  /**
   * What a claimed run starts from: its benchmarks as held here, under the names the run's
   * config uses (the run's i-th benchmark is the one with its i-th recorded checksum); its last
   * events and agent from the shared store, read before the start is built.
   */
  async sourcesFor(shared: AsyncStore, row: RunRow): Promise<RunStartSources> {
    const config = JSON.parse(row.config_json) as RunConfig;
    const names = configBenchmarks(config);
    const checksums = row.benchmark_checksums ?? [];
    const [architecture, checkpoint, agent] = await Promise.all([
      shared.events(row.id, { type: 'architecture', lastN: 1 }),
      config.kind === 'train-agent' ? shared.events(row.id, { type: 'checkpoint', lastN: 1 }) : Promise.resolve([]),
      config.kind === 'search' && config.searcher.kind === 'agent' ? shared.getAgent(String(config.searcher.params.checkpoint)) : Promise.resolve(undefined),
    ]);
    return {
      benchmark: (name) => {
        const held = this.bySha.get(checksums[names.indexOf(name)] ?? '');
        return held ? { ...held, name } : undefined;
      },
      lastEvent: (type) => (type === 'architecture' ? architecture[0] : checkpoint[0]),
      agent: (name) => (agent?.name === name ? agent : undefined),
      cachePath: this.local.path,
    };
  }
}
