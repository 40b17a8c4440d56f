import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserWindowConstructorOptions } from 'electron';
import {
  contentSecurityPolicy,
  createMainWindow,
  hardenSession,
  hardenWebContents,
  isExternalWebUrl,
} from '../../src-main/electron/window.ts';
import type { BrowserWindowLike, SessionLike, WebContentsLike } from '../../src-main/electron/window.ts';

const APP_INDEX = '/app/out/renderer/index.html';
const APP_URL = 'file:///app/out/renderer/index.html';
const location = { rendererDir: '/app/out/renderer' };

type Listener = (...args: never[]) => unknown;
type HeadersListener = Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];
type PermissionRequestHandler = Parameters<SessionLike['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<SessionLike['setPermissionCheckHandler']>[0];
type OpenHandler = Parameters<WebContentsLike['setWindowOpenHandler']>[0];

class FakeSession implements SessionLike {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  headersListener: HeadersListener | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }
  webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };
  headersFor(url: string, responseHeaders?: Record<string, string[]>) {
    let response: { responseHeaders?: Record<string, string | string[]> } | undefined;
    assert.ok(this.headersListener);
    this.headersListener({ url, ...(responseHeaders ? { responseHeaders } : {}) }, (r) => { response = r; });
    assert.ok(response, 'callback not called');
    return response;
  }
}

class FakeWebContents implements WebContentsLike {
  listeners = new Map<string, Listener[]>();
  openHandler: OpenHandler | null = null;
  session = new FakeSession();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  /** Emits a navigation-like event the way Electron does; returns whether it was prevented. */
  navigate(event: string, url: string): boolean {
    let prevented = false;
    const details = { url, preventDefault: () => { prevented = true; } };
    const listeners = this.listeners.get(event) ?? [];
    assert.ok(listeners.length > 0, `no ${event} listener`);
    for (const listener of listeners) (listener as (d: typeof details, u: string) => void)(details, url);
    return prevented;
  }
}

class FakeWindow implements BrowserWindowLike {
  static created: FakeWindow[] = [];
  options: BrowserWindowConstructorOptions;
  webContents = new FakeWebContents();
  loaded: { url?: string; file?: string } = {};
  shown = false;
  readyListeners: (() => void)[] = [];
  constructor(options: BrowserWindowConstructorOptions) {
    this.options = options;
    FakeWindow.created.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file };
  }
  once(_event: 'ready-to-show', listener: () => void): this {
    this.readyListeners.push(listener);
    return this;
  }
  show(): void {
    this.shown = true;
  }
}

function makeWindow(devServerUrl?: string, answer = false) {
  const opened: string[] = [];
  const asked: string[] = [];
  const logs: string[] = [];
  const window = createMainWindow({
    BrowserWindow: FakeWindow,
    openExternal: async (url) => { opened.push(url); },
    confirmExternal: async (url) => {
      asked.push(url);
      return answer;
    },
    paths: { preload: '/app/out/preload/index.cjs', rendererIndex: APP_INDEX },
    location: { ...location, devServerUrl },
    log: (message) => logs.push(message),
  });
  return { window, opened, asked, logs };
}

describe('createMainWindow', () => {
  it('creates a sandboxed, isolated window with the built preload', () => {
    const { window } = makeWindow();
    const prefs = window.options.webPreferences;
    assert.ok(prefs);
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.preload, '/app/out/preload/index.cjs');
  });

  it('loads the built renderer, or the dev server when electron-vite gives one', () => {
    assert.deepEqual(makeWindow().window.loaded, { file: APP_INDEX });
    assert.deepEqual(makeWindow('http://localhost:5173').window.loaded, { url: 'http://localhost:5173' });
    assert.deepEqual(makeWindow('javascript:alert(1)').window.loaded, { file: APP_INDEX });
  });

  it('shows the window once it is ready', () => {
    const { window } = makeWindow();
    assert.equal(window.shown, false);
    for (const listener of window.readyListeners) listener();
    assert.equal(window.shown, true);
  });

  it('blocks navigation away from the app', () => {
    const { window, opened } = makeWindow();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      assert.equal(window.webContents.navigate(event, 'https://evil.example/'), true, event);
      assert.equal(window.webContents.navigate(event, 'file:///etc/passwd'), true, event);
      assert.equal(window.webContents.navigate(event, `${APP_URL}#/queue`), false, event);
    }
    assert.deepEqual(opened, []);
  });

  it('allows navigation within the dev server only in dev', () => {
    const { window } = makeWindow('http://localhost:5173');
    assert.equal(window.webContents.navigate('will-navigate', 'http://localhost:5173/'), false);
    assert.equal(window.webContents.navigate('will-navigate', 'http://localhost:8080/'), true);
    assert.equal(makeWindow().window.webContents.navigate('will-navigate', 'http://localhost:5173/'), true);
  });

  it('denies window.open: documentation opens in the system browser, other web links only when the user agrees', async () => {
    for (const answer of [false, true]) {
      const { window, opened, asked } = makeWindow(undefined, answer);
      const handler = window.webContents.openHandler;
      assert.ok(handler);
      for (const url of ['https://github.com/google-research/nasbench', 'http://example.org/', 'https://github.com.evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', APP_URL]) {
        assert.deepEqual(handler({ url }), { action: 'deny' }, url);
      }
      await new Promise((resolve) => setImmediate(resolve));
      // Before: every http(s) URL opened without a question.
      assert.deepEqual(asked, ['http://example.org/', 'https://github.com.evil.example/']);
      assert.deepEqual(opened, ['https://github.com/google-research/nasbench', ...(answer ? asked : [])]);
    }
  });

  it('blocks webview attachment', () => {
    const { window } = makeWindow();
    assert.equal(window.webContents.navigate('will-attach-webview', 'https://evil.example/'), true);
  });

  it('grants only sanitized clipboard writes', () => {
    const { window } = makeWindow();
    const session = window.webContents.session;
    let granted: boolean | undefined;
    session.requestHandler?.(null, 'clipboard-sanitized-write', (value) => { granted = value; });
    assert.equal(granted, true);
    assert.equal(session.checkHandler?.(null, 'clipboard-sanitized-write'), true);
  });

  it('denies every other permission request and check', () => {
    const { window } = makeWindow();
    const session = window.webContents.session;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      let granted: boolean | undefined;
      session.requestHandler?.(null, permission, (value) => { granted = value; });
      assert.equal(granted, false, permission);
      assert.equal(session.checkHandler?.(null, permission), false, permission);
    }
  });

  it("sets the strict CSP header on the app's own responses only", () => {
    const { window } = makeWindow();
    const session = window.webContents.session;
    const own = session.headersFor(APP_URL, { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] });
    assert.deepEqual(own.responseHeaders, { 'X-Other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy()] });
    assert.deepEqual(session.headersFor('https://evil.example/', { 'X-Other': ['1'] }), {});
  });
});

describe('contentSecurityPolicy', () => {
  it('is the strict policy', () => {
    assert.equal(
      contentSecurityPolicy(),
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it("adds only the dev server's hot-reload socket in dev", () => {
    const policy = contentSecurityPolicy('http://localhost:5173');
    assert.match(policy, /connect-src 'self' ws:\/\/localhost:5173;/);
    assert.equal(policy.replace(' ws://localhost:5173', ''), contentSecurityPolicy());
  });
});

describe('hardening helpers', () => {
  it('isExternalWebUrl accepts only http and https', () => {
    assert.equal(isExternalWebUrl('https://a.example'), true);
    assert.equal(isExternalWebUrl('http://a.example'), true);
    for (const url of ['file:///x', 'mailto:a@b.c', 'javascript:1', 'ms-settings:', 'not a url']) assert.equal(isExternalWebUrl(url), false, url);
  });

  it('reports a failing openExternal instead of throwing', async () => {
    const contents = new FakeWebContents();
    const logs: string[] = [];
    hardenWebContents(contents, { isTrustedUrl: () => false, openExternal: async () => { throw new Error('no browser'); }, log: (m) => logs.push(m) });
    assert.deepEqual(contents.openHandler?.({ url: 'https://github.com/' }), { action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(logs.length, 1);
  });

  it('hardenSession works on a bare session', () => {
    const session = new FakeSession();
    hardenSession(session, { isTrustedUrl: () => true, csp: "default-src 'none'" });
    assert.deepEqual(session.headersFor('file:///x').responseHeaders, { 'Content-Security-Policy': ["default-src 'none'"] });
  });
});
