/**
 * Issue 14, item 5, through `archwalk benchmark import`: wrong NB201 tables that used to be
 * imported silently are refused naming the file, the place and the problem; a table of
 * fractions imports with --scale fraction.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';
import { editedNb201Csv as edited, NB201_ACCURACY_COLUMNS as ACCURACIES } from '../helpers/wrong-data.ts';

const skip = skipWithout(NB201_CSV);

test('wrong NB201 tables are refused with file, place and problem; --scale fraction imports a table of fractions', { skip }, () => {
  const home = tempDir();
  try {
    const write = (name: string, text: string): string => {
      const path = join(home.path, name);
      writeFileSync(path, text);
      return path;
    };
    const hex = write('hex.csv', edited((column, field, row) => (row === 10 && column === 'valid-accuracy' ? '0x10' : field)));
    const fractions = write('fractions.csv', edited((column, field, row) => (row > 0 && ACCURACIES.has(column) ? String(Number(field) / 100) : field)));
    const doubled = write('doubled.csv', edited((column, field, row) => (row === 0 && column === 'test-accuracy' ? 'valid-accuracy' : field)));
    // The earlier column named twice: a lookup by first name read training accuracy as validation accuracy and imported it.
    const doubledEarlier = write('doubled-earlier.csv', edited((column, field, row) => (row === 0 && column === 'train-accuracy' ? 'valid-accuracy' : field)));
    const cases: [string, string[], RegExp][] = [
      [hex, [], /^archwalk: cannot import .*hex\.csv: line 11, column 14 \(valid-accuracy\): "0x10" is not a decimal number\. Nothing was imported\.\n$/],
      [fractions, [], /^archwalk: cannot import .*fractions\.csv: the largest valid-accuracy is 0\.916\d, which reads as 0\.916\d %: the table seems to hold fractions, not percentages; import it with --scale fraction\. Nothing was imported\.\n$/],
      [doubled, [], /^archwalk: cannot import .*doubled\.csv: line 1: the name of column 18 is "valid-accuracy", the name of column 14 too; column names must be unique\. Nothing was imported\.\n$/],
      [doubledEarlier, [], /^archwalk: cannot import .*doubled-earlier\.csv: line 1: the name of column 14 is "valid-accuracy", the name of column 10 too; column names must be unique\. Nothing was imported\.\n$/],
      [NB201_CSV, ['--scale', 'fraction'], /line 2, column 14 \(valid-accuracy\): 81\.98266666 is out of range; accuracies must be fractions between 0 and 1 \(--scale fraction\)/],
      [NB201_CSV, ['--scale', 'tenths'], /--scale must be percent or fraction, got "tenths"/],
    ];
    for (const [path, extra, expected] of cases) {
      const result = archwalk(home.path, ['benchmark', 'import', 'nb201', path, '--name', 'wrong', ...extra]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, expected);
    }
    const listed = JSON.parse(archwalk(home.path, ['benchmark', 'list', '--json']).stdout) as { name: string }[];
    assert.ok(!listed.some((b) => b.name === 'wrong'), 'nothing registered');
    const imported = archwalk(home.path, ['benchmark', 'import', 'nb201', fractions, '--name', 'fractions', '--scale', 'fraction', '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    const info = JSON.parse(imported.stdout) as { bestValid: number; bestTest: number };
    assert.ok(info.bestValid > 0.91 && info.bestValid < 0.92, `best validation ${info.bestValid} as a fraction, as with the percent table`);
  } finally {
    home.cleanup();
  }
});
