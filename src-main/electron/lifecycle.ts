/**
 * The app's life: one instance, services up before the window, the window and IPC
 * on top, and on quit the services closed (runs stopped, store flushed) before the
 * process goes. Electron's app and the factories come in as parameters (see main.ts).
 */
import type { Api } from '#shared/api.ts';
import { resolveHome } from './paths.ts';

/** What the lifecycle needs of createServices' result (src-main/services). */
export interface ServicesLike {
  readonly api: Api;
  close(): Promise<void>;
}

/** The part of Electron's app used here. */
export interface AppLike {
  requestSingleInstanceLock(): boolean;
  enableSandbox(): void;
  whenReady(): Promise<unknown>;
  quit(): void;
  exit(exitCode?: number): void;
  getPath(name: 'userData'): string;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
}

export interface WindowLike {
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export interface StartAppOptions<W extends WindowLike, S extends ServicesLike = ServicesLike> {
  app: AppLike;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** createServices with the utilityProcess launcher, for this home folder. */
  startServices(home: string): Promise<S>;
  registerIpc(services: S): () => void;
  createWindow(): W;
  windows(): readonly W[];
  setMenu(): void;
  /** dialog.showErrorBox */
  showError(title: string, message: string): void;
  /** How long quitting waits for services.close() before it gives up on it. */
  closeTimeoutMs?: number;
  log?(message: string, error?: unknown): void;
}

export type StartOutcome = 'running' | 'second-instance' | 'failed' | 'quit-during-start';

function withTimeout(promise: Promise<void>, ms: number): Promise<'done' | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise.then(() => 'done' as const), timeout]).finally(() => clearTimeout(timer));
}

/** Wires the lifecycle; the promise says how the start went (mostly for tests and logs). */
export function startApp<W extends WindowLike, S extends ServicesLike>(options: StartAppOptions<W, S>): Promise<StartOutcome> {
  const { app } = options;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[archwalk] ${message}`, error ?? ''));
  const closeTimeoutMs = options.closeTimeoutMs ?? 15_000;

  if (!app.requestSingleInstanceLock()) {
    // Another archwalk owns the store; it focuses its window on 'second-instance'.
    app.quit();
    return Promise.resolve('second-instance');
  }
  app.enableSandbox();

  let phase: 'starting' | 'running' | 'closing' | 'closed' = 'starting';
  let servicesPromise: Promise<S> | null = null;
  let disposeIpc: (() => void) | null = null;

  const showWindow = (): void => {
    const [existing] = options.windows();
    if (existing === undefined) {
      options.createWindow();
      return;
    }
    if (existing.isMinimized()) existing.restore();
    existing.focus();
  };

  app.on('second-instance', () => {
    if (phase === 'running') showWindow();
  });
  app.on('activate', () => {
    if (phase === 'running' && options.windows().length === 0) options.createWindow();
  });
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });

  const shutdown = async (): Promise<void> => {
    disposeIpc?.();
    disposeIpc = null;
    const services = await servicesPromise?.catch(() => null);
    if (!services) return;
    try {
      if ((await withTimeout(services.close(), closeTimeoutMs)) === 'timeout') {
        log(`The services did not close within ${closeTimeoutMs} ms; quitting anyway.`);
      }
    } catch (error) {
      log('Closing the services failed', error);
    }
  };

  app.on('before-quit', (event) => {
    if (phase === 'closed') return;
    // Electron does not wait for async listeners: hold the quit, close, then quit again.
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    void shutdown().finally(() => {
      phase = 'closed';
      app.quit();
    });
  });

  return (async (): Promise<StartOutcome> => {
    await app.whenReady();
    // Quit before ready: nothing to start. From here on shutdown() sees servicesPromise
    // and closes the services itself, however far their start got.
    if (phase !== 'starting') return 'quit-during-start';
    options.setMenu();
    const home = resolveHome(options.env, () => app.getPath('userData'));
    servicesPromise = options.startServices(home);
    let services: S;
    try {
      services = await servicesPromise;
    } catch (error) {
      log('archwalk could not start', error);
      const reason = error instanceof Error ? error.message : String(error);
      options.showError('archwalk could not start', `${reason}\n\nData folder: ${home}`);
      phase = 'closed';
      app.exit(1);
      return 'failed';
    }
    if (phase !== 'starting') return 'quit-during-start';
    disposeIpc = options.registerIpc(services);
    phase = 'running';
    options.createWindow();
    return 'running';
  })();
}
