import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import type { Api } from '#shared/api.ts';
import { startApp } from '../../src-main/electron/lifecycle.ts';
import type { AppLike, ServicesLike, StartAppOptions, WindowLike } from '../../src-main/electron/lifecycle.ts';
import { buildMenuTemplate } from '../../src-main/electron/menu.ts';

type AppEvent = 'window-all-closed' | 'before-quit' | 'second-instance' | 'activate';

class FakeApp implements AppLike {
  lock = true;
  sandboxed = false;
  quitCalls = 0;
  exitCodes: (number | undefined)[] = [];
  listeners = new Map<AppEvent, ((event: { preventDefault(): void }) => void)[]>();
  readyResolve: () => void = () => {};
  private ready = new Promise<void>((resolve) => { this.readyResolve = resolve; });
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  enableSandbox(): void {
    this.sandboxed = true;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  quit(): void {
    this.quitCalls += 1;
    // Like Electron: quitting emits before-quit, which may cancel it.
    this.emit('before-quit');
  }
  exit(code?: number): void {
    this.exitCodes.push(code);
  }
  getPath(name: 'userData'): string {
    assert.equal(name, 'userData');
    return '/home/u/.config/archwalk';
  }
  on(event: AppEvent, listener: (event: { preventDefault(): void }) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Returns whether a listener prevented the default. */
  emit(event: AppEvent): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(event) ?? []) listener({ preventDefault: () => { prevented = true; } });
    return prevented;
  }
}

class FakeWindow implements WindowLike {
  minimized = false;
  restored = 0;
  focused = 0;
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.restored += 1;
    this.minimized = false;
  }
  focus(): void {
    this.focused += 1;
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(overrides: Partial<StartAppOptions<FakeWindow, ServicesLike>> = {}, platform: NodeJS.Platform = 'linux') {
  const app = new FakeApp();
  const windows: FakeWindow[] = [];
  const homes: string[] = [];
  const errors: string[] = [];
  const state = { closeCalls: 0, ipcDisposed: 0, ipcRegistered: 0, menuSet: 0, closeDelay: Promise.resolve() };
  const services: ServicesLike = {
    api: {} as Api,
    close: async () => {
      state.closeCalls += 1;
      await state.closeDelay;
    },
  };
  const options: StartAppOptions<FakeWindow, ServicesLike> = {
    app,
    platform,
    env: {},
    startServices: async (home) => {
      homes.push(home);
      return services;
    },
    registerIpc: (s) => {
      assert.equal(s, services);
      state.ipcRegistered += 1;
      return () => { state.ipcDisposed += 1; };
    },
    createWindow: () => {
      const window = new FakeWindow();
      windows.push(window);
      return window;
    },
    windows: () => windows,
    setMenu: () => { state.menuSet += 1; },
    showError: (title, message) => errors.push(`${title}: ${message}`),
    log: () => {},
    ...overrides,
  };
  return { app, windows, homes, errors, state, options };
}

describe('startApp', () => {
  it('quits at once when another instance holds the lock', async () => {
    const { app, options, homes } = setup();
    app.lock = false;
    assert.equal(await startApp(options), 'second-instance');
    assert.equal(app.quitCalls, 1);
    assert.equal(homes.length, 0);
  });

  it('on ready: menu, services in userData, IPC, then the window', async () => {
    const { app, options, homes, windows, state } = setup();
    const started = startApp(options);
    assert.equal(app.sandboxed, true);
    assert.equal(windows.length, 0);
    app.readyResolve();
    assert.equal(await started, 'running');
    assert.deepEqual(homes, ['/home/u/.config/archwalk']);
    assert.equal(state.menuSet, 1);
    assert.equal(state.ipcRegistered, 1);
    assert.equal(windows.length, 1);
  });

  it('uses ARCHWALK_HOME when set', async () => {
    const { app, options, homes } = setup({ env: { ARCHWALK_HOME: '/data/archwalk' } });
    const started = startApp(options);
    app.readyResolve();
    await started;
    assert.deepEqual(homes, ['/data/archwalk']);
  });

  it('shows an error and exits when the services cannot start', async () => {
    const { app, options, errors, windows } = setup({ startServices: async () => { throw new Error('database is locked'); } });
    const started = startApp(options);
    app.readyResolve();
    assert.equal(await started, 'failed');
    assert.deepEqual(app.exitCodes, [1]);
    assert.equal(windows.length, 0);
    assert.match(errors[0] ?? '', /database is locked/);
  });

  it('quits when all windows close, except on macOS', async () => {
    const linux = setup();
    void startApp(linux.options);
    linux.app.emit('window-all-closed');
    assert.equal(linux.app.quitCalls, 1);
    const mac = setup({}, 'darwin');
    void startApp(mac.options);
    mac.app.emit('window-all-closed');
    assert.equal(mac.app.quitCalls, 0);
  });

  it('before-quit holds the quit until the services are closed, then quits once more', async () => {
    const { app, options, state } = setup();
    let release: () => void = () => {};
    state.closeDelay = new Promise<void>((resolve) => { release = resolve; });
    const started = startApp(options);
    app.readyResolve();
    await started;

    assert.equal(app.emit('before-quit'), true, 'first quit must be held');
    assert.equal(app.emit('before-quit'), true, 'a second quit while closing is held too');
    await tick();
    assert.equal(state.ipcDisposed, 1);
    assert.equal(state.closeCalls, 1);
    assert.equal(app.quitCalls, 0);

    release();
    await tick();
    await tick();
    assert.equal(app.quitCalls, 1);
    assert.equal(state.closeCalls, 1);
    assert.equal(app.emit('before-quit'), false, 'after closing, quitting goes through');
  });

  it('quits anyway when services.close() hangs', async () => {
    const { app, options, state } = setup({ closeTimeoutMs: 5 });
    state.closeDelay = new Promise<void>(() => {});
    const started = startApp(options);
    app.readyResolve();
    await started;
    app.emit('before-quit');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(app.quitCalls, 1);
  });

  it('a quit before ready starts nothing', async () => {
    const { app, options, state, windows, homes } = setup();
    const started = startApp(options);
    app.emit('before-quit');
    app.readyResolve();
    assert.equal(await started, 'quit-during-start');
    await tick();
    assert.deepEqual(homes, []);
    assert.equal(windows.length, 0);
    assert.equal(state.ipcRegistered, 0);
    assert.equal(app.quitCalls, 1);
  });

  it('a quit while the services start closes them once started, and opens no window', async () => {
    let finishStart: () => void = () => {};
    const gate = new Promise<void>((resolve) => { finishStart = resolve; });
    const fixture = setup();
    const { app, state, windows } = fixture;
    const inner = fixture.options.startServices;
    const started = startApp({ ...fixture.options, startServices: async (home) => { await gate; return inner(home); } });
    app.readyResolve();
    await tick();
    assert.equal(app.emit('before-quit'), true);
    await tick();
    assert.equal(app.quitCalls, 0, 'waits for the start to finish');
    finishStart();
    assert.equal(await started, 'quit-during-start');
    await tick();
    await tick();
    assert.equal(state.closeCalls, 1);
    assert.equal(state.ipcRegistered, 0);
    assert.equal(windows.length, 0);
    assert.equal(app.quitCalls, 1);
  });

  it('a second instance focuses (and restores) the existing window', async () => {
    const { app, options, windows } = setup();
    const started = startApp(options);
    app.readyResolve();
    await started;
    const [window] = windows;
    assert.ok(window);
    window.minimized = true;
    app.emit('second-instance');
    assert.equal(window.restored, 1);
    assert.equal(window.focused, 1);
    assert.equal(windows.length, 1);
  });

  it('activate re-creates the window when there is none (macOS dock click)', async () => {
    const { app, options, windows } = setup({}, 'darwin');
    app.emit('activate');
    assert.equal(windows.length, 0, 'not before the services are up');
    const started = startApp(options);
    app.readyResolve();
    await started;
    windows.length = 0;
    app.emit('activate');
    assert.equal(windows.length, 1);
    app.emit('activate');
    assert.equal(windows.length, 1);
  });
});

describe('buildMenuTemplate', () => {
  const roles = (items: MenuItemConstructorOptions[]): string[] =>
    items.flatMap((item) => [
      ...(item.role ? [item.role] : []),
      ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
    ]);

  it('has DevTools only when not packaged', () => {
    assert.ok(roles(buildMenuTemplate({ isMac: false, isPackaged: false, appName: 'archwalk' })).includes('toggleDevTools'));
    assert.ok(!roles(buildMenuTemplate({ isMac: false, isPackaged: true, appName: 'archwalk' })).includes('toggleDevTools'));
    assert.ok(!roles(buildMenuTemplate({ isMac: true, isPackaged: true, appName: 'archwalk' })).includes('forceReload'));
  });

  it('has the app menu on macOS only, and an Edit menu everywhere', () => {
    const mac = roles(buildMenuTemplate({ isMac: true, isPackaged: true, appName: 'archwalk' }));
    const linux = roles(buildMenuTemplate({ isMac: false, isPackaged: true, appName: 'archwalk' }));
    assert.ok(mac.includes('appMenu'));
    assert.ok(!linux.includes('appMenu'));
    assert.ok(mac.includes('editMenu') && linux.includes('editMenu'));
  });
});
