import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Api } from '#shared/api.ts';
import { invokeApi, isApiMethod } from '#shared/api-invoke.ts';

/** An Api whose getRun does what the test says; every other method is absent (not called here). */
function apiWith(getRun: (...args: unknown[]) => Promise<unknown>): { api: Api; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const api = { getRun: (...args: unknown[]) => (calls.push(args), getRun(...args)) } as unknown as Api;
  return { api, calls };
}

function collectingLog(): { log: (message: string, error: unknown) => void; lines: string[] } {
  const lines: string[] = [];
  return { log: (message) => lines.push(message), lines };
}

test('a call that fits the contract reaches the services and returns their result', async () => {
  const { api, calls } = apiWith(async (id) => ({ id }));
  const { log, lines } = collectingLog();
  assert.deepEqual(await invokeApi(api, 'getRun', [7], log), { ok: true, result: { id: 7 } });
  assert.deepEqual(calls, [[7]]);
  assert.deepEqual(lines, []);
});

test('arguments that do not fit are refused as bad-request before the services see them', async () => {
  const { api, calls } = apiWith(async () => assert.fail('must not be called'));
  const outcome = await invokeApi(api, 'getRun', ['7'], collectingLog().log);
  assert.deepEqual(outcome, { ok: false, error: { code: 'bad-request', message: 'getRun: parameter "id" must be an integer from 1 to 9007199254740991, got "7"' } });
  assert.deepEqual(calls, []);
});

test("a user's error crosses with its message and code; a bug crosses as internal and is logged", async () => {
  const userError = Object.assign(new Error('run 7 does not exist'), { code: 'not-found' });
  const { log, lines } = collectingLog();
  assert.deepEqual(await invokeApi(apiWith(async () => Promise.reject(userError)).api, 'getRun', [7], log), {
    ok: false,
    error: { message: 'run 7 does not exist', code: 'not-found' },
  });
  assert.deepEqual(lines, []);
  const bug = await invokeApi(apiWith(async () => Promise.reject(new TypeError('x is undefined'))).api, 'getRun', [7], log);
  assert.deepEqual(bug, { ok: false, error: { code: 'internal', message: 'getRun failed inside archwalk (TypeError); the details are in the log' } });
  assert.deepEqual(lines, ['Api method getRun failed']);
});

test('isApiMethod knows the contract\'s methods only', () => {
  assert.equal(isApiMethod('getRun'), true);
  assert.equal(isApiMethod('subscribe'), false);
  assert.equal(isApiMethod('constructor'), false);
  assert.equal(isApiMethod(7), false);
});
