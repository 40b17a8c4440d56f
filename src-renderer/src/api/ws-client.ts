/**
 * The Api over WebSocket (browser mode, `archwalk serve`), speaking the wire format of
 * src-main/shared/ws-protocol.ts: requests `{id, method, params}`, answers
 * `{id, result}` / `{id, error: {message, code?}}`, pushes `{push}`.
 *
 * The socket reconnects by itself with exponential backoff. A request sent on a socket
 * that closes is rejected with an ApiError that says so (it may or may not have run on
 * the server; the stores refetch after a reconnect, so nothing is retried blindly).
 * Requests made while a connection attempt is under way wait for it; requests made
 * while disconnected fail at once instead of piling up.
 */
import type { Api, ApiMethod, PushEvent } from '#shared/api.ts';
import { WS_PATH, type WsRequest } from '#shared/ws-protocol.ts';
import type { Connection, ConnectionState } from './connection.ts';
import { ApiError } from './errors.ts';
import { typedApi } from './typed-api.ts';

interface Pending {
  method: ApiMethod;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface WsClientOptions {
  url: string;
  /** First reconnect delay; doubles per failed attempt up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** `ws(s)://<this host>/api`, with the page's `?token=` passed on when it has one. */
export function apiUrlFor(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}://${location.host}${WS_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class WsClient implements Connection {
  readonly transport = 'websocket' as const;
  readonly #url: string;
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  #socket: WebSocket | null = null;
  #opened = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #nextId = 1;
  /** Requests written to the current socket, awaiting their answer. */
  readonly #pending = new Map<number, Pending>();
  /** Requests made while the socket was connecting; written once it opens. */
  #outbox: Array<{ request: WsRequest; pending: Pending }> = [];
  readonly #pushListeners = new Set<(event: PushEvent) => void>();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  #state: ConnectionState = { status: 'connecting', attempt: 1 };

  constructor(options: WsClientOptions) {
    this.#url = options.url;
    this.#minDelayMs = options.minDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 10_000;
  }

  /** The typed Api over this connection. */
  api(): Api {
    return typedApi(
      (method, params) => this.call(method, params),
      (listener) => this.subscribe(listener),
    );
  }

  start(): void {
    if (this.#socket) return;
    window.addEventListener('online', () => this.retryNow());
    this.#connect();
  }

  state(): ConnectionState {
    return this.#state;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  retryNow(): void {
    if (this.#state.status !== 'closed') return;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#connect();
  }

  subscribe(listener: (event: PushEvent) => void): () => void {
    this.#pushListeners.add(listener);
    return () => this.#pushListeners.delete(listener);
  }

  call(method: ApiMethod, params: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const pending: Pending = { method, resolve, reject };
      const request: WsRequest = { id: this.#nextId++, method, params };
      const socket = this.#socket;
      const state = this.#state;
      if (state.status === 'open' && socket) {
        this.#send(socket, request, pending);
      } else if (state.status === 'closed') {
        reject(new ApiError(method, `Not connected to the archwalk server (${state.reason}). It reconnects by itself; try again once it is back.`, 'disconnected'));
      } else {
        this.#outbox.push({ request, pending });
      }
    });
  }

  #send(socket: WebSocket, request: WsRequest, pending: Pending): void {
    try {
      socket.send(JSON.stringify(request));
      this.#pending.set(request.id, pending);
    } catch (error) {
      pending.reject(new ApiError(request.method, `Could not send ${request.method} to the archwalk server: ${String(error)}`, 'disconnected'));
    }
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }

  #connect(): void {
    this.#setState({ status: 'connecting', attempt: this.#failures + 1 });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#url);
    } catch (error) {
      this.#closed(`cannot open ${this.#displayUrl()}: ${String(error)}`);
      return;
    }
    this.#socket = socket;
    this.#opened = false;
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) return;
      this.#opened = true;
      this.#failures = 0;
      this.#setState({ status: 'open' });
      const outbox = this.#outbox;
      this.#outbox = [];
      for (const { request, pending } of outbox) this.#send(socket, request, pending);
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (this.#socket === socket) this.#receive(event.data);
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#closed(this.#closeReason(event));
    });
    // 'error' is always followed by 'close', which does the work.
  }

  #displayUrl(): string {
    return this.#url.replace(/([?&]token=)[^&]*/, '$1…');
  }

  #closeReason(event: CloseEvent): string {
    if (!this.#opened) {
      const hasToken = /[?&]token=/.test(this.#url);
      return `could not connect to ${this.#displayUrl()}${hasToken ? '' : '; open the address `archwalk serve` printed, which carries ?token=…'}`;
    }
    if (event.reason) return `the server closed the connection: ${event.reason}`;
    return event.code === 1000 || event.code === 1001 ? 'the server closed the connection' : 'the connection was lost';
  }

  #closed(reason: string): void {
    const lost = [...this.#pending.values(), ...this.#outbox.map((o) => o.pending)];
    this.#pending.clear();
    this.#outbox = [];
    for (const pending of lost) {
      pending.reject(
        new ApiError(pending.method, `The connection to the archwalk server closed before it answered ${pending.method} (${reason}).`, 'disconnected'),
      );
    }
    this.#failures += 1;
    const base = this.#minDelayMs * 2 ** Math.min(this.#failures - 1, 16);
    // Jitter, so that several windows do not all hammer a restarted server at once.
    const delay = Math.round(Math.min(this.#maxDelayMs, base * (0.75 + Math.random() * 0.5)));
    this.#setState({ status: 'closed', reason, retryAt: Date.now() + delay });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delay);
  }

  #receive(data: unknown): void {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      console.warn('archwalk: ignoring a WebSocket message that is not JSON');
      return;
    }
    if (!isRecord(message)) return;
    if ('push' in message) {
      const event = message.push as PushEvent;
      for (const listener of this.#pushListeners) {
        try {
          listener(event);
        } catch (error) {
          console.error('archwalk: a push listener failed', error);
        }
      }
      return;
    }
    if (typeof message.id !== 'number') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if ('error' in message) {
      const error = isRecord(message.error) ? message.error : {};
      const text = typeof error.message === 'string' && error.message ? error.message : `the server could not run ${pending.method}`;
      pending.reject(new ApiError(pending.method, text, typeof error.code === 'string' ? error.code : undefined));
    } else {
      pending.resolve(message.result);
    }
  }
}
