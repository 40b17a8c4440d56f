/**
 * Reports to PDF inside the app: the report's HTML (self-contained, no scripts) is loaded
 * into a hidden, sandboxed window with JavaScript off and printed with Chromium's own
 * printToPDF, so the app needs no separate browser.
 */
export interface PrintWindowLike {
  loadURL(url: string): Promise<void>;
  webContents: { printToPDF(options: { printBackground: boolean; preferCSSPageSize: boolean }): Promise<Uint8Array> };
  destroy(): void;
}

export type PrintWindowFactory = (options: {
  show: false;
  webPreferences: { javascript: false; sandbox: true; contextIsolation: true; nodeIntegration: false; offscreen: true };
}) => PrintWindowLike;

export function createPdfPrinter(newWindow: PrintWindowFactory): (html: string) => Promise<Uint8Array> {
  return async (html) => {
    const window = newWindow({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, offscreen: true },
    });
    try {
      await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      return await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    } finally {
      window.destroy();
    }
  };
}
