import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPdfPrinter, type PrintWindowFactory } from '../../src-main/electron/print-pdf.ts';

test('reports print in a hidden window with JavaScript off, which is destroyed afterwards', async () => {
  const seen: { options?: Parameters<PrintWindowFactory>[0]; url?: string; destroyed: boolean } = { destroyed: false };
  const factory: PrintWindowFactory = (options) => {
    seen.options = options;
    return {
      async loadURL(url) {
        seen.url = url;
      },
      webContents: { printToPDF: async () => new Uint8Array([37, 80, 68, 70]) },
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

test('a failed print still destroys the window', async () => {
  let destroyed = false;
  const printer = createPdfPrinter(() => ({
    loadURL: async () => undefined,
    webContents: { printToPDF: async () => { throw new Error('printing failed'); } },
    destroy: () => { destroyed = true; },
  }));
  await assert.rejects(printer('<p>x</p>'), /printing failed/);
  assert.equal(destroyed, true);
});
