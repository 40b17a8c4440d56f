/**
 * The main-process side of the Api bridge: one invoke channel that dispatches to
 * `services.api`, and one push channel that fans PushEvents out to the windows.
 * Everything Electron-specific comes in as a parameter so the unit tests run it
 * with fakes.
 */
import { API_METHODS } from '#shared/api.ts';
import { toApiErrorPayload } from '#shared/api-errors.ts';
import { invokeApi, isApiMethod } from '#shared/api-invoke.ts';
import type { Api, PushEvent } from '#shared/api.ts';
import { INVOKE_CHANNEL, PICK_PATH_CHANNEL, PUSH_CHANNEL } from './channels.ts';
import type { InvokeReply, PickPathOptions } from './channels.ts';
import { senderUrl } from './trust.ts';
import type { SenderEventLike } from './trust.ts';

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEventLike, ...args: unknown[]) => Promise<InvokeReply>): void;
  removeHandler(channel: string): void;
}

/** The part of a window's webContents a push needs. */
export interface PushTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  /** The services (createServices in src-main/services); only their api is used here. */
  services: { readonly api: Api };
  /** Whether a URL is the app's own renderer (see isTrustedRendererUrl). */
  isTrustedUrl(url: string): boolean;
  /** The live windows; pushes go to each one that shows the app's own renderer. */
  windows(): readonly { readonly webContents: PushTarget }[];
  /** Where failures that the user does not see get reported. */
  log?(message: string, error?: unknown): void;
  /** dialog.showOpenDialog for the window that asked; resolves with a path or null when cancelled. */
  pickPath?(sender: unknown, options: PickPathOptions): Promise<string | null>;
}

/** Only the fields the dialog understands, with the types it expects, cross from the page. */
export function sanitizePickOptions(raw: unknown): PickPathOptions {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: PickPathOptions = {};
  if (typeof value.title === 'string') out.title = value.title.slice(0, 200);
  if (value.directory === true) out.directory = true;
  if (Array.isArray(value.filters)) {
    out.filters = value.filters
      .filter((f): f is { name: string; extensions: unknown[] } => typeof f === 'object' && f !== null && typeof (f as { name?: unknown }).name === 'string' && Array.isArray((f as { extensions?: unknown }).extensions))
      .map((f) => ({ name: f.name.slice(0, 80), extensions: f.extensions.filter((x): x is string => typeof x === 'string' && /^[A-Za-z0-9*]{1,16}$/.test(x)) }));
  }
  return out;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function failure(message: string, code: string): InvokeReply {
  return { ok: false, error: { message, code } };
}

/** Registers the Api handlers and the push fan-out; the returned function undoes both. */
export function registerIpc(options: RegisterIpcOptions): () => void {
  const { ipcMain, services, isTrustedUrl, windows } = options;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[archwalk] ${message}`, error ?? ''));
  const api: Api = services.api;

  ipcMain.handle(INVOKE_CHANNEL, async (event, method, params): Promise<InvokeReply> => {
    const url = senderUrl(event);
    if (url === null || !isTrustedUrl(url)) {
      log(`Refused an Api call from an untrusted page: ${url ?? '(no frame)'}`);
      return failure('This page is not allowed to use the archwalk Api.', 'untrusted-sender');
    }
    if (!isApiMethod(method)) {
      return failure(
        `Unknown Api method ${describe(method)}; expected one of: ${API_METHODS.join(', ')}.`,
        'unknown-method',
      );
    }
    if (!Array.isArray(params)) {
      return failure(`The parameters of ${method} must be an array of arguments.`, 'bad-params');
    }
    return invokeApi(api, method, params, log);
  });

  const pickPath = options.pickPath;
  if (pickPath) {
    ipcMain.handle(PICK_PATH_CHANNEL, async (event, raw): Promise<InvokeReply> => {
      const url = senderUrl(event);
      if (url === null || !isTrustedUrl(url)) {
        log(`Refused a file dialog for an untrusted page: ${url ?? '(no frame)'}`);
        return failure('This page is not allowed to open the file dialog.', 'untrusted-sender');
      }
      try {
        return { ok: true, result: await pickPath((event as { sender?: unknown }).sender, sanitizePickOptions(raw)) };
      } catch (error) {
        return { ok: false, error: toApiErrorPayload(error, 'The file dialog') };
      }
    });
  }

  const unsubscribe = api.subscribe((event: PushEvent) => {
    for (const window of windows()) {
      const contents = window.webContents;
      try {
        if (contents.isDestroyed() || !isTrustedUrl(contents.getURL())) continue;
        contents.send(PUSH_CHANNEL, event);
      } catch (error) {
        // A window closing mid-send must not stop the others from getting the event.
        log('Could not forward a push event to a window', error);
      }
    }
  });

  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    ipcMain.removeHandler(INVOKE_CHANNEL);
    if (pickPath) ipcMain.removeHandler(PICK_PATH_CHANNEL);
    unsubscribe();
  };
}
