/**
 * The run process's side of the channel to its parent: Electron's utilityProcess gives
 * `process.parentPort`; under plain Node, child_process.fork gives `process.send`.
 */
import type { FromWorker } from '#shared/worker-protocol.ts';

export interface ParentTransport {
  readonly kind: 'electron-utility' | 'node-ipc';
  send(message: FromWorker): void;
  /** Sends and calls back once the message has left this process. */
  sendThen(message: FromWorker, done: () => void): void;
  onMessage(listener: (raw: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentTransport {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      kind: 'electron-utility',
      send: (message) => parentPort.postMessage(message),
      sendThen: (message, done) => {
        parentPort.postMessage(message);
        setImmediate(done);
      },
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (typeof process.send === 'function') {
    return {
      kind: 'node-ipc',
      send: (message) => {
        if (process.connected) process.send!(message);
      },
      sendThen: (message, done) => {
        if (!process.connected) return done();
        process.send!(message, undefined, {}, () => done());
      },
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('the archwalk run process must be started by archwalk (no parent channel found)');
}
