/** The Api over the Electron preload bridge. IPC never drops, so the connection is always open. */
import type { Api } from '#shared/api.ts';
import type { ArchwalkBridge } from './bridge.ts';
import type { Connection } from './connection.ts';
import { ApiError, errorMessage } from './errors.ts';
import { typedApi } from './typed-api.ts';

// ipcRenderer.invoke wraps the main process's message: "Error invoking remote method
// 'archwalk:invoke': Error: <message>". The user only needs <message>.
const IPC_PREFIX = /^Error invoking remote method '[^']*':\s*(?:[A-Za-z]*Error:\s*)?/;

export function ipcApi(bridge: ArchwalkBridge): { api: Api; connection: Connection } {
  const api = typedApi(
    async (method, params) => {
      try {
        return await bridge.invoke(method, params);
      } catch (error) {
        const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
        throw new ApiError(method, errorMessage(error).replace(IPC_PREFIX, ''), code);
      }
    },
    (listener) => bridge.onPush(listener),
  );
  const connection: Connection = {
    transport: 'ipc',
    state: () => ({ status: 'open' }),
    onState: () => () => undefined,
    retryNow: () => undefined,
  };
  return { api, connection };
}
