import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNb201Csv } from '../../src-main/nas/benchmarks/nb201/landscapes.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { parseNb201 } from '../../src-main/nas/spaces/nb201/space.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { realNb201, realNb201Csv } from '../helpers/nb201.ts';

const skip = skipWithout(NB201_CSV);

test('the real CIFAR-10 table imports whole and answers queries in fractions', { skip }, () => {
  const bench = realNb201();
  const metrics = bench.query(parseNb201('|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'));
  assert.ok(Math.abs(metrics.valid - 0.9076933332) < 1e-9);
  assert.ok(Math.abs(metrics.test - 0.9051333333) < 1e-9);
  const best = bench.best();
  assert.ok(best.valid > 0.91 && best.valid < 0.92, `best validation ${best.valid}`);
  assert.equal(bench.sample(new Rng(1)).length, 6);
});

function corrupt(edit: (lines: string[]) => string[]): string {
  return edit(realNb201Csv().split('\n')).join('\n');
}

test('a truncated file names the line and the problem', { skip }, () => {
  const text = realNb201Csv();
  const cut = text.slice(0, Math.floor(text.length / 2));
  assert.throws(() => parseNb201Csv(cut), /line \d+: expected 20 fields like the header, found \d+ \(is the file truncated\?\)|the file has \d+ architectures; NAS-Bench-201 has 15625/);
  const wholeLinesOnly = corrupt((lines) => lines.slice(0, 1000));
  assert.throws(() => parseNb201Csv(wholeLinesOnly), /the file has 999 architectures; NAS-Bench-201 has 15625 \(missing e\.g\. /);
});

/** Replaces one column of one data row (row 1 = first data line, on file line 2). */
function withField(row: number, column: string, value: string): string {
  return corrupt((lines) => {
    const header = lines[0]!.split(',');
    const fields = lines[row]!.split(',');
    fields[header.indexOf(column)] = value;
    lines[row] = fields.join(',');
    return lines;
  });
}

test('duplicates, non-numeric and out-of-range accuracies are refused with their line and column', { skip }, () => {
  assert.throws(() => parseNb201Csv(corrupt((l) => { l[5] = l[3]!; return l; })), /line 6: architecture .* already appeared on line 4/);
  assert.throws(() => parseNb201Csv(withField(10, 'valid-accuracy', 'abc')), /line 11, column 14 \(valid-accuracy\): "abc" is not a decimal number/);
  assert.throws(() => parseNb201Csv(withField(10, 'valid-accuracy', '')), /line 11, column 14 \(valid-accuracy\): "" is not a decimal number/);
  assert.throws(() => parseNb201Csv(withField(2, 'test-accuracy', '140')), /line 3, column 18 \(test-accuracy\): 140 is out of range; accuracies must be percentages between 0 and 100/);
  assert.throws(() => parseNb201Csv(withField(7, 'arch_str', '|conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|')), /line 8: .*unknown operation "conv_9x9"/);
  assert.throws(() => parseNb201Csv('foo,bar\n1,2\n'), /line 1: the header has no "arch_str" column/);
  assert.throws(() => parseNb201Csv(''), /the file is empty/);
});

test('wrong tables that used to import: hex numbers, Infinity, a repeated column, fractions', { skip }, () => {
  // Number('0x10') is 16: this cell used to get 16 % validation accuracy.
  assert.throws(() => parseNb201Csv(withField(10, 'valid-accuracy', '0x10')), /line 11, column 14 \(valid-accuracy\): "0x10" is not a decimal number/);
  assert.throws(() => parseNb201Csv(withField(4, 'train-all-time', 'Infinity')), /line 5, column 12 \(train-all-time\): "Infinity" is not a decimal number/);
  // A second valid-accuracy column (here: the test accuracies) used to decide which column was read.
  const doubled = corrupt((lines) => lines.map((line, i) => `${line},${i === 0 ? 'valid-accuracy' : line.split(',')[17]}`));
  assert.throws(() => parseNb201Csv(doubled), /line 1: the name of column 21 is "valid-accuracy", the name of column 14 too; column names must be unique/);
  // Every accuracy as a fraction: used to import with a best cell of 0.92 %.
  const accuracyColumns = new Set(['train-accuracy', 'valid-accuracy', 'test-accuracy']);
  const fractions = corrupt((lines) => {
    const header = lines[0]!.split(',');
    return lines.map((line, i) => (i === 0 ? line : line.split(',').map((f, c) => (accuracyColumns.has(header[c]!) ? String(Number(f) / 100) : f)).join(',')));
  });
  assert.throws(() => parseNb201Csv(fractions), /the largest valid-accuracy is 0\.916\d, which reads as 0\.916\d %: the table seems to hold fractions, not percentages; import it with --scale fraction/);
  const asFractions = parseNb201Csv(fractions, undefined, { scale: 'fraction' });
  const asPercent = parseNb201Csv(realNb201Csv());
  assert.ok(asPercent.valid.every((v, i) => Math.abs(v - asFractions.valid[i]!) < 1e-12), '--scale fraction reads the same accuracies');
  // With the scale said, values above 1 are refused rather than divided again.
  assert.throws(() => parseNb201Csv(realNb201Csv(), undefined, { scale: 'fraction' }), /line 2, column 14 \(valid-accuracy\): 81\.98266666 is out of range; accuracies must be fractions between 0 and 1 \(--scale fraction\)/);
});
