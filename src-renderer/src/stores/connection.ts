/** The connection to the services and what they say about themselves, for the shell. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { SystemInfo } from '#shared/api.ts';
import { useClient } from '../api/client.ts';
import type { ConnectionState } from '../api/connection.ts';
import { errorMessage } from '../api/errors.ts';
import { coalesce } from '../lib/coalesce.ts';

export const useConnectionStore = defineStore('connection', () => {
  const client = useClient();
  const transport = client.connection.transport;
  const state = shallowRef<ConnectionState>(client.connection.state());
  const system = shallowRef<SystemInfo | null>(null);
  const systemError = ref<string | null>(null);
  /** Why a lazily loaded file (a stylesheet, a script) could not be fetched, until the page is reloaded. */
  const assetsFailed = ref<string | null>(null);

  const loadSystem = coalesce(async () => {
    try {
      system.value = await client.api.system();
      systemError.value = null;
    } catch (error) {
      systemError.value = errorMessage(error);
    }
  });

  function setState(next: ConnectionState): void {
    state.value = next;
  }

  function retryNow(): void {
    client.connection.retryNow();
  }

  return { transport, state, system, systemError, assetsFailed, loadSystem, setState, retryNow };
});
