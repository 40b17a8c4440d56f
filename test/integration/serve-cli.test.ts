/**
 * The CLI as a careless or hostile input meets it: a missing option value is a usage error (no
 * stack), names holding terminal escape codes are printed escaped, `archwalk serve` prints a URL
 * with a token by default and reads it from a file, and `archwalk settings` adds data roots.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { tempDir } from '../helpers/data.ts';
import { startServe } from '../helpers/serve.ts';

test('a missing option value exits 2 with a usage message, not a stack trace', () => {
  const home = tempDir();
  try {
    for (const args of [['run', 'x.yaml', '--concurrency'], ['serve', '--port'], ['worker', '--concurrency']]) {
      const result = archwalk(home.path, args);
      // Before: exit 1 and "TypeError [ERR_PARSE_ARGS_INVALID_OPTION_VALUE]: Option '--concurrency <value>' argument missing\n    at …".
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`archwalk ${args[0]}: Option '--\\w+ <value>' argument missing\\nsee: archwalk help`));
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  } finally {
    home.cleanup();
  }
});

test('escape codes in an experiment name are printed escaped', () => {
  const home = tempDir();
  try {
    const config = join(home.path, 'evil.json');
    const name = 'evil\u001b]0;owned\u0007\u001b[2J\u009b31m';
    writeFileSync(config, JSON.stringify({ name, benchmark: 'nb101-5v-fmnist', budget: 5, seeds: 1, searchers: ['random-search'] }));
    const queued = archwalk(home.path, ['queue', 'add', config]);
    assert.equal(queued.code, 0, queued.stderr);
    // Before: the raw ESC, BEL and CSI reached the terminal (retitling and clearing it).
    assert.doesNotMatch(queued.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    assert.match(queued.stdout, /evil\\u001b]0;owned\\u0007\\u001b\[2J\\u009b31m/);
    const listed = archwalk(home.path, ['queue', 'list', '--json']);
    assert.equal(JSON.parse(listed.stdout).runs[0].experimentName, name, 'JSON output stays lossless');
  } finally {
    home.cleanup();
  }
});

test('serve prints a URL with the token from --token-file; settings adds data roots', async () => {
  const home = tempDir();
  try {
    const tokenFile = join(home.path, 'token');
    writeFileSync(tokenFile, 'token-from-a-file-0123\n');
    const short = archwalk(home.path, ['serve', '--token', 'x']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /use at least 16/);
    const added = archwalk(home.path, ['settings', 'add-data-root', home.path]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(archwalk(home.path, ['settings']).stdout, new RegExp(`data roots: .*${home.path}`));
    const serve = await startServe(home.path, ['--token-file', tokenFile]);
    try {
      assert.match(serve.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=token-from-a-file-0123$/);
      assert.equal((await fetch(serve.url.replace(/\?token=.*/, ''))).status, 401);
      assert.equal((await fetch(serve.url)).status, 200);
    } finally {
      await serve.stop();
    }
  } finally {
    home.cleanup();
  }
});

test('settings remove-data-root takes the folder by any path to it, e.g. the symlink it was added by', () => {
  const home = tempDir();
  try {
    const real = join(home.path, 'data');
    const link = join(home.path, 'data-link');
    mkdirSync(real);
    symlinkSync(real, link);
    const added = archwalk(home.path, ['settings', 'add-data-root', link]);
    assert.equal(added.code, 0, added.stderr);
    // Stored as its real path; before, removing by the link compared the link's path with it and refused.
    const removed = archwalk(home.path, ['settings', 'remove-data-root', link]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.doesNotMatch(archwalk(home.path, ['settings']).stdout, /data-link|\/data\b/);
    const again = archwalk(home.path, ['settings', 'remove-data-root', real]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /is not an added data root/);
  } finally {
    home.cleanup();
  }
});
