import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { dispatch, isLoopback, startServer } from '../../src-main/server/server.ts';
import { resolveStaticPath } from '../../src-main/server/static-files.ts';
import type { Api } from '#shared/api.ts';
import { tempDir } from '../helpers/data.ts';

function fakeApi(overrides: Partial<Api> = {}): Api {
  const api = {
    async listExperiments() {
      return [];
    },
    subscribe: () => () => undefined,
    ...overrides,
  };
  return api as unknown as Api;
}

test('static paths never leave the renderer folder', () => {
  assert.equal(resolveStaticPath('/srv/r', '/index.html'), '/srv/r/index.html');
  assert.equal(resolveStaticPath('/srv/r', '/assets/a.js?x=1'), '/srv/r/assets/a.js');
  assert.equal(resolveStaticPath('/srv/r', '/../../etc/passwd'), '/srv/r/etc/passwd');
  assert.equal(resolveStaticPath('/srv/r', '/%2e%2e/%2e%2e/etc/passwd'), '/srv/r/etc/passwd');
  assert.equal(resolveStaticPath('/srv/r', '/a%00b'), null);
  assert.equal(resolveStaticPath('/srv/r', '/%E0%A4%A'), null);
});

test('loopback detection', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) assert.equal(isLoopback(host), true, host);
  for (const host of ['0.0.0.0', '192.168.1.4', '::']) assert.equal(isLoopback(host), false, host);
});

test('dispatch answers unknown methods, bad params, malformed requests and api errors with messages', async () => {
  const api = fakeApi({
    async getRun() {
      throw new Error('there is no run with id 9');
    },
  });
  assert.deepEqual(await dispatch(api, { id: 1, method: 'rmrf', params: [] }), { id: 1, error: { message: 'unknown method "rmrf"', code: 'unknown-method' } });
  assert.deepEqual(await dispatch(api, { id: 2, method: 'listExperiments', params: 'x' }), { id: 2, error: { message: 'listExperiments: "params" must be a list of the method\'s arguments', code: 'bad-request' } });
  assert.deepEqual(await dispatch(api, { id: 3, method: 'getRun', params: [9] }), { id: 3, error: { message: 'there is no run with id 9' } });
  assert.deepEqual(await dispatch(api, { id: 4, method: 'listExperiments', params: [] }), { id: 4, result: [] });
  // Before: no reply at all (the client waited forever).
  assert.deepEqual(await dispatch(api, { method: 'listExperiments' }), { id: null, error: { code: 'bad-request', message: 'the request has no numeric "id"; it was not run' } });
  assert.equal(((await dispatch(api, 'hello')) as { error: { code: string } }).error.code, 'bad-request');
});

test('off loopback every request needs the token; on loopback the socket answers', async () => {
  const dir = tempDir();
  mkdirSync(join(dir.path, 'r'));
  writeFileSync(join(dir.path, 'r', 'index.html'), '<!doctype html><title>archwalk</title>');
  // 0.0.0.0 counts as not loopback; the test still connects through 127.0.0.1.
  const open = await startServer({ api: fakeApi(), rendererDir: join(dir.path, 'r'), host: '0.0.0.0', port: 0, token: 'sesame-sesame-open' });
  try {
    const base = `http://127.0.0.1:${open.port}`;
    assert.equal((await fetch(`${base}/`)).status, 401);
    const ok = await fetch(`${base}/?token=sesame-sesame-open`);
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(ok.headers.get('set-cookie') ?? '', new RegExp(`archwalk_token_${open.port}=sesame-sesame-open; HttpOnly; SameSite=Strict`));
    assert.equal((await fetch(`${base}/`, { headers: { cookie: `archwalk_token_${open.port}=sesame-sesame-open` } })).status, 200);
    assert.equal((await fetch(`${base}/`, { headers: { cookie: `archwalk_token_${open.port}=sesame-sesame-shut` } })).status, 401);
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${open.port}/api`);
      ws.on('open', () => resolve(false));
      ws.on('error', () => resolve(true));
    });
    assert.equal(refused, true, 'no socket without the token');
    const reply = await new Promise<unknown>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${open.port}/api?token=sesame-sesame-open`);
      ws.on('open', () => ws.send(JSON.stringify({ id: 7, method: 'listExperiments', params: [] })));
      ws.on('message', (data) => {
        resolve(JSON.parse(data.toString()));
        ws.close();
      });
      ws.on('error', reject);
    });
    assert.deepEqual(reply, { id: 7, result: [] });
  } finally {
    await open.close();
    dir.cleanup();
  }
});
