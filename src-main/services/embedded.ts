/**
 * Benchmarks that ship with archwalk (resources/), registered in every ARCHWALK_HOME on
 * first start so the app does something useful with no download.
 *
 * nb101-5v-fmnist: every NAS-Bench-101 cell with at most 5 vertices (2,532), trained by
 * archwalk on Fashion-MNIST with one fixed recipe (resources/nb101-5v-fmnist/, see its
 * provenance.json). It is an ordinary NB101 table: the official hashing, neighbourhoods
 * and query code serve it, restricted to its 5-vertex space.
 *
 * The table is copied into the home (it is small) so a home never depends on where the
 * app is installed. Registration happens once per home: a user who deletes the benchmark
 * does not get it back on the next start (a setting remembers it was offered).
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNb101TableSync } from '../nas/benchmarks/nb101/table-format.ts';
import { nb101TableBenchmark } from '../nas/benchmarks/nb101/table-benchmark.ts';
import { sha256 } from './benchmark-registry.ts';
import type { HomeLayout } from './home.ts';
import { findUpwards, hereDir } from './locate.ts';
import type { Store } from './store.ts';

export const EMBEDDED_NB101 = 'nb101-5v-fmnist';
const RESOURCE = `resources/${EMBEDDED_NB101}/table.nb101`;

/**
 * The shipped table, or null when this build has none. `resourcesRoot` (or
 * $ARCHWALK_RESOURCES) names the folder holding nb101-5v-fmnist/; by default it is
 * found beside the code.
 */
export function embeddedTablePath(resourcesRoot: string | undefined = process.env.ARCHWALK_RESOURCES || undefined): string | null {
  if (resourcesRoot !== undefined) {
    const path = join(resourcesRoot, EMBEDDED_NB101, 'table.nb101');
    return existsSync(path) ? path : null;
  }
  return findUpwards(hereDir(import.meta.url), [RESOURCE]);
}

export interface EmbeddedResult {
  registered: string[];
  /** Why a shipped benchmark was not registered (damaged file), for the log. */
  problems: string[];
}

/** Registers the shipped benchmarks this home has not been offered yet. Never throws. */
export function registerEmbeddedBenchmarks(store: Store, home: HomeLayout, resourcesRoot?: string): EmbeddedResult {
  const result: EmbeddedResult = { registered: [], problems: [] };
  const offered = `embedded:${EMBEDDED_NB101}`;
  if (store.getSetting(offered) !== undefined) return result;
  const source = embeddedTablePath(resourcesRoot);
  if (source === null) return result;
  try {
    if (store.getBenchmark(EMBEDDED_NB101)) {
      store.setSetting(offered, 'name taken');
      return result;
    }
    // Read (and CRC-checked) once, before anything is copied or registered.
    const benchmark = nb101TableBenchmark(readNb101TableSync(source), EMBEDDED_NB101);
    const dataPath = join(home.benchmarks, `${EMBEDDED_NB101}.nb101`);
    copyFileSync(source, dataPath);
    const best = benchmark.best();
    store.insertBenchmark({
      name: EMBEDDED_NB101,
      kind: 'nb101',
      space: 'nb101',
      size: benchmark.size,
      source_path: source,
      source_sha256: sha256(readFileSync(source)),
      data_path: dataPath,
      best_valid: best.valid,
      best_test: best.test,
    });
    store.setSetting(offered, new Date().toISOString());
    result.registered.push(EMBEDDED_NB101);
  } catch (error) {
    result.problems.push(`the shipped benchmark ${EMBEDDED_NB101} (${source}) could not be registered: ${(error as Error).message}`);
  }
  return result;
}
