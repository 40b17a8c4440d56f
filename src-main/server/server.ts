/**
 * Browser mode: the built renderer over HTTP and the Api over WebSocket at /api.
 * Bound to loopback by default; on any other address every request needs the token.
 * WebSocket upgrades must come from the same origin (no cross-site socket hijacking).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_METHODS, type Api, type ApiMethod } from '../shared/api.ts';
import { WS_PATH, type WsRequest, type WsResponse } from '../shared/ws-protocol.ts';
import { serveStatic } from './static-files.ts';

export interface ServerOptions {
  api: Api;
  rendererDir: string;
  host?: string;
  port?: number;
  /** Required when not on loopback; generated when omitted. */
  token?: string;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function requestToken(req: IncomingMessage): string | null {
  const url = new URL(req.url ?? '/', 'http://local');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith('archwalk_token='));
  return cookie ? decodeURIComponent(cookie.slice('archwalk_token='.length)) : null;
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // Non-browser clients (tests, scripts) send no Origin.
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export async function dispatch(api: Api, request: unknown): Promise<WsResponse | null> {
  const r = request as Partial<WsRequest> | null;
  if (!r || typeof r.id !== 'number') return null;
  if (typeof r.method !== 'string' || !API_METHODS.includes(r.method as ApiMethod)) {
    return { id: r.id, error: { message: `unknown method ${JSON.stringify(r.method)}`, code: 'unknown-method' } };
  }
  if (!Array.isArray(r.params)) return { id: r.id, error: { message: 'params must be a list', code: 'bad-request' } };
  try {
    const method = api[r.method as ApiMethod] as (...args: unknown[]) => Promise<unknown>;
    const result = await method(...r.params);
    return { id: r.id, result: result ?? null };
  } catch (error) {
    return { id: r.id, error: { message: error instanceof Error ? error.message : String(error) } };
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = isLoopback(host) ? null : options.token ?? randomBytes(18).toString('base64url');
  const authorised = (req: IncomingMessage): boolean => token === null || tokenMatches(token, requestToken(req));

  const server: Server = createServer((req, res) => {
    if (!authorised(req)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('archwalk: this server needs the token printed by archwalk serve (?token=…)');
      return;
    }
    if (token !== null && new URL(req.url ?? '/', 'http://local').searchParams.has('token')) {
      res.setHeader('Set-Cookie', `archwalk_token=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    serveStatic(options.rendererDir, req, res);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path !== WS_PATH || !authorised(req) || !sameOrigin(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  sockets.on('connection', (ws: WebSocket) => {
    const send = (message: WsResponse): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = options.api.subscribe((event) => send({ push: event }));
    ws.on('message', (data) => {
      let request: unknown;
      try {
        request = JSON.parse(data.toString());
      } catch {
        return;
      }
      void dispatch(options.api, request).then((response) => {
        if (response) send(response);
      });
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`,
    host,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
