/**
 * A training recipe: everything that decides what a live query measures, except the cell
 * and the seed. Its key (a digest of the canonical JSON, with the dataset identified by a
 * fingerprint of its bytes rather than by file paths) is what results are cached under,
 * so the same recipe on another machine hits the same cache entries and any change to
 * data, network size or optimisation starts a fresh table.
 */
import { createHash } from 'node:crypto';

export const OPTIMIZERS = ['momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const SCHEDULES = ['cosine', 'constant'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export interface DatasetRecipe {
  /** Display name, e.g. "fashion-mnist". */
  name: string;
  /** IDX files; the test split is drawn from the test files. */
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
  /** Block-average factor (2: 28×28 → 14×14). */
  downsample: number;
  /** Examples per split: train and validation from the training files, test from the test files. */
  train: number;
  validation: number;
  test: number;
  /** Seed of the (fixed) split, independent of the training seed. */
  splitSeed: number;
}

export interface NetworkRecipe {
  stemChannels: number;
  stacks: number;
  cellsPerStack: number;
}

export interface TrainingRecipe {
  dataset: DatasetRecipe;
  network: NetworkRecipe;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  schedule: ScheduleName;
  /** Heavy-ball momentum (optimizer "momentum"). */
  momentum: number;
  /** L2 penalty added to the gradient of convolution and dense weights. */
  weightDecay: number;
  /** Momentum of the batch-norm moving averages used at evaluation. */
  batchNormMomentum: number;
}

export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeError';
  }
}

function positiveInt(value: unknown, what: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new RecipeError(`${what} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return value;
}

function fraction(value: unknown, what: string, { openTop = false } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (openTop ? value >= 1 : value > 1)) {
    throw new RecipeError(`${what} must be a number in [0, 1${openTop ? ')' : ']'}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new RecipeError(`${what} must be a non-empty string`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value as T)) throw new RecipeError(`${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** Checks a recipe from a config or a file, field by field, with messages that name the field. */
export function checkRecipe(value: unknown): TrainingRecipe {
  if (typeof value !== 'object' || value === null) throw new RecipeError('a training recipe must be an object');
  const r = value as Record<string, unknown>;
  const d = (r.dataset ?? {}) as Record<string, unknown>;
  const n = (r.network ?? {}) as Record<string, unknown>;
  const lr = r.learningRate;
  if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) throw new RecipeError(`learningRate must be a positive number, got ${JSON.stringify(lr)}`);
  const wd = r.weightDecay;
  if (typeof wd !== 'number' || !(wd >= 0) || !Number.isFinite(wd)) throw new RecipeError(`weightDecay must be a number ≥ 0, got ${JSON.stringify(wd)}`);
  return {
    dataset: {
      name: text(d.name, 'dataset.name'),
      trainImages: text(d.trainImages, 'dataset.trainImages'),
      trainLabels: text(d.trainLabels, 'dataset.trainLabels'),
      testImages: text(d.testImages, 'dataset.testImages'),
      testLabels: text(d.testLabels, 'dataset.testLabels'),
      downsample: positiveInt(d.downsample, 'dataset.downsample'),
      train: positiveInt(d.train, 'dataset.train'),
      validation: positiveInt(d.validation, 'dataset.validation'),
      test: positiveInt(d.test, 'dataset.test'),
      splitSeed: positiveInt(d.splitSeed, 'dataset.splitSeed', 0),
    },
    network: {
      stemChannels: positiveInt(n.stemChannels, 'network.stemChannels'),
      stacks: positiveInt(n.stacks, 'network.stacks'),
      cellsPerStack: positiveInt(n.cellsPerStack, 'network.cellsPerStack'),
    },
    epochs: positiveInt(r.epochs, 'epochs'),
    batchSize: positiveInt(r.batchSize, 'batchSize'),
    optimizer: oneOf(r.optimizer, OPTIMIZERS, 'optimizer'),
    learningRate: lr,
    schedule: oneOf(r.schedule, SCHEDULES, 'schedule'),
    momentum: fraction(r.momentum, 'momentum', { openTop: true }),
    weightDecay: wd,
    batchNormMomentum: fraction(r.batchNormMomentum, 'batchNormMomentum', { openTop: true }),
  };
}

/** Canonical JSON: keys sorted at every level. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The cache key of a recipe: 16 hex digits of SHA-256 over the canonical recipe, with the
 * dataset's file paths replaced by `dataFingerprint` (a digest of the files' contents).
 */
export function recipeKey(recipe: TrainingRecipe, dataFingerprint: string): string {
  const { trainImages: _a, trainLabels: _b, testImages: _c, testLabels: _d, ...dataset } = recipe.dataset;
  const identity = { ...recipe, dataset: { ...dataset, fingerprint: dataFingerprint } };
  return createHash('sha256').update(canonical(identity)).digest('hex').slice(0, 16);
}

/** Learning rate at step `step` of `total`. */
export function learningRateAt(recipe: Pick<TrainingRecipe, 'learningRate' | 'schedule'>, step: number, total: number): number {
  if (recipe.schedule === 'constant' || total <= 0) return recipe.learningRate;
  return 0.5 * recipe.learningRate * (1 + Math.cos((Math.PI * Math.min(step, total)) / total));
}
