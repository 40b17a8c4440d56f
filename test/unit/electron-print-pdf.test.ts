import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPdfPrinter, type PrintWindowFactory, type PrintWindowLike } from '../../src-main/electron/print-pdf.ts';

type Listener = (event: { url: string; preventDefault(): void }, url?: string) => void;

/** The print window's webContents: records the guards the printer installs, and prints. */
function fakeContents(print: () => Promise<Uint8Array>) {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
      openHandler = handler;
    },
    printToPDF: print,
    /** True when a guard prevented navigating to `url` by `event`. */
    blocks(event: string, url: string): boolean {
      let prevented = false;
      for (const listener of listeners.get(event) ?? []) listener({ url, preventDefault: () => (prevented = true) });
      return prevented;
    },
    open(url: string) {
      return openHandler?.({ url });
    },
  };
  return contents;
}

test('reports print in a hidden window with JavaScript off, which is destroyed afterwards', async () => {
  const seen: { options?: Parameters<PrintWindowFactory>[0]; url?: string; destroyed: boolean } = { destroyed: false };
  const factory: PrintWindowFactory = (options) => {
    seen.options = options;
    return {
      async loadURL(url) {
        seen.url = url;
      },
      webContents: fakeContents(async () => new Uint8Array([37, 80, 68, 70])) as unknown as PrintWindowLike['webContents'],
      destroy() {
        seen.destroyed = true;
      },
    };
  };
  const pdf = await createPdfPrinter(factory)('<html><body>é</body></html>');
  assert.deepEqual([...pdf], [37, 80, 68, 70]);
  assert.equal(seen.options?.show, false);
  assert.equal(seen.options?.webPreferences.javascript, false);
  assert.equal(seen.options?.webPreferences.sandbox, true);
  assert.equal(Buffer.from(seen.url!.split(',')[1]!, 'base64').toString('utf8'), '<html><body>é</body></html>');
  assert.equal(seen.destroyed, true);
});

test('the print window cannot navigate away from the report nor open windows', async () => {
  const contents = fakeContents(async () => new Uint8Array([1]));
  const logs: string[] = [];
  const printer = createPdfPrinter(() => ({ loadURL: async () => undefined, webContents: contents as unknown as PrintWindowLike['webContents'], destroy: () => undefined }), (m) => logs.push(m));
  await printer('<meta http-equiv="refresh" content="0;url=https://evil.example/">');
  // Before: no guards at all (a meta refresh or link in the report could load any page).
  for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    assert.equal(contents.blocks(event, 'https://evil.example/'), true, event);
    assert.equal(contents.blocks(event, 'file:///etc/passwd'), true, event);
  }
  assert.deepEqual(contents.open('https://github.com/'), { action: 'deny' });
  assert.ok(logs.some((m) => /Blocked a new window for https:\/\/github\.com\//.test(m)), 'not even documentation opens from it');
});

test('a failed print still destroys the window', async () => {
  let destroyed = false;
  const printer = createPdfPrinter(() => ({
    loadURL: async () => undefined,
    webContents: fakeContents(async () => { throw new Error('printing failed'); }) as unknown as PrintWindowLike['webContents'],
    destroy: () => { destroyed = true; },
  }));
  await assert.rejects(printer('<p>x</p>'), /printing failed/);
  assert.equal(destroyed, true);
});
