/**
 * Benchmarks that ship with archwalk (resources/), registered in every ARCHWALK_HOME on
 * first start so the app does something useful with no download.
 *
 * nb101-5v-fmnist: every NAS-Bench-101 cell with at most 5 vertices (2,532), trained by
 * archwalk on Fashion-MNIST with one fixed recipe (resources/nb101-5v-fmnist/, see its
 * provenance.json). It is an ordinary NB101 table: the official hashing, neighbourhoods
 * and query code serve it, restricted to its 5-vertex space.
 *
 * nb201-cifar10, nb201-12ep-cifar10, nb201-12ep-cifar100, nb201-12ep-imagenet16: complete
 * NAS-Bench-201 tables built from MIT-licensed public CSVs (resources/nb201-*, see
 * nas/benchmarks/nb201/shipped.ts and scripts/build-nb201-tables.ts), in the compact
 * SHA-256-checked table format; they record their dataset and training epochs.
 *
 * Each table is copied into the home (they are small) so a home never depends on where the
 * app is installed. Registration happens once per home and benchmark: a user who deletes a
 * benchmark does not get it back on the next start (a setting remembers it was offered).
 * A damaged file is reported and registers nothing; the others still register.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNb101Table } from '../nas/benchmarks/nb101/table-format.ts';
import { nb101TableBenchmark } from '../nas/benchmarks/nb101/table-benchmark.ts';
import { SHIPPED_NB201, shippedNb201File } from '../nas/benchmarks/nb201/shipped.ts';
import { decodeNb201TableFile } from '../nas/benchmarks/nb201/table-file.ts';
import { Nb201TableBenchmark } from '../nas/benchmarks/nb201/table.ts';
import { writeFileAtomic } from '../nas/io/atomic-file.ts';
import { BENCHMARK_KIND_SPECS } from '#shared/benchmark-kinds.ts';
import { sha256 } from './benchmark-registry.ts';
import type { HomeLayout } from './home.ts';
import { findUpwards, hereDir } from '../nas/io/locate.ts';
import type { BenchmarkRow, Store } from './store.ts';

export const EMBEDDED_NB101 = 'nb101-5v-fmnist';
const NB101_FILE = `${EMBEDDED_NB101}/table.nb101`;

/** A shipped benchmark: where its file lies under resources/ and how it becomes a registry row. */
interface ShippedBenchmark {
  name: string;
  /** Path below the resources folder. */
  file: string;
  /** The file name in the home's benchmarks folder. */
  homeFile: string;
  /** Checks the file's bytes (read once) and describes the benchmark; throws on a damaged file. */
  describe(bytes: Buffer, source: string): Omit<BenchmarkRow, 'id' | 'created_at' | 'name' | 'source_path' | 'source_sha256' | 'data_path'>;
}

const SHIPPED: readonly ShippedBenchmark[] = [
  {
    name: EMBEDDED_NB101,
    file: NB101_FILE,
    homeFile: `${EMBEDDED_NB101}.nb101`,
    describe(bytes, source) {
      // The NB101 decoder checks the CRC.
      const benchmark = nb101TableBenchmark(decodeNb101Table(bytes, source), EMBEDDED_NB101);
      const best = benchmark.best();
      return { kind: 'nb101', space: BENCHMARK_KIND_SPECS.nb101.space, size: benchmark.size, best_valid: best.valid, best_test: best.test, dataset: 'fashion-mnist', epochs: benchmark.defaultEpochs };
    },
  },
  ...SHIPPED_NB201.map(
    (spec): ShippedBenchmark => ({
      name: spec.name,
      file: shippedNb201File(spec.name),
      homeFile: `${spec.name}.nb201`,
      describe(bytes, source) {
        const table = decodeNb201TableFile(bytes, source);
        if (table.dataset !== spec.dataset || table.epochs !== spec.epochs) {
          throw new Error(`${source} holds ${table.dataset} at ${table.epochs} epochs, not ${spec.dataset} at ${spec.epochs}; rebuild it with scripts/build-nb201-tables.ts`);
        }
        const benchmark = new Nb201TableBenchmark(spec.name, table);
        const best = benchmark.best();
        return { kind: 'nb201', space: BENCHMARK_KIND_SPECS.nb201.space, size: benchmark.size, best_valid: best.valid, best_test: best.test, dataset: spec.dataset, epochs: spec.epochs };
      },
    }),
  ),
];

/** Names of every benchmark that ships with archwalk, in registration order. */
export const EMBEDDED_BENCHMARKS: readonly string[] = SHIPPED.map((s) => s.name);

/**
 * A shipped file (path below resources/), or null when this build lacks it. `resourcesRoot`
 * (or $ARCHWALK_RESOURCES) names the resources folder; by default it is found beside the code.
 */
export function shippedResourcePath(file: string, resourcesRoot: string | undefined = process.env.ARCHWALK_RESOURCES || undefined): string | null {
  if (resourcesRoot !== undefined) {
    const path = join(resourcesRoot, file);
    return existsSync(path) ? path : null;
  }
  return findUpwards(hereDir(import.meta.url), [`resources/${file}`]);
}

/** The shipped NB101 table, or null when this build has none. */
export function embeddedTablePath(resourcesRoot?: string): string | null {
  return shippedResourcePath(NB101_FILE, resourcesRoot);
}

export interface EmbeddedResult {
  registered: string[];
  /** Why a shipped benchmark was not registered (damaged file), for the log. */
  problems: string[];
}

/** Registers the shipped benchmarks this home has not been offered yet. Never throws. */
export function registerEmbeddedBenchmarks(store: Store, home: HomeLayout, resourcesRoot?: string): EmbeddedResult {
  const result: EmbeddedResult = { registered: [], problems: [] };
  for (const shipped of SHIPPED) {
    // Offered before: nothing to look up (finding the resources folder walks the file system).
    if (store.getSetting(offeredSetting(shipped)) !== undefined) continue;
    const source = shippedResourcePath(shipped.file, resourcesRoot);
    if (source === null) continue;
    try {
      if (registerShipped(store, home, shipped, source)) result.registered.push(shipped.name);
    } catch (error) {
      result.problems.push(`the shipped benchmark ${shipped.name} (${source}) could not be registered: ${(error as Error).message}`);
    }
  }
  return result;
}

/** The setting that remembers this home was offered a shipped benchmark. */
function offeredSetting(shipped: ShippedBenchmark): string {
  return `embedded:${shipped.name}`;
}

/** True when it registered the benchmark now; false when this home has the name (it is then marked offered). */
function registerShipped(store: Store, home: HomeLayout, shipped: ShippedBenchmark, source: string): boolean {
  const offered = offeredSetting(shipped);
  if (store.getBenchmark(shipped.name)) {
    store.setSetting(offered, 'name taken');
    return false;
  }
  // Read (and checksum-checked) once, before anything is copied or registered.
  const bytes = readFileSync(source);
  const described = shipped.describe(bytes, source);
  const dataPath = join(home.benchmarks, shipped.homeFile);
  writeFileAtomic(dataPath, bytes); // the bytes just checked, not a second read
  store.insertBenchmark({ name: shipped.name, source_path: source, source_sha256: sha256(bytes), data_path: dataPath, ...described });
  store.setSetting(offered, new Date().toISOString());
  return true;
}
