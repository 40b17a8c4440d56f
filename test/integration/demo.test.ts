/**
 * The README's main job, small: `archwalk demo` in a fresh home trains an agent on the shipped
 * benchmark, compares it with the three baselines, prints the table and writes the report.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { embeddedTablePath } from '../../src-main/services/embedded.ts';
import { archwalk } from '../helpers/cli.ts';
import { tempDir } from '../helpers/data.ts';

const skip = embeddedTablePath() === null ? 'resources/nb101-5v-fmnist/table.nb101 is not in this checkout' : false;

test('the demo runs on the embedded benchmark in a fresh home, with no data file', { skip }, () => {
  const home = tempDir('archwalk-demo-');
  try {
    const out = join(home.path, 'demo.html');
    const r = archwalk(home.path, ['demo', '--minutes', '0.15', '--seeds', '2', '--budget', '10', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /training agent demo-agent-nb101-5v-fmnist \(cpu-small\)/);
    assert.match(r.stdout, /on nb101-5v-fmnist: incumbent test accuracy/);
    for (const searcher of ['agent', 'random-search', 'random-walk', 'local-search']) {
      assert.match(r.stdout, new RegExp(`^${searcher}\\s+2\\s+\\d+\\.\\d+ ± \\d+\\.\\d+`, 'm'), `${searcher} row`);
    }
    assert.ok(existsSync(out));
    assert.match(readFileSync(out, 'utf8'), /nb101-5v-fmnist/);
    const again = archwalk(home.path, ['demo', '--seeds', '1', '--budget', '5', '--out', out]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /agent demo-agent-nb101-5v-fmnist is already trained/);
  } finally {
    home.cleanup();
  }
});
