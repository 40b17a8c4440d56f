/** How the renderer is connected to the services; shown in the shell, drives resyncs. */
export type ConnectionState =
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'closed'; reason: string; retryAt: number | null };

export interface Connection {
  readonly transport: 'ipc' | 'websocket';
  state(): ConnectionState;
  /** Called on every state change; returns the function that removes the listener. */
  onState(listener: (state: ConnectionState) => void): () => void;
  /** Skip the backoff wait and try to connect now (no-op where always connected). */
  retryNow(): void;
}
