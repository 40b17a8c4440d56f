/**
 * Sandboxed preload (built to out/preload/index.cjs). It exposes
 *
 *   window.archwalk: {
 *     invoke(method: string, params: unknown[]): Promise<unknown>;
 *     onPush(listener: (event: PushEvent) => void): () => void;
 *   }
 *
 * and nothing else; see bridge.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeArchwalkBridge } from './bridge.ts';

exposeArchwalkBridge(contextBridge, ipcRenderer);
