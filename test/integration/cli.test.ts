import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';

const skip = skipWithout(NB201_CSV);

test('import, run --json and the summary table, end to end through the CLI', { skip }, () => {
  const home = tempDir();
  try {
    // Not named nb201-cifar10: every new home has the shipped table of that name.
    const imported = archwalk(home.path, ['benchmark', 'import', 'nb201', NB201_CSV, '--name', 'nb201-csv']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported nb201-csv: 15625 architectures/);
    const config = join(home.path, 'exp.yaml');
    writeFileSync(config, 'name: cli\nbenchmark: nb201-csv\nbudget: 30\nseeds: [1, 2]\nsearchers:\n  - random-search\n  - kind: local-search\n    init: 5\n');
    const json = archwalk(home.path, ['run', config, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as {
      experiment: { id: number; name: string };
      runs: { id: number; searcher: string; seed: number; status: string; queries: number; best: { arch: unknown; valid: number; test: number }; curve: [number, number, number][] }[];
    };
    assert.equal(report.experiment.name, 'cli');
    assert.equal(report.runs.length, 4);
    for (const run of report.runs) {
      assert.equal(run.status, 'succeeded');
      assert.equal(run.queries, 30);
      assert.equal(run.curve.length, 30);
      assert.equal(run.curve.at(-1)![1], run.best.valid);
      assert.equal(typeof run.best.arch, 'string');
    }
    assert.match(json.stderr, /100%/, 'progress goes to stderr');
    const text = archwalk(home.path, ['run', config]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /random-search\s+2\s+/);
    assert.match(text.stdout, /@30 test %/);
    const show = archwalk(home.path, ['runs', 'show', String(report.runs[0]!.id)]);
    assert.match(show.stdout, /succeeded/);
    const query = archwalk(home.path, ['benchmark', 'query', 'nb201-csv', '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|', '--json']);
    assert.equal(JSON.parse(query.stdout).valid, 0.9076933332);
  } finally {
    home.cleanup();
  }
});

test('corrupt inputs each give one clear error and change nothing', { skip }, () => {
  const home = tempDir();
  try {
    assert.equal(archwalk(home.path, ['benchmark', 'import', 'nb201', NB201_CSV, '--name', 'good']).code, 0);
    const csv = readFileSync(NB201_CSV, 'utf8');
    const lines = csv.split('\n');
    const header = lines[0]!.split(',');
    const setField = (row: number, column: string, value: string): string => {
      const copy = lines.slice();
      const fields = copy[row]!.split(',');
      fields[header.indexOf(column)] = value;
      copy[row] = fields.join(',');
      return copy.join('\n');
    };
    const badFiles: [string, string, RegExp][] = [
      ['truncated.csv', csv.slice(0, Math.floor(csv.length * 0.7)), /line \d+: expected 20 fields like the header, found \d+ \(is the file truncated\?\)/],
      ['duplicate.csv', lines.map((l, i) => (i === 9 ? lines[4]! : l)).join('\n'), /line 10: architecture .* already appeared on line 5/],
      ['nonnumeric.csv', setField(12, 'test-accuracy', 'n/a'), /line 13, column 18 \(test-accuracy\): "n\/a" is not a decimal number/],
    ];
    const stateBefore = archwalk(home.path, ['benchmark', 'list', '--json']).stdout;
    for (const [name, content, expected] of badFiles) {
      const path = join(home.path, name);
      writeFileSync(path, content);
      const result = archwalk(home.path, ['benchmark', 'import', 'nb201', path, '--name', name.replace('.csv', '')]);
      assert.equal(result.code, 2, `${name}: ${result.stderr}`);
      assert.match(result.stderr, expected);
      assert.match(result.stderr, /Nothing was imported/);
      assert.equal(result.stderr.trim().split('\n').length, 1, `${name}: one error line`);
    }
    assert.equal(archwalk(home.path, ['benchmark', 'list', '--json']).stdout, stateBefore, 'no benchmark registered by a failed import');

    const configs: [string, RegExp][] = [
      ['name: x\nbenchmark: good\nbudget: 10\nsearchers: [random-search]\nbudgett: 5\n', /unknown field budgett; allowed fields: /],
      ['name: x\nbenchmark: good\nbudget: 0\nsearchers: [random-search]\n', /budget must be at least 1, got 0/],
      ['name: x\nbenchmark: nope\nbudget: 10\nsearchers: [random-search]\n', /benchmark "nope" is not registered; registered: good/],
      ['name: x\nbenchmark: good\nbudget: 10\nsearchers: [{kind: annealing}]\n', /searchers\[0\]\.kind must be one of random-search, random-walk, local-search, regularized-evolution, agent/],
      ['name: x\nbenchmark: good\n  budget: 10: [\n', /not valid YAML or JSON at line \d+, column \d+: [A-Z][^\n]*[a-z\]]$/m],
    ];
    for (const [text, expected] of configs) {
      const path = join(home.path, 'bad.yaml');
      writeFileSync(path, text);
      const result = archwalk(home.path, ['run', path]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, expected);
    }
    const missing = archwalk(home.path, ['run', join(home.path, 'absent.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the config .*absent\.yaml: no such file/);
    assert.equal(archwalk(home.path, ['runs', 'list', '--json']).stdout.trim(), '[]', 'no experiment or run was created');
    assert.match(archwalk(home.path, ['runs', 'show', '99']).stderr, /there is no run with id 99/);
  } finally {
    home.cleanup();
  }
});
