/**
 * The main window and the rules every page of it lives under: a sandboxed,
 * context-isolated renderer that can neither leave the app's own pages nor open
 * windows, gets no permissions, and runs under a strict Content-Security-Policy.
 * Electron's BrowserWindow and shell come in as parameters (see main.ts).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { devServerOrigin, isTrustedRendererUrl } from './trust.ts';
import type { RendererLocation } from './trust.ts';

const BASE_POLICY: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
];

/**
 * The Content-Security-Policy of the app's pages. Under the dev server, Vite's
 * hot-reload socket (ws:// on the dev server's host) is allowed as well.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const origin = devServerOrigin(devServerUrl);
  const socket = origin === null ? null : origin.replace(/^http/, 'ws');
  return BASE_POLICY.map(([directive, sources]) =>
    directive === 'connect-src' && socket !== null ? `${directive} ${sources} ${socket}` : `${directive} ${sources}`,
  ).join('; ');
}

/** Only web links leave the app, and only to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Documentation the app may link to; these open in the browser without a question. */
export const DOCUMENTATION_HOSTS: readonly string[] = ['github.com', 'arxiv.org', 'doi.org', 'openreview.net'];

/**
 * What a link leaving the app does: https links to documentation open, other web links are
 * shown to the user first (a page could otherwise send them anywhere), everything else is refused.
 */
export function externalLinkAction(url: string): 'open' | 'ask' | 'refuse' {
  if (!isExternalWebUrl(url)) return 'refuse';
  const { protocol, hostname, username, password } = new URL(url);
  if (username !== '' || password !== '') return 'ask';
  return protocol === 'https:' && DOCUMENTATION_HOSTS.includes(hostname) ? 'open' : 'ask';
}

interface PreventableEvent {
  preventDefault(): void;
}

interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

type NavigationListener = (event: NavigationEvent, url?: string) => void;

/** The part of Electron's Session used here. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** The part of Electron's WebContents used here. */
export interface WebContentsLike {
  on(event: 'will-navigate', listener: NavigationListener): unknown;
  on(event: 'will-frame-navigate', listener: NavigationListener): unknown;
  on(event: 'will-redirect', listener: NavigationListener): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  readonly session: SessionLike;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  loadFile(filePath: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

export interface HardenOptions {
  isTrustedUrl(url: string): boolean;
  /** shell.openExternal; only ever called with http(s) URLs. Absent: no link leaves this window. */
  openExternal?(url: string): Promise<void>;
  /** Asks the user whether to open a web link that is not documentation; absent: such links are refused. */
  confirmExternal?(url: string): Promise<boolean>;
  log?(message: string, error?: unknown): void;
}

function defaultLog(message: string, error?: unknown): void {
  console.warn(`[archwalk] ${message}`, error ?? '');
}

/** Keeps a page on the app's own URLs and turns window.open into "open in the browser" (see externalLinkAction). */
export function hardenWebContents(contents: Pick<WebContentsLike, 'on' | 'setWindowOpenHandler'>, options: HardenOptions): void {
  const log = options.log ?? defaultLog;
  const guard: NavigationListener = (event, url) => {
    const target = typeof event.url === 'string' ? event.url : (url ?? '');
    if (options.isTrustedUrl(target)) return;
    event.preventDefault();
    log(`Blocked navigation to ${target}`);
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  const open = (url: string): void => {
    options.openExternal!(url).catch((error: unknown) => log(`Could not open ${url} in the browser`, error));
  };
  contents.setWindowOpenHandler(({ url }) => {
    const action = options.openExternal ? externalLinkAction(url) : 'refuse';
    if (action === 'open') open(url);
    else if (action === 'ask' && options.confirmExternal) {
      options.confirmExternal(url).then(
        (yes) => (yes ? open(url) : log(`The user declined to open ${url}`)),
        (error: unknown) => log(`Could not ask about ${url}`, error),
      );
    } else log(`Blocked a new window for ${url}`);
    return { action: 'deny' };
  });
}

/**
 * Writing plain text to the clipboard ("Copy JSON" of an architecture or config) is the one
 * permission the app needs; reading the clipboard, media, location and the rest stay denied.
 */
export const GRANTED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/** No permissions beyond GRANTED_PERMISSIONS, and the CSP header on every response of the app's own pages. */
export function hardenSession(session: SessionLike, options: { isTrustedUrl(url: string): boolean; csp: string }): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(GRANTED_PERMISSIONS.includes(permission)));
  session.setPermissionCheckHandler((_webContents, permission) => GRANTED_PERMISSIONS.includes(permission));
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!options.isTrustedUrl(details.url)) {
      callback({});
      return;
    }
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Ours replaces whatever policy the response carried (e.g. a looser one from a dev server).
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [options.csp];
    callback({ responseHeaders });
  });
}

export interface RendererPaths {
  /** out/preload/index.cjs */
  preload: string;
  /** out/renderer/index.html */
  rendererIndex: string;
}

/** The window options; the security-relevant part is fixed, not configurable. */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'archwalk',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export interface CreateMainWindowOptions<W extends BrowserWindowLike> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  /** shell.openExternal */
  openExternal(url: string): Promise<void>;
  /** Asks before a web link that is not documentation leaves the app (a dialog naming the URL). */
  confirmExternal?(url: string): Promise<boolean>;
  paths: RendererPaths;
  location: RendererLocation;
  log?(message: string, error?: unknown): void;
}

/** Creates the window, hardens it and starts loading the renderer (built file, or the dev server). */
export function createMainWindow<W extends BrowserWindowLike>(options: CreateMainWindowOptions<W>): W {
  const log = options.log ?? defaultLog;
  const isTrustedUrl = (url: string): boolean => isTrustedRendererUrl(url, options.location);
  const window = new options.BrowserWindow(mainWindowOptions(options.paths.preload));
  hardenWebContents(window.webContents, { isTrustedUrl, openExternal: options.openExternal, ...(options.confirmExternal ? { confirmExternal: options.confirmExternal } : {}), log });
  hardenSession(window.webContents.session, { isTrustedUrl, csp: contentSecurityPolicy(options.location.devServerUrl) });
  window.once('ready-to-show', () => window.show());
  const devServerUrl = options.location.devServerUrl;
  const loading = devServerOrigin(devServerUrl) !== null && devServerUrl !== undefined
    ? window.loadURL(devServerUrl)
    : window.loadFile(options.paths.rendererIndex);
  loading.catch((error: unknown) => log('The window could not load the archwalk interface', error));
  return window;
}
