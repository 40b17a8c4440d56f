/**
 * What the renderer's api/client module gives a component under test: the test's fake Api over
 * a connection that is always open. Used from each test file's own `vi.mock` factory (vitest
 * needs the mock declared in the file it applies to).
 */
import { nextTick } from 'vue';

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
