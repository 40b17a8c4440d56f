import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAccuracyScale, readAccuracy } from '../../src-main/nas/benchmarks/accuracy.ts';
import { parseDecimal, quoteField, readCsvHeader } from '../../src-main/nas/benchmarks/csv.ts';

test('strict decimals: what Number() would also take is refused unless it is decimal notation', () => {
  for (const [text, value] of [['90.5', 90.5], ['-0.25', -0.25], ['+3', 3], ['.5', 0.5], ['7.', 7], ['1e-05', 1e-5], ['9.1E1', 91], [' 42 ', 42]] as const) {
    assert.equal(parseDecimal(text), value, text);
  }
  for (const text of ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '', '   ', '1_000', '1,5', '12abc', '1e400', 'e5', '.', '--1']) {
    assert.equal(parseDecimal(text), null, text);
  }
});

test('a header with a repeated column name is refused, naming both columns', () => {
  assert.deepEqual(readCsvHeader('a, b ,c').names, ['a', 'b', 'c']);
  assert.equal(readCsvHeader('a,b,c').column('c'), 2);
  assert.equal(readCsvHeader('a,b,c').column('d'), -1);
  assert.throws(() => readCsvHeader('arch_str,valid-accuracy,x,valid-accuracy'), /line 1: the name of column 4 is "valid-accuracy", the name of column 2 too; column names must be unique/);
});

test('accuracies: percent or fraction scale, range-checked, and a percent table topping out at 1 is refused with the hint', () => {
  assert.equal(readAccuracy('91.5', 'line 3 (valid-accuracy)', 'percent'), 0.915);
  assert.equal(readAccuracy('0.915', 'line 3 (valid-accuracy)', 'fraction'), 0.915);
  assert.throws(() => readAccuracy('0x10', 'line 3 (valid-accuracy)', 'percent'), /line 3 \(valid-accuracy\): "0x10" is not a decimal number/);
  assert.throws(() => readAccuracy('101', 'line 3 (test-accuracy)', 'percent'), /line 3 \(test-accuracy\): 101 is out of range; accuracies must be percentages between 0 and 100/);
  assert.throws(() => readAccuracy('91.5', 'line 3 (test-accuracy)', 'fraction'), /91\.5 is out of range; accuracies must be fractions between 0 and 1 \(--scale fraction\)/);
  assert.throws(() => checkAccuracyScale(0.0092, 'percent', 'valid-accuracy'), /the largest valid-accuracy is 0\.9200.*import it with --scale fraction/);
  checkAccuracyScale(0.0092, 'fraction', 'valid-accuracy');
  checkAccuracyScale(0.92, 'percent', 'valid-accuracy');
});

test('error messages quote at most a shortened field', () => {
  assert.equal(quoteField('short'), '"short"');
  const long = 'root:x:0:0:root:/root:/bin/bash and much more of the file';
  assert.equal(quoteField(long), JSON.stringify(`${long.slice(0, 40)}…`));
});
