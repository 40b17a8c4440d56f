/**
 * Files the run process starts in worker threads: the TypeScript sources in a checkout, and
 * their separately bundled entries (electron.vite.config.ts) in a build. The paths are put
 * together at run time on purpose: a literal `new URL('./x.ts', import.meta.url)` would make
 * the bundler copy the TypeScript file as an asset instead of pointing at the built entry.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findUpwards, hereDir, isSourceModule } from '../nas/io/locate.ts';

function entry(sourcePath: string, builtName: string): URL {
  const here = hereDir(import.meta.url);
  if (isSourceModule(import.meta.url)) {
    const source = join(here, sourcePath);
    if (existsSync(source)) return pathToFileURL(source);
  }
  const built = findUpwards(here, [builtName, join('main', builtName)]);
  if (!built) throw new Error(`cannot find ${builtName} beside the archwalk build; rebuild with npm run build`);
  return pathToFileURL(built);
}

/** The agent's actor worker-thread entry. */
export function actorWorkerUrl(): URL {
  return entry(join('..', 'nas', 'agent', 'actor-worker.ts'), 'actor-worker.js');
}

/** The module an actor thread imports to open the run's benchmark (exports loadBenchmark). */
export function benchmarkLoaderUrl(): URL {
  return entry('benchmark-loader.ts', 'benchmark-loader.js');
}
