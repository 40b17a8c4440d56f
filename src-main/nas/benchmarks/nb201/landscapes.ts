/**
 * NAS-Landscapes' single-dataset NB201 CSV layout (`cifar10_avg.csv`): `arch_str`, train,
 * valid and test accuracy (percent unless the import says fractions) and times, one row per
 * cell. Column names must be unique, numbers decimal; errors name the line and column.
 */
import { checkAccuracyScale, readAccuracy, type AccuracyScale } from '../accuracy.ts';
import { fieldPlace, requireDecimal } from '../csv.ts';
import { emptyNb201Table, forEachNb201Row, requireColumns, splitNb201Csv, type Nb201CsvLayout } from './rows.ts';
import { Nb201ImportError, type Nb201Table } from './table.ts';

export const LANDSCAPES_LAYOUT: Nb201CsvLayout = {
  label: 'the NAS-Bench-201 CSV layout of NAS-Landscapes',
  archColumn: 'arch_str',
  required: ['valid-accuracy', 'test-accuracy'],
};
/** Read when present: train accuracy and total training time. */
const TRAIN_COLUMN = 'train-accuracy';
const TIME_COLUMN = 'train-all-time';

/** Parse and validate a whole CSV of this layout; throws naming the line (and column) and problem. */
export function parseNb201Csv(text: string, dataset: string | null = 'cifar10-valid', options: { scale?: AccuracyScale | undefined } = {}): Nb201Table {
  const scale = options.scale ?? 'percent';
  const csv = splitNb201Csv(text);
  const columns = requireColumns(csv, LANDSCAPES_LAYOUT);
  const validCol = columns.get('valid-accuracy')!;
  const testCol = columns.get('test-accuracy')!;
  const trainCol = csv.header.indexOf(TRAIN_COLUMN);
  const timeCol = csv.header.indexOf(TIME_COLUMN);
  const table = emptyNb201Table(dataset, null);
  const accuracy = (fields: readonly string[], column: number, name: string, lineNo: number): number => readAccuracy(fields[column], fieldPlace(lineNo, column, name), scale);
  forEachNb201Row(csv, columns.get(LANDSCAPES_LAYOUT.archColumn)!, (index, fields, lineNo) => {
    table.valid[index] = accuracy(fields, validCol, 'valid-accuracy', lineNo);
    table.test[index] = accuracy(fields, testCol, 'test-accuracy', lineNo);
    if (trainCol >= 0) table.train[index] = accuracy(fields, trainCol, TRAIN_COLUMN, lineNo);
    if (timeCol >= 0) {
      const place = fieldPlace(lineNo, timeCol, TIME_COLUMN);
      const seconds = requireDecimal(fields[timeCol], place);
      if (seconds < 0) throw new Nb201ImportError(`${place}: ${seconds} is negative; training times are seconds`);
      table.trainSeconds[index] = seconds;
    }
  });
  checkAccuracyScale(Math.max(...table.valid), scale, 'valid-accuracy');
  return table;
}
