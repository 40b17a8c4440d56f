/**
 * What the preload exposes to the renderer, kept apart from preload.ts so the unit
 * tests can build it with a fake contextBridge and ipcRenderer.
 *
 * The renderer sees exactly:
 *
 *   window.archwalk: {
 *     invoke(method: string, params: unknown[]): Promise<unknown>;
 *     onPush(listener: (event: PushEvent) => void): () => void;
 *     pickPath(options: PickPathOptions): Promise<string | null>;
 *   }
 *
 * `invoke` resolves with the Api method's result or rejects with an Error whose message
 * is the one the main side meant for the user; `onPush` returns its unsubscribe function;
 * `pickPath` opens the desktop's file dialog and resolves with the chosen path (null: cancelled).
 * ipcRenderer itself, and the IPC event objects (which carry `sender`), never cross over.
 */
import type { PushEvent } from '#shared/api.ts';
import { INVOKE_CHANNEL, PICK_PATH_CHANNEL, PUSH_CHANNEL } from './channels.ts';
import type { InvokeReply, PickPathOptions } from './channels.ts';

export interface ArchwalkBridge {
  invoke(method: string, params: unknown[]): Promise<unknown>;
  onPush(listener: (event: PushEvent) => void): () => void;
  pickPath(options: PickPathOptions): Promise<string | null>;
}

export const BRIDGE_KEY = 'archwalk';

/** The part of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

/** An error with the main side's message (and code, where it gave one). */
export class ArchwalkApiError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'ArchwalkApiError';
    this.code = code;
  }
}

function isReply(value: unknown): value is InvokeReply {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as { ok?: unknown; error?: unknown };
  if (reply.ok === true) return true;
  return reply.ok === false && typeof reply.error === 'object' && reply.error !== null
    && typeof (reply.error as { message?: unknown }).message === 'string';
}

/** Sends one request and unwraps its reply envelope into a value or an ArchwalkApiError. */
async function request(ipcRenderer: IpcRendererLike, channel: string, ...args: unknown[]): Promise<unknown> {
  let reply: unknown;
  try {
    reply = await ipcRenderer.invoke(channel, ...args);
  } catch (error) {
    // Only transport failures land here (e.g. no handler yet, or an argument that cannot be cloned).
    const message = error instanceof Error ? error.message : String(error);
    throw new ArchwalkApiError(`Could not reach the archwalk services: ${message}`, 'transport');
  }
  if (!isReply(reply)) throw new ArchwalkApiError('The archwalk services sent a malformed reply.', 'transport');
  if (reply.ok) return reply.result;
  throw new ArchwalkApiError(reply.error.message, reply.error.code);
}

export function createArchwalkBridge(ipcRenderer: IpcRendererLike): ArchwalkBridge {
  return {
    async pickPath(options: PickPathOptions): Promise<string | null> {
      const result = await request(ipcRenderer, PICK_PATH_CHANNEL, options ?? {});
      return typeof result === 'string' ? result : null;
    },
    async invoke(method: string, params: unknown[]): Promise<unknown> {
      if (typeof method !== 'string') throw new ArchwalkApiError('The Api method name must be a string.', 'unknown-method');
      if (!Array.isArray(params)) throw new ArchwalkApiError(`The parameters of ${method} must be an array of arguments.`, 'bad-params');
      return request(ipcRenderer, INVOKE_CHANNEL, method, params);
    },
    onPush(listener: (event: PushEvent) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onPush needs a listener function.');
      const forward = (_event: unknown, payload: unknown): void => listener(payload as PushEvent);
      ipcRenderer.on(PUSH_CHANNEL, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipcRenderer.removeListener(PUSH_CHANNEL, forward);
      };
    },
  };
}

export function exposeArchwalkBridge(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  contextBridge.exposeInMainWorld(BRIDGE_KEY, createArchwalkBridge(ipcRenderer));
}
