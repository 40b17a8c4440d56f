import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseServeOptions } from '../../src-main/cli/commands/serve-options.ts';
import { tempDir } from '../helpers/data.ts';

const TOKEN = 'twenty-characters-ok';

test('the token comes from --token-file, then ARCHWALK_TOKEN, then --token (with a warning); none given: generated', () => {
  const dir = tempDir();
  try {
    const file = join(dir.path, 'token');
    writeFileSync(file, `${TOKEN}\n`);
    chmodSync(file, 0o600);
    assert.equal(parseServeOptions(['--token-file', file], {}).token, TOKEN);
    assert.equal(parseServeOptions([], { ARCHWALK_TOKEN: TOKEN }).token, TOKEN);
    const argv = parseServeOptions(['--token', TOKEN], {});
    assert.equal(argv.token, TOKEN);
    assert.match(argv.warnings.join('\n'), /visible to every user of this machine \(ps\)/);
    assert.equal(parseServeOptions([], {}).token, undefined, 'the server generates one');
    assert.throws(() => parseServeOptions(['--token-file', join(dir.path, 'absent')], {}), /--token-file .*absent: no such file/);
  } finally {
    dir.cleanup();
  }
});

test('short tokens, --no-token off loopback and contradicting options are refused with a clear error', () => {
  // Before: `--token x` was accepted (one character).
  assert.throws(() => parseServeOptions(['--token', 'x'], {}), /the access token from --token has 1 characters; use at least 16/);
  assert.throws(() => parseServeOptions([], { ARCHWALK_TOKEN: 'short' }), /from \$ARCHWALK_TOKEN has 5 characters/);
  assert.throws(() => parseServeOptions(['--no-token', '--host', '0.0.0.0'], {}), /--no-token is refused on 0\.0\.0\.0/);
  assert.equal(parseServeOptions(['--no-token'], {}).token, null);
  assert.throws(() => parseServeOptions(['--no-token', '--token', TOKEN], {}), /contradict/);
  assert.throws(() => parseServeOptions(['--tls-cert', 'c.pem'], {}), /--tls-cert and --tls-key go together/);
  assert.throws(() => parseServeOptions(['--allow-host', 'http://x'], {}), /host name without port or scheme/);
  assert.throws(() => parseServeOptions(['--max-connections', '0'], {}), /--max-connections must be an integer from 1/);
  assert.throws(() => parseServeOptions(['--port', '70000'], {}), /--port must be 0–65535/);
});

test('hosts, data roots and caps are read', () => {
  const options = parseServeOptions(['--allow-host', 'lab.internal', '--allow-host', 'proxy', '--data-root', '/srv/data', '--max-connections', '5', '--max-requests-per-second', '10'], {});
  assert.deepEqual(options.allowedHosts, ['lab.internal', 'proxy']);
  assert.deepEqual(options.dataRoots, ['/srv/data']);
  assert.equal(options.limits.maxConnections, 5);
  assert.equal(options.limits.requestsPerSecond, 10);
});
