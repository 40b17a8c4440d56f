/**
 * The README's main job, small: `archwalk demo` in a fresh home trains an agent on the shipped
 * NB201 CIFAR-10 table (12 epochs), compares it with the four baselines on that table (labelled
 * in-sample) and on CIFAR-100 and ImageNet16-120 (held out), prints one table per benchmark
 * and writes the report; `--benchmark nb101-5v-fmnist` keeps the single-table demo, labelled
 * in-sample. No data file is needed for either.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { embeddedTablePath } from '../../src-main/services/embedded.ts';
import { archwalk } from '../helpers/cli.ts';
import { REPO_ROOT, tempDir } from '../helpers/data.ts';

const BASELINES = ['random-search', 'random-walk', 'local-search', 'regularized-evolution'];
const nb201Skip = existsSync(join(REPO_ROOT, 'resources', 'nb201-12ep-cifar10', 'table.nb201')) ? false : 'the shipped NB201 12-epoch tables are not in this checkout';
const nb101Skip = embeddedTablePath() === null ? 'resources/nb101-5v-fmnist/table.nb101 is not in this checkout' : false;

/** The rows of the table printed under a benchmark's heading. */
function tableAfter(stdout: string, heading: RegExp): string {
  const start = stdout.search(heading);
  assert.ok(start >= 0, `no heading ${heading} in:\n${stdout}`);
  const rest = stdout.slice(start);
  const end = rest.slice(1).search(/\n\n/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

test('the demo is a transfer study on the shipped NB201 tables: in-sample on CIFAR-10, held out on CIFAR-100 and ImageNet16-120', { skip: nb201Skip }, () => {
  const home = tempDir('archwalk-demo-');
  try {
    const out = join(home.path, 'demo.html');
    const r = archwalk(home.path, ['demo', '--minutes', '0.1', '--seeds', '2', '--budget', '10', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /training agent demo-agent-nb201-12ep-cifar10 \(cpu-small\)/);
    assert.match(r.stdout, /demo-agent-nb201-12ep-cifar10: trained on nb201-12ep-cifar10 \([\d,]+ cells queried\)/);
    const expected: [string, string][] = [['nb201-12ep-cifar10', 'in-sample'], ['nb201-12ep-cifar100', 'held-out'], ['nb201-12ep-imagenet16', 'held-out']];
    for (const [benchmark, label] of expected) {
      const rows = tableAfter(r.stdout, new RegExp(`^${benchmark} — agent ${label}: incumbent test accuracy`, 'm'));
      assert.match(rows, new RegExp(`^agent \\[${label}\\]\\s+2\\s+\\d+\\.\\d+ ± \\d+\\.\\d+`, 'm'), `${benchmark}: the agent row carries its label`);
      for (const searcher of BASELINES) assert.match(rows, new RegExp(`^${searcher}\\s+2\\s+\\d+\\.\\d+ ± \\d+\\.\\d+`, 'm'), `${benchmark}: ${searcher} row`);
      assert.match(rows, new RegExp(`on ${benchmark}: ${label}; Spearman ρ\\(nb201-12ep-cifar10, ${benchmark}\\) = [01]\\.\\d{3}; training queried \\d+ of the \\d+ top-1 % cells`));
    }
    // Never an unlabelled agent number.
    assert.doesNotMatch(r.stdout, /^agent\s+\d/m);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /On nb201-12ep-imagenet16 <span class="sample held-out">/);
    assert.match(html, /agent \[in-sample\]/);
  } finally {
    home.cleanup();
  }
});

test('--benchmark nb101-5v-fmnist keeps the single-table demo, labelled in-sample', { skip: nb101Skip }, () => {
  const home = tempDir('archwalk-demo-');
  try {
    const out = join(home.path, 'demo.html');
    const r = archwalk(home.path, ['demo', '--benchmark', 'nb101-5v-fmnist', '--minutes', '0.1', '--seeds', '2', '--budget', '10', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /training agent demo-agent-nb101-5v-fmnist \(cpu-small\)/);
    const rows = tableAfter(r.stdout, /^nb101-5v-fmnist — agent in-sample: incumbent test accuracy/m);
    assert.match(rows, /^agent \[in-sample\]\s+2\s+\d+\.\d+ ± \d+\.\d+/m);
    for (const searcher of ['random-search', 'random-walk', 'local-search']) assert.match(rows, new RegExp(`^${searcher}\\s+2\\s+\\d+\\.\\d+ ± \\d+\\.\\d+`, 'm'), `${searcher} row`);
    assert.ok(existsSync(out));
    assert.match(readFileSync(out, 'utf8'), /nb101-5v-fmnist/);
    const again = archwalk(home.path, ['demo', '--benchmark', 'nb101-5v-fmnist', '--seeds', '1', '--budget', '5', '--out', out]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /agent demo-agent-nb101-5v-fmnist is already trained/);
  } finally {
    home.cleanup();
  }
});
