/**
 * Reports to PDF inside the app: the report's HTML (self-contained, no scripts) is loaded
 * into a hidden, sandboxed window with JavaScript off and printed with Chromium's own
 * printToPDF, so the app needs no separate browser. The window may not navigate (a meta
 * refresh in the report) nor open windows: it shows the one page it was given.
 */
import { hardenWebContents, type WebContentsLike } from './window.ts';

export interface PrintWindowLike {
  loadURL(url: string): Promise<void>;
  webContents: Pick<WebContentsLike, 'on' | 'setWindowOpenHandler'> & {
    printToPDF(options: { printBackground: boolean; preferCSSPageSize: boolean }): Promise<Uint8Array>;
  };
  destroy(): void;
}

export type PrintWindowFactory = (options: {
  show: false;
  webPreferences: { javascript: false; sandbox: true; contextIsolation: true; nodeIntegration: false; offscreen: true };
}) => PrintWindowLike;

export function createPdfPrinter(newWindow: PrintWindowFactory, log?: (message: string) => void): (html: string) => Promise<Uint8Array> {
  return async (html) => {
    const window = newWindow({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, offscreen: true },
    });
    // No URL is trusted to replace the report, and no link leaves this window.
    hardenWebContents(window.webContents, { isTrustedUrl: () => false, ...(log ? { log } : {}) });
    try {
      await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      return await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    } finally {
      window.destroy();
    }
  };
}
