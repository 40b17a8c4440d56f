import { createForkLauncher } from '../../src-main/services/fork-launcher.ts';
import { createServices, type Services, type ServicesOptions } from '../../src-main/services/index.ts';
import type { RunStatus } from '#shared/api.ts';
import { NB201_CSV, tempDir } from './data.ts';

export interface TestServices extends Services {
  cleanup(): Promise<void>;
}

/** Real services (store, scheduler, forked run processes) over a fresh home with NB201 imported. */
export async function nb201Services(options: Partial<ServicesOptions> = {}, home = tempDir()): Promise<TestServices> {
  const services = await createServices({ home: home.path, launcher: createForkLauncher(), mode: 'cli', concurrency: 1, autoStart: false, ...options });
  if (!services.store.getBenchmark('nb201-cifar10')) await services.api.importBenchmark({ kind: 'nb201', path: NB201_CSV, name: 'nb201-cifar10' });
  return {
    ...services,
    async cleanup() {
      await services.close();
      home.cleanup();
    },
  };
}

export function experimentYaml(fields: { budget: number; seeds: number | number[]; searchers: string[]; queryDelayMs?: number; name?: string }): string {
  return [
    `name: ${fields.name ?? 'integration'}`,
    'benchmark: nb201-cifar10',
    `budget: ${fields.budget}`,
    `seeds: ${JSON.stringify(fields.seeds)}`,
    `queryDelayMs: ${fields.queryDelayMs ?? 0}`,
    'searchers:',
    ...fields.searchers.map((s) => `  - kind: ${s}`),
  ].join('\n');
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function statusOf(services: Services, runId: number): RunStatus | undefined {
  return services.store.getRun(runId)?.status;
}
