/**
 * Sandboxed preload (built to out/preload/index.cjs). It exposes `window.archwalk`, exactly
 * what bridge.ts's exposeArchwalkBridge builds (ArchwalkBridge; its header lists the methods), and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeArchwalkBridge } from './bridge.ts';

exposeArchwalkBridge(contextBridge, ipcRenderer);
