/** Benchmark kinds a user can import, with what each expects; shared with the renderer's import form. */
export const IMPORTABLE_KINDS = ['nb201', 'nb101'] as const;
export type ImportableKind = (typeof IMPORTABLE_KINDS)[number];

export const IMPORTABLE_KIND_INFO: Record<ImportableKind, { label: string; source: string }> = {
  nb201: { label: 'NAS-Bench-201 table', source: 'a CSV in the layout of NAS-Landscapes cifar10_avg.csv (arch_str, train/valid/test accuracy)' },
  nb101: { label: 'NAS-Bench-101', source: 'the official nasbench_only108.tfrecord or nasbench_full.tfrecord' },
};
