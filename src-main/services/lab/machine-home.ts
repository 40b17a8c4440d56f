/**
 * This machine's own home when the store is a lab's: its SQLite file keeps what is the
 * machine's (benchmark tables and their registrations, settings, caches) whatever store the
 * command names, and it gets the shipped benchmarks like any home, so a fresh machine holds
 * them at once.
 */
import { join } from 'node:path';
import { registerEmbeddedBenchmarks } from '../embedded.ts';
import { prepareHome, type HomeLayout } from '../home.ts';
import { Store } from '../store.ts';

export function openMachineHome(root: string, log: (line: string) => void = (line) => console.warn(`archwalk: ${line}`)): { home: HomeLayout; store: Store } {
  const home = prepareHome(root, join(root, 'archwalk.db'));
  const store = new Store(home.database);
  for (const problem of registerEmbeddedBenchmarks(store, home).problems) log(problem);
  return { home, store };
}
