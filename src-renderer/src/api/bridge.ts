/**
 * The Electron preload bridge, as the renderer sees it on `window.archwalk`.
 *
 * The preload (src-main/electron/preload.ts) exposes exactly this object through
 * `contextBridge.exposeInMainWorld('archwalk', …)`. It is deliberately untyped per
 * method: the renderer turns it into the typed `Api` (ipc-client.ts), so the preload
 * stays a thin pipe and the one typed contract stays src-main/shared/api.ts.
 *
 * - `invoke(method, params)`: calls `Api[method](...params)` in the main process; resolves
 *   with its result, rejects with an Error whose message is meant for the user.
 *   (`ipcRenderer.invoke` prefixes messages with "Error invoking remote method '…': Error: ";
 *   ipc-client.ts strips that prefix.)
 * - `onPush(listener)`: every PushEvent from the services; returns the function that
 *   removes the listener.
 * - `pickPath(options)`: the desktop's own file (or folder) dialog; resolves with the chosen
 *   path or null when cancelled. Only in the app: browser mode types paths instead.
 */
import type { PushEvent } from '#shared/api.ts';

export interface PickPathOptions {
  title?: string;
  directory?: boolean;
  filters?: { name: string; extensions: string[] }[];
}

export interface ArchwalkBridge {
  invoke(method: string, params: unknown[]): Promise<unknown>;
  onPush(listener: (event: PushEvent) => void): () => void;
  pickPath?(options: PickPathOptions): Promise<string | null>;
}

declare global {
  interface Window {
    archwalk?: ArchwalkBridge;
  }
}

export function getBridge(): ArchwalkBridge | undefined {
  const bridge = window.archwalk;
  return bridge && typeof bridge.invoke === 'function' && typeof bridge.onPush === 'function' ? bridge : undefined;
}
