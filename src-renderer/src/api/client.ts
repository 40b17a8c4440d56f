/**
 * Picks the transport once: the Electron preload bridge when the page runs inside the
 * app, otherwise a WebSocket to the `archwalk serve` that served the page.
 */
import type { Api } from '#shared/api.ts';
import { getBridge } from './bridge.ts';
import type { Connection } from './connection.ts';
import { ipcApi } from './ipc-client.ts';
import { WsClient, apiUrlFor } from './ws-client.ts';

export interface Client {
  api: Api;
  connection: Connection;
}

export function createClient(): Client {
  const bridge = getBridge();
  if (bridge) return ipcApi(bridge);
  const ws = new WsClient({ url: apiUrlFor(window.location) });
  ws.start();
  return { api: ws.api(), connection: ws };
}

let client: Client | null = null;

/** The one client of this page. */
export function useClient(): Client {
  client ??= createClient();
  return client;
}

export function useApi(): Api {
  return useClient().api;
}
