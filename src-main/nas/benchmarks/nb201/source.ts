/**
 * An NB201 CSV of either layout, read into a table that knows its dataset and epochs:
 *   - NAS-Landscapes' single-dataset layout (`arch_str`, train/valid/test accuracy, times);
 *     its `num_classes` column tells the dataset (a requested one must agree with it);
 *   - the multi-dataset layout (`cellstr`, test/val accuracy per dataset); the caller picks
 *     one dataset, since one benchmark holds one dataset's results.
 * The CSV states no epochs; the caller says (or the table records none).
 */
import { datasetsWithClassCount, findNb201Dataset, MULTI_DATASETS, NB201_DATASETS, type Nb201Dataset } from './datasets.ts';
import { isMultiDatasetHeader, parseMultiDatasetCsv } from './multi-dataset.ts';
import { splitNb201Csv, type Nb201Csv } from './rows.ts';
import { parseNb201Csv } from './landscapes.ts';
import { Nb201ImportError, type Nb201Table } from './table.ts';
import type { AccuracyScale } from '../accuracy.ts';
import { splitCsvLine } from '../csv.ts';

export interface Nb201SourceOptions {
  /** A dataset name (any case; `imagenet` for ImageNet16-120); required for the multi-dataset layout. */
  dataset?: string | undefined;
  /** Training epochs of the results, when the user knows them. */
  epochs?: number | undefined;
  /** How the file writes accuracies; percentages unless told. */
  scale?: AccuracyScale | undefined;
}

export function parseNb201Source(text: string, options: Nb201SourceOptions = {}): Nb201Table {
  const csv = splitNb201Csv(text);
  const epochs = options.epochs ?? null;
  if (isMultiDatasetHeader(csv.header)) {
    if (options.dataset === undefined) {
      throw new Nb201ImportError(`the file has the multi-dataset NAS-Bench-201 layout (${MULTI_DATASETS.join(', ')}); one benchmark holds one dataset: choose it with --dataset (on the Benchmarks page: Dataset)`);
    }
    const dataset = findNb201Dataset(options.dataset, MULTI_DATASETS);
    if (dataset === undefined) throw new Nb201ImportError(`there is no dataset "${options.dataset}" in the file; it holds ${MULTI_DATASETS.join(', ')}`);
    return parseMultiDatasetCsv(csv, dataset, epochs, options.scale);
  }
  // Rows first: a truncated or malformed row is reported as such, not as a num_classes mismatch.
  const table = parseNb201Csv(text, null, { scale: options.scale });
  return { ...table, dataset: landscapesDataset(csv, options.dataset), epochs };
}

const CLASSES_COLUMN = 'num_classes';

/** The dataset of a NAS-Landscapes CSV: from `num_classes`, checked against the requested one. */
function landscapesDataset(csv: Nb201Csv, requested: string | undefined): Nb201Dataset | null {
  const classes = classCount(csv);
  const candidates = classes === null ? NB201_DATASETS : datasetsWithClassCount(classes);
  if (candidates.length === 0) {
    throw new Nb201ImportError(`line 2: ${CLASSES_COLUMN} is ${JSON.stringify(classes)}; NAS-Bench-201's datasets have 10 (CIFAR-10), 100 (CIFAR-100) or 120 (ImageNet16-120) classes`);
  }
  if (requested === undefined) return classes === null ? null : candidates[0]!;
  const dataset = findNb201Dataset(requested, candidates);
  if (dataset !== undefined) return dataset;
  if (findNb201Dataset(requested, NB201_DATASETS) === undefined) {
    throw new Nb201ImportError(`there is no NAS-Bench-201 dataset "${requested}"; the datasets are ${NB201_DATASETS.join(', ')}`);
  }
  throw new Nb201ImportError(`the file's ${CLASSES_COLUMN} (${classes}) says ${candidates.join(' or ')}, not ${requested}`);
}

/** The one `num_classes` value of every row, or null when the file has no such column. */
function classCount(csv: Nb201Csv): string | null {
  const column = csv.header.indexOf(CLASSES_COLUMN);
  if (column < 0) return null;
  const first = splitCsvLine(csv.lines[0] ?? '')[column] ?? '';
  csv.lines.forEach((line, i) => {
    const value = splitCsvLine(line)[column];
    // Only this line's value is quoted (`is "…"`): the Api withholds it, as it withholds every value from a file.
    if (value !== first) throw new Nb201ImportError(`line ${i + 2}: ${CLASSES_COLUMN} is ${JSON.stringify(value ?? '')}, unlike line 2; one table holds one dataset`);
  });
  return first.trim();
}
