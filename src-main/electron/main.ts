/**
 * Electron main entry (built to out/main/index.js). Only wiring lives here; the logic
 * is in modules that take Electron as parameters and are unit-tested with fakes.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, utilityProcess } from 'electron';
import { openShellServices } from '../services/open-services.ts';
import { registerIpc } from './ipc.ts';
import { createPdfPrinter } from './print-pdf.ts';
import { startApp } from './lifecycle.ts';
import { buildMenuTemplate } from './menu.ts';
import { appPaths } from './paths.ts';
import { isTrustedRendererUrl } from './trust.ts';
import type { RendererLocation } from './trust.ts';
import { createUtilityLauncher } from './utility-launcher.ts';
import { createMainWindow } from './window.ts';

const paths = appPaths(dirname(fileURLToPath(import.meta.url)));
const location: RendererLocation = {
  rendererDir: paths.rendererDir,
  // electron-vite sets this only under `electron-vite dev`; a packaged app never trusts it.
  devServerUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
};
const isTrustedUrl = (url: string): boolean => isTrustedRendererUrl(url, location);

void startApp({
  app,
  platform: process.platform,
  env: process.env,
  // The home's store, or a lab's PostgreSQL store when ARCHWALK_STORE names one (README "Lab").
  startServices: (home) =>
    openShellServices({
      home,
      mode: 'electron',
      launcher: createUtilityLauncher(utilityProcess, paths.workerEntry),
      printPdf: createPdfPrinter((options) => new BrowserWindow(options)),
    }),
  registerIpc: (services) =>
    registerIpc({
      ipcMain,
      services,
      isTrustedUrl,
      windows: () => BrowserWindow.getAllWindows(),
      pickPath: async (sender, options) => {
        const owner = BrowserWindow.fromWebContents(sender as Electron.WebContents);
        const dialogOptions: Electron.OpenDialogOptions = {
          properties: [options.directory ? 'openDirectory' : 'openFile'],
          ...(options.title ? { title: options.title } : {}),
          ...(options.filters ? { filters: options.filters } : {}),
        };
        const result = owner ? await dialog.showOpenDialog(owner, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    }),
  createWindow: () =>
    createMainWindow({
      BrowserWindow,
      openExternal: (url) => shell.openExternal(url),
      confirmExternal: async (url) => {
        const choice = await dialog.showMessageBox({
          type: 'question',
          buttons: ['Open in browser', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          message: 'Open this link in your web browser?',
          detail: url,
        });
        return choice.response === 0;
      },
      paths,
      location,
    }),
  windows: () => BrowserWindow.getAllWindows(),
  setMenu: () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(buildMenuTemplate({ isMac: process.platform === 'darwin', isPackaged: app.isPackaged, appName: app.name })),
    ),
  showError: (title, message) => dialog.showErrorBox(title, message),
});
