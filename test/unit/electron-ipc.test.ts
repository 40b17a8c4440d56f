import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Api, PushEvent } from '#shared/api.ts';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from '../../src-main/electron/channels.ts';
import type { InvokeReply } from '../../src-main/electron/channels.ts';
import { registerIpc, sanitizePickOptions } from '../../src-main/electron/ipc.ts';
import { toApiErrorPayload } from '#shared/api-errors.ts';
import type { IpcMainLike, PushTarget } from '../../src-main/electron/ipc.ts';
import type { SenderEventLike } from '../../src-main/electron/trust.ts';
import { isTrustedRendererUrl } from '../../src-main/electron/trust.ts';

const rendererDir = '/app/out/renderer';
const APP_URL = 'file:///app/out/renderer/index.html#/experiments';
const isTrustedUrl = (url: string): boolean => isTrustedRendererUrl(url, { rendererDir });

type Handler = (event: SenderEventLike, ...args: unknown[]) => Promise<InvokeReply>;

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    assert.equal(this.handlers.has(channel), false, `second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(url: string | null, ...args: unknown[]): Promise<InvokeReply> {
    const handler = this.handlers.get(INVOKE_CHANNEL);
    assert.ok(handler, 'no invoke handler registered');
    return handler({ senderFrame: url === null ? null : { url } }, ...args);
  }
}

class FakeContents implements PushTarget {
  sent: unknown[][] = [];
  destroyed = false;
  url: string;
  constructor(url: string) {
    this.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
}

function fakeApi(overrides: Partial<Api> = {}) {
  const listeners = new Set<(event: PushEvent) => void>();
  const calls: { method: string; args: unknown[] }[] = [];
  const record = (method: string) => async (...args: unknown[]) => {
    calls.push({ method, args });
    return { method, args };
  };
  const api = {
    system: record('system'),
    getExperiment: record('getExperiment'),
    setConcurrency: async (n: number) => {
      calls.push({ method: 'setConcurrency', args: [n] });
    },
    ...overrides,
    subscribe(listener: (event: PushEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Api;
  return { api, calls, listeners, push: (event: PushEvent) => { for (const l of listeners) l(event); } };
}

function setup(overrides: Partial<Api> = {}, windows: FakeContents[] = []) {
  const ipcMain = new FakeIpcMain();
  const fake = fakeApi(overrides);
  const logs: string[] = [];
  const dispose = registerIpc({
    ipcMain,
    services: { api: fake.api },
    isTrustedUrl,
    windows: () => windows.map((webContents) => ({ webContents })),
    log: (message) => logs.push(message),
  });
  return { ipcMain, dispose, logs, ...fake };
}

describe('registerIpc: invoke', () => {
  it('passes a trusted call to the api and returns its result', async () => {
    const { ipcMain, calls } = setup();
    const reply = await ipcMain.invoke(APP_URL, 'getExperiment', [7]);
    assert.deepEqual(reply, { ok: true, result: { method: 'getExperiment', args: [7] } });
    assert.deepEqual(calls, [{ method: 'getExperiment', args: [7] }]);
  });

  it('returns void results as ok', async () => {
    const { ipcMain, calls } = setup();
    assert.deepEqual(await ipcMain.invoke(APP_URL, 'setConcurrency', [3]), { ok: true, result: undefined });
    assert.deepEqual(calls, [{ method: 'setConcurrency', args: [3] }]);
  });

  it('accepts the dev server when it is trusted', async () => {
    const ipcMain = new FakeIpcMain();
    const { api, calls } = fakeApi();
    registerIpc({
      ipcMain,
      services: { api },
      isTrustedUrl: (url) => isTrustedRendererUrl(url, { rendererDir, devServerUrl: 'http://localhost:5173' }),
      windows: () => [],
    });
    assert.equal((await ipcMain.invoke('http://localhost:5173/#/queue', 'system', [])).ok, true);
    assert.equal(calls.length, 1);
  });

  for (const [name, url] of [
    ['another origin', 'https://evil.example/'],
    ['a file outside the renderer folder', 'file:///home/user/Downloads/evil.html'],
    ['a traversal out of the renderer folder', 'file:///app/out/renderer/../../evil.html'],
    ['a missing frame', null],
  ] as const) {
    it(`rejects ${name} without calling the api`, async () => {
      const { ipcMain, calls, logs } = setup();
      const reply = await ipcMain.invoke(url, 'system', []);
      assert.equal(reply.ok, false);
      assert.equal(!reply.ok && reply.error.code, 'untrusted-sender');
      assert.deepEqual(calls, []);
      assert.equal(logs.length, 1);
    });
  }

  it('rejects unknown methods, including subscribe and prototype names', async () => {
    const { ipcMain, calls } = setup();
    for (const method of ['dropDatabase', 'subscribe', 'constructor', '__proto__', 'toString', 42, null, undefined]) {
      const reply = await ipcMain.invoke(APP_URL, method, []);
      assert.equal(reply.ok, false, String(method));
      assert.equal(!reply.ok && reply.error.code, 'unknown-method');
      assert.match(!reply.ok ? reply.error.message : '', /Unknown Api method/);
    }
    assert.deepEqual(calls, []);
  });

  it('rejects params that are not an array', async () => {
    const { ipcMain, calls } = setup();
    for (const params of [undefined, null, 7, 'x', { 0: 1, length: 1 }]) {
      const reply = await ipcMain.invoke(APP_URL, 'getExperiment', params);
      assert.equal(reply.ok, false);
      assert.equal(!reply.ok && reply.error.code, 'bad-params');
      assert.match(!reply.ok ? reply.error.message : '', /getExperiment/);
    }
    assert.deepEqual(calls, []);
  });

  it('turns api errors into their message, without the stack', async () => {
    const coded = Object.assign(new Error('Experiment 9 does not exist.'), { code: 'not-found' });
    const { ipcMain } = setup({
      getExperiment: async () => { throw coded; },
      system: async () => { throw new Error('The store is locked by another archwalk.'); },
    });
    assert.deepEqual(await ipcMain.invoke(APP_URL, 'getExperiment', [9]), {
      ok: false,
      error: { message: 'Experiment 9 does not exist.', code: 'not-found' },
    });
    const reply = await ipcMain.invoke(APP_URL, 'system', []);
    assert.deepEqual(reply, { ok: false, error: { message: 'The store is locked by another archwalk.' } });
    assert.doesNotMatch(JSON.stringify(reply), /at .*\.ts:\d+/);
  });

  it('keeps the details of programming errors in the log, not in the reply', async () => {
    const { ipcMain, logs } = setup({ system: async () => { throw new TypeError('x is undefined'); } });
    assert.deepEqual(await ipcMain.invoke(APP_URL, 'system', []), {
      ok: false,
      error: { code: 'internal', message: "system failed inside archwalk (TypeError); the details are in the log" },
    });
    assert.equal(logs.length, 1);
  });

  it('handles synchronous throws and non-Error rejections', async () => {
    const { ipcMain } = setup({
      system: (() => { throw new Error('sync'); }) as unknown as Api['system'],
      getExperiment: async () => { throw 'plain string'; },
    });
    assert.deepEqual(await ipcMain.invoke(APP_URL, 'system', []), { ok: false, error: { message: 'sync' } });
    assert.deepEqual(await ipcMain.invoke(APP_URL, 'getExperiment', [1]), { ok: false, error: { message: 'plain string' } });
    assert.match(toApiErrorPayload(undefined, 'The operation').message, /unknown reason/);
  });
});

describe('registerIpc: pushes and dispose', () => {
  const event: PushEvent = { type: 'experiment-updated', experimentId: 4 };

  it('forwards pushes to every live window of the app', () => {
    const a = new FakeContents(APP_URL);
    const b = new FakeContents('file:///app/out/renderer/index.html');
    const closed = new FakeContents(APP_URL);
    closed.destroyed = true;
    const foreign = new FakeContents('https://evil.example/');
    const { push } = setup({}, [a, b, closed, foreign]);
    push(event);
    assert.deepEqual(a.sent, [[PUSH_CHANNEL, event]]);
    assert.deepEqual(b.sent, [[PUSH_CHANNEL, event]]);
    assert.deepEqual(closed.sent, []);
    assert.deepEqual(foreign.sent, []);
  });

  it('keeps forwarding to the others when one window throws', () => {
    const broken = new FakeContents(APP_URL);
    broken.send = () => { throw new Error('Object has been destroyed'); };
    const ok = new FakeContents(APP_URL);
    const { push, logs } = setup({}, [broken, ok]);
    push(event);
    assert.deepEqual(ok.sent, [[PUSH_CHANNEL, event]]);
    assert.equal(logs.length, 1);
  });

  it('removes the handler and the subscription on dispose, once', () => {
    const window = new FakeContents(APP_URL);
    const { ipcMain, dispose, listeners, push } = setup({}, [window]);
    assert.equal(listeners.size, 1);
    assert.equal(ipcMain.handlers.has(INVOKE_CHANNEL), true);
    dispose();
    dispose();
    assert.equal(listeners.size, 0);
    assert.equal(ipcMain.handlers.has(INVOKE_CHANNEL), false);
    push(event);
    assert.deepEqual(window.sent, []);
  });
});

describe('file dialog over IPC', () => {
  it('answers trusted pages with the chosen path, refuses others, and sanitises the options', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => handlers.set(channel, fn),
      removeHandler: (channel: string) => handlers.delete(channel),
    };
    const asked: unknown[] = [];
    const dispose = registerIpc({
      ipcMain: ipcMain as never,
      services: { api: { subscribe: () => () => undefined } as never },
      isTrustedUrl: (url) => url.startsWith('file:///app/'),
      windows: () => [],
      pickPath: async (_sender, options) => {
        asked.push(options);
        return '/data/model.onnx';
      },
      log: () => undefined,
    });
    const pick = handlers.get('archwalk:pick-path')!;
    const trusted = { senderFrame: { url: 'file:///app/index.html' }, sender: {} };
    assert.deepEqual(await pick(trusted, { title: 'T', directory: true, filters: [{ name: 'ONNX', extensions: ['onnx', '../x'] }], evil: 1 }), { ok: true, result: '/data/model.onnx' });
    assert.deepEqual(asked[0], { title: 'T', directory: true, filters: [{ name: 'ONNX', extensions: ['onnx'] }] });
    const refused = (await pick({ senderFrame: { url: 'https://evil.example/' }, sender: {} }, {})) as { ok: boolean; error: { code: string } };
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'untrusted-sender');
    assert.deepEqual(sanitizePickOptions(null), {});
    dispose();
    assert.equal(handlers.has('archwalk:pick-path'), false);
  });
});
