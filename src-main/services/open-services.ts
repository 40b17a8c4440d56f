/**
 * The services of a home, on the store its environment names (`--store`/ARCHWALK_STORE): the
 * embedded store with its scheduler (createServices), or a lab's PostgreSQL store, where the
 * lab's workers run everything and this process shows and queues (lab/services.ts). The app
 * and `archwalk serve` open their services here; the `pg` client loads only for a lab.
 */
import type { Api } from '#shared/api.ts';
import type { HomeLayout } from './home.ts';
import { createServices, type ServicesOptions } from './index.ts';
import type { Store } from './store.ts';
import { resolveStoreUrl } from './store-url.ts';

export interface ShellServices {
  api: Api;
  home: HomeLayout;
  /** The home's own store (settings such as data roots). */
  store: Store;
  close(): Promise<void>;
}

export async function openShellServices(options: ServicesOptions & { mode: 'electron' | 'browser' }, log: (line: string) => void = () => undefined): Promise<ShellServices> {
  const url = resolveStoreUrl(undefined, options.home);
  if (url.kind === 'sqlite') return createServices(options);
  const { PostgresStore } = await import('./postgres/store.ts');
  const { openMachineHome } = await import('./lab/machine-home.ts');
  const { createLabServices } = await import('./lab/services.ts');
  const shared = await PostgresStore.open(url);
  const { home, store } = openMachineHome(options.home);
  log(`lab store ${url.redacted}: every machine's runs, queued for the lab's workers (this process runs none)`);
  return createLabServices({ shared, local: store, home, mode: options.mode });
}
