/**
 * Browser mode as an attacker sees it: DNS rebinding (a foreign Host on loopback), the token by
 * default, the page's CSP, connection and request-rate caps, malformed and ill-typed requests,
 * and TLS. Each scenario was checked to fail on the server before these defences.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { startServer, type RunningServer, type ServerOptions } from '../../src-main/server/server.ts';
import { hostAllowed, hostName } from '../../src-main/server/access.ts';
import { RequestRate } from '../../src-main/server/limits.ts';
import type { Api } from '#shared/api.ts';
import { tempDir } from '../helpers/data.ts';

const TOKEN = 'a-token-of-twenty-chars';

/** An Api whose getRun behaves like the real one on a bad id: it would throw a TypeError deep inside. */
function fakeApi(): Api {
  return {
    async listExperiments() {
      return [];
    },
    async getRun(id: number) {
      return { run: { id: (id as unknown as { toFixed(): string }).toFixed() } };
    },
    subscribe: () => () => undefined,
  } as unknown as Api;
}

const dir = tempDir();
before(() => {
  mkdirSync(join(dir.path, 'r'));
  writeFileSync(join(dir.path, 'r', 'index.html'), '<!doctype html><title>archwalk</title>');
});
after(() => dir.cleanup());

async function withServer(options: Partial<ServerOptions>, body: (server: RunningServer) => Promise<void>): Promise<void> {
  const server = await startServer({ api: fakeApi(), rendererDir: join(dir.path, 'r'), port: 0, ...options });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

interface Handshake {
  opened: boolean;
  status: number | null;
  body: string;
  socket: WebSocket | null;
}

/** Opens a WebSocket with the given headers; resolves with whether the handshake succeeded. */
function handshake(url: string, headers: Record<string, string> = {}, options: { ca?: Buffer } = {}): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers, ...(options.ca ? { ca: options.ca } : {}) });
    socket.on('open', () => resolve({ opened: true, status: 101, body: '', socket }));
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ opened: false, status: res.statusCode ?? null, body, socket: null }));
    });
    socket.on('error', () => resolve({ opened: false, status: null, body: '', socket: null }));
  });
}

/** The status of a GET with headers fetch() would not send (it sets Host itself). */
function statusOf(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject).end();
  });
}

/** Sends raw frames and collects the first `count` replies that are not pushes. */
function exchange(socket: WebSocket, frames: string[], count: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve) => {
    const replies: Record<string, unknown>[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if ('push' in message) return;
      replies.push(message);
      if (replies.length === count) resolve(replies);
    });
    for (const frame of frames) socket.send(frame);
  });
}

describe('DNS rebinding: a loopback server answers only to loopback names', () => {
  test('a handshake naming evil.example as Host and Origin is refused, with or without the token', async () => {
    await withServer({ host: '127.0.0.1' }, async (server) => {
      const evil = `evil.example:${server.port}`;
      // Before: the handshake opened and the page got the whole Api (no token on loopback, Host never checked).
      for (const query of ['', `?token=${encodeURIComponent(server.token!)}`]) {
        const shake = await handshake(`ws://127.0.0.1:${server.port}/api${query}`, { Host: evil, Origin: `http://${evil}` });
        assert.equal(shake.opened, false, `rebinding handshake opened (${query || 'no token'})`);
        assert.equal(shake.status, 403);
        assert.match(shake.body, /answers only to localhost, 127\.0\.0\.1 and \[::1\].*--allow-host/);
      }
      assert.equal(await statusOf(`http://127.0.0.1:${server.port}/?token=${server.token}`, { Host: evil }), 403);
      assert.equal(await statusOf(`http://127.0.0.1:${server.port}/?token=${server.token}`, { Host: `localhost:${server.port}` }), 200);
      // The same socket under its own loopback names works.
      for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
        const shake = await handshake(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { Host: host, Origin: `http://${host}` });
        assert.equal(shake.opened, true, host);
        shake.socket!.close();
      }
    });
  });

  test('--allow-host adds a name; off loopback the token alone guards', async () => {
    await withServer({ host: '127.0.0.1', allowedHosts: ['lab.internal'], token: TOKEN }, async (server) => {
      const ok = await handshake(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`, { Host: `lab.internal:${server.port}` });
      assert.equal(ok.opened, true);
      ok.socket!.close();
    });
    assert.equal(hostAllowed('anything.example:80', false, []), true);
    assert.equal(hostAllowed('127.0.0.1:80', true, []), true);
    assert.equal(hostAllowed('[::1]:80', true, []), true);
    assert.equal(hostAllowed('127.0.0.1.evil.example', true, []), false);
    assert.equal(hostAllowed(undefined, true, []), false);
    assert.equal(hostName("a.example;connect-src *"), null, 'a Host with CSP syntax is malformed');
  });
});

describe('the access token', () => {
  test('is generated on loopback too, printed in the URL and required', async () => {
    await withServer({ host: '127.0.0.1' }, async (server) => {
      // Before: token null and every request served on loopback.
      assert.ok(server.token && server.token.length >= 16);
      assert.equal(server.url, `http://127.0.0.1:${server.port}/?token=${server.token}`);
      assert.equal((await fetch(`http://127.0.0.1:${server.port}/`)).status, 401);
      const shake = await handshake(`ws://127.0.0.1:${server.port}/api`);
      assert.equal(shake.status, 401);
      assert.match(shake.body, /needs the access token/);
      assert.equal((await fetch(server.url)).status, 200);
    });
  });

  test('shorter than 16 characters is refused; no token only on loopback', async () => {
    await assert.rejects(startServer({ api: fakeApi(), rendererDir: dir.path, token: 'x' }), /at least 16 characters/);
    await assert.rejects(startServer({ api: fakeApi(), rendererDir: dir.path, host: '0.0.0.0', token: null }), /not loopback\) must have an access token/);
    await withServer({ host: '127.0.0.1', token: null }, async (server) => {
      assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
      assert.equal((await fetch(server.url)).status, 200);
    });
  });
});

test("the page's CSP lets it connect only to its own server's WebSocket", async () => {
  await withServer({ token: TOKEN }, async (server) => {
    const csp = (await fetch(`http://127.0.0.1:${server.port}/?token=${TOKEN}`)).headers.get('content-security-policy') ?? '';
    const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.split(' ') ?? [];
    // Before: connect-src 'self' ws: wss: (any host).
    assert.deepEqual(connect, ["'self'", `ws://127.0.0.1:${server.port}`]);
  });
});

describe('caps and malformed requests', () => {
  test('one connection more than the cap is refused with 503 and a reason', async () => {
    await withServer({ token: TOKEN, limits: { maxConnections: 2 } }, async (server) => {
      const url = `ws://127.0.0.1:${server.port}/api?token=${TOKEN}`;
      const first = await handshake(url);
      const second = await handshake(url);
      const third = await handshake(url);
      assert.equal(first.opened && second.opened, true);
      assert.equal(third.status, 503);
      assert.match(third.body, /too many connections: this server takes at most 2 at once/);
      first.socket!.close();
      second.socket!.close();
    });
  });

  test('requests beyond the rate are answered with rate-limited, not run', async () => {
    let t = 0;
    const rate = new RequestRate({ requestsPerSecond: 2, requestBurst: 3 }, () => t);
    assert.deepEqual([rate.take(), rate.take(), rate.take(), rate.take()], [true, true, true, false]);
    t = 500;
    assert.deepEqual([rate.take(), rate.take()], [true, false]);

    await withServer({ token: TOKEN, limits: { requestsPerSecond: 1, requestBurst: 3 } }, async (server) => {
      const shake = await handshake(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
      const frames = [1, 2, 3, 4].map((id) => JSON.stringify({ id, method: 'listExperiments', params: [] }));
      const replies = await exchange(shake.socket!, frames, 4);
      const limited = replies.filter((r) => (r.error as { code?: string } | undefined)?.code === 'rate-limited');
      assert.equal(limited.length, 1);
      assert.equal(limited[0]!.id, 4);
      assert.match((limited[0]!.error as { message: string }).message, /at most 1 per second/);
      shake.socket!.close();
    });
  });

  test('bad JSON, a missing id and ill-typed parameters get structured errors (never silence or a TypeError)', async () => {
    await withServer({ token: TOKEN }, async (server) => {
      const shake = await handshake(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`);
      const replies = await exchange(
        shake.socket!,
        ['{not json', JSON.stringify({ method: 'listExperiments', params: [] }), JSON.stringify({ id: 3, method: 'getRun', params: ['seven'] })],
        3,
      );
      // Before: the first two got no reply at all, the third "id.toFixed is not a function".
      assert.deepEqual(replies[0], { id: null, error: { code: 'bad-request', message: 'the request is not JSON; it was not run' } });
      assert.deepEqual(replies[1], { id: null, error: { code: 'bad-request', message: 'the request has no numeric "id"; it was not run' } });
      assert.deepEqual(replies[2], { id: 3, error: { code: 'bad-request', message: 'getRun: parameter "id" must be an integer from 1 to 9007199254740991, got "seven"' } });
      shake.socket!.close();
    });
  });
});

describe('TLS', () => {
  const certs = tempDir();
  const openssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(certs.path, 'key.pem'), '-out', join(certs.path, 'cert.pem')], { encoding: 'utf8' });
  const skip = openssl.status === 0 ? false : `openssl could not make a self-signed certificate (${openssl.error?.message ?? openssl.stderr})`;
  after(() => certs.cleanup());

  test('--tls-cert/--tls-key serve https and wss', { skip }, async () => {
    const cert = readFileSync(join(certs.path, 'cert.pem'));
    await withServer({ token: TOKEN, tls: { cert, key: readFileSync(join(certs.path, 'key.pem')) } }, async (server) => {
      assert.equal(server.url, `https://127.0.0.1:${server.port}/?token=${TOKEN}`);
      const response = await new Promise<{ status: number; cookie: string; csp: string }>((resolve, reject) => {
        httpsRequest(server.url, { ca: cert }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie'] ?? ''), csp: String(res.headers['content-security-policy'] ?? '') });
        }).on('error', reject).end();
      });
      assert.equal(response.status, 200);
      assert.match(response.cookie, /; Secure/);
      assert.match(response.csp, new RegExp(`connect-src 'self' wss://127\\.0\\.0\\.1:${server.port};`));
      const shake = await handshake(`wss://127.0.0.1:${server.port}/api?token=${TOKEN}`, {}, { ca: cert });
      assert.equal(shake.opened, true);
      const [reply] = await exchange(shake.socket!, [JSON.stringify({ id: 1, method: 'listExperiments', params: [] })], 1);
      assert.deepEqual(reply, { id: 1, result: [] });
      shake.socket!.close();
    });
  });
});
