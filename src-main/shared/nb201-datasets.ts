/**
 * The datasets NAS-Bench-201 trained every cell on, as the official NB201 API names them: what
 * a user may choose when importing an NB201 table (the import form). The table reader keeps the
 * same names in the library (nas/benchmarks/nb201/datasets.ts, which may not import shared);
 * test/unit/layer-twins.test.ts fails when the two lists part.
 */
export const NB201_DATASET_NAMES = ['cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120'] as const;
