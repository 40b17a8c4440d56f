/**
 * What the renderer's api/client module gives a component under test: the test's fake Api over
 * a connection that is always open. Used from each test file's own `vi.mock` factory (vitest
 * needs the mock declared in the file it applies to).
 */
import { nextTick } from 'vue';
import type { RunDetail, RunSummary } from '#shared/api.ts';

export function fakeClientModule(api: unknown) {
  return {
    useApi: () => api,
    useClient: () => ({ api, connection: { transport: 'websocket', state: () => ({ status: 'open' }), onState: () => () => undefined, retryNow: () => undefined } }),
  };
}

/** Lets the fake Api's promises, one macrotask and Vue's re-render settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await nextTick();
}

/** A run's detail as getRun answers it: the summary and config given, no metrics, log or best cell. */
export function runDetail(run: RunSummary, config: unknown, curve: RunDetail['curve'] = []): RunDetail {
  return {
    run,
    config: config as RunDetail['config'],
    provenance: { seed: 0, configHash: '', appVersion: '', mlBackend: null, device: null, benchmarkSha256: null },
    curve,
    metrics: {},
    best: null,
    logTail: [],
    attempts: [],
  };
}
