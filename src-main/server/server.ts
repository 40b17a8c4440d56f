/**
 * Browser mode: the built renderer over HTTP(S) and the Api over WebSocket at /api.
 *
 * Like a trusted notebook server: bound to loopback by default; every request needs the access
 * token (generated unless given; only a loopback server may run without one); a loopback server
 * answers only to loopback Host names (and `allowedHosts`), which defeats DNS rebinding;
 * WebSocket upgrades must come from the page's own origin; connections and each connection's
 * request rate are capped; every request is checked against the Api contract before it runs.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api, ApiMethod } from '#shared/api.ts';
import { invokeApi, isApiMethod } from '#shared/api-invoke.ts';
import { WS_PATH, type WsResponse } from '#shared/ws-protocol.ts';
import { hostAllowed, isLoopback, MIN_TOKEN_LENGTH, requestToken, sameOrigin, tokenCookieName, tokenMatches } from './access.ts';
import { DEFAULT_SERVER_LIMITS, RequestRate, rateRefusal, type ServerLimits } from './limits.ts';
import { serveStatic } from './static-files.ts';

export { isLoopback } from './access.ts';

export interface ServerOptions {
  api: Api;
  rendererDir: string;
  host?: string;
  port?: number;
  /** The access token (at least 16 characters); generated when omitted; null runs without one (loopback only). */
  token?: string | null;
  /** Host names a loopback server also answers to (a reverse proxy's name); loopback names always pass. */
  allowedHosts?: readonly string[];
  /** PEM certificate and key: the server speaks https and wss. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  limits?: Partial<ServerLimits>;
  /** Where failures of the server itself are reported (default: stderr). */
  log?: (message: string, error?: unknown) => void;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

/** Configs and import requests are small; a larger message is refused by the socket. */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

function badRequest(id: number | null, message: string): WsResponse {
  return { id, error: { code: 'bad-request', message } };
}

/** Runs one request; every request gets an answer, malformed ones a `bad-request` error. */
export async function dispatch(api: Api, request: unknown, log: ServerOptions['log'] = defaultLog): Promise<WsResponse> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return badRequest(null, 'a request is a JSON object {"id": number, "method": string, "params": [...]}');
  }
  const r = request as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) return badRequest(null, 'the request has no numeric "id"; it was not run');
  const id = r.id;
  if (!isApiMethod(r.method)) {
    const shown = typeof r.method === 'string' ? JSON.stringify(r.method.slice(0, 40)) : typeof r.method;
    return { id, error: { message: `unknown method ${shown}`, code: 'unknown-method' } };
  }
  const method = r.method as ApiMethod;
  if (!Array.isArray(r.params)) return badRequest(id, `${method}: "params" must be a list of the method's arguments`);
  const outcome = await invokeApi(api, method, r.params, log);
  return outcome.ok ? { id, result: outcome.result ?? null } : { id, error: outcome.error };
}

function defaultLog(message: string, error?: unknown): void {
  console.error(`archwalk serve: ${message}`, error ?? '');
}

/** Refuses an upgrade before the WebSocket handshake, with a status and a reason a person can read. */
function refuseUpgrade(socket: Duplex, status: string, reason: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\narchwalk: ${reason}\n`);
}

function hostRefusal(allowed: readonly string[]): string {
  return `this server answers only to localhost, 127.0.0.1 and [::1]${allowed.length ? ` and ${allowed.join(', ')}` : ''}; start it with --allow-host NAME to add a name`;
}

const TOKEN_REFUSAL = 'this server needs the access token: open the address archwalk serve printed (it carries ?token=…)';

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const allowedHosts = options.allowedHosts ?? [];
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const log = options.log ?? defaultLog;
  const token = options.token === undefined ? randomBytes(24).toString('base64url') : options.token;
  if (token === null && !loopback) throw new Error(`a server on ${host} (not loopback) must have an access token`);
  if (token !== null && token.length < MIN_TOKEN_LENGTH) throw new Error(`the access token must be at least ${MIN_TOKEN_LENGTH} characters long, got ${token.length}`);
  let port = 0;

  const authorised = (req: IncomingMessage): boolean => token === null || tokenMatches(token, requestToken(req, tokenCookieName(port)));

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req.headers.host, loopback, allowedHosts)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`archwalk: ${hostRefusal(allowedHosts)}\n`);
      return;
    }
    if (!authorised(req)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`archwalk: ${TOKEN_REFUSAL}\n`);
      return;
    }
    if (token !== null && new URL(req.url ?? '/', 'http://local').searchParams.has('token')) {
      res.setHeader('Set-Cookie', `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${options.tls ? '; Secure' : ''}`);
    }
    serveStatic(options.rendererDir, req, res, { secure: options.tls !== undefined });
  };
  const server: Server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(onRequest);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (new URL(req.url ?? '/', 'http://local').pathname !== WS_PATH) return refuseUpgrade(socket, '404 Not Found', `the Api lives at ${WS_PATH}`);
    if (!hostAllowed(req.headers.host, loopback, allowedHosts)) return refuseUpgrade(socket, '403 Forbidden', hostRefusal(allowedHosts));
    if (!sameOrigin(req)) return refuseUpgrade(socket, '403 Forbidden', "the Api answers only pages this server served (the Origin is not the server's own)");
    if (!authorised(req)) return refuseUpgrade(socket, '401 Unauthorized', TOKEN_REFUSAL);
    if (sockets.clients.size >= limits.maxConnections) {
      return refuseUpgrade(socket, '503 Service Unavailable', `too many connections: this server takes at most ${limits.maxConnections} at once; close another tab or window and reload`);
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  sockets.on('connection', (ws: WebSocket) => {
    const send = (message: WsResponse): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const rate = new RequestRate(limits);
    const unsubscribe = options.api.subscribe((event) => send({ push: event }));
    ws.on('message', (data) => {
      let request: unknown;
      try {
        request = JSON.parse(data.toString());
      } catch {
        send(badRequest(null, 'the request is not JSON; it was not run'));
        return;
      }
      if (!rate.take()) {
        const id = typeof (request as { id?: unknown } | null)?.id === 'number' ? (request as { id: number }).id : null;
        send({ id, error: { code: 'rate-limited', message: rateRefusal(limits) } });
        return;
      }
      void dispatch(options.api, request, log).then(send);
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}/${token ? `?token=${encodeURIComponent(token)}` : ''}`,
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
