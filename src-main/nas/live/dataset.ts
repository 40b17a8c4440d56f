/**
 * The data a recipe trains on: IDX files read once per process, down-sampled, split with
 * the recipe's split seed and standardised with the training split's mean and deviation.
 * The fingerprint digests the decoded examples (not the files), so a gzipped and a plain
 * copy of the same data share cache entries.
 */
import { createHash } from 'node:crypto';
import { downsample, loadImageDataset, type ImageDataset } from '../data/idx.ts';
import { splitIndices } from '../data/splits.ts';
import { Rng } from '../rng.ts';
import type { DatasetRecipe } from './recipe.ts';

export interface SplitData {
  count: number;
  /** count × height × width standardised pixels. */
  images: Float32Array;
  labels: Uint8Array;
}

export interface PreparedData {
  height: number;
  width: number;
  classes: number;
  train: SplitData;
  validation: SplitData;
  test: SplitData;
  /** 16 hex digits of SHA-256 over the decoded training and test files. */
  fingerprint: string;
}

function fingerprintOf(train: ImageDataset, test: ImageDataset): string {
  const hash = createHash('sha256');
  for (const d of [train, test]) {
    hash.update(`${d.count}x${d.rows}x${d.cols};`);
    hash.update(d.images);
    hash.update(d.labels);
  }
  return hash.digest('hex').slice(0, 16);
}

function take(dataset: ImageDataset, indices: Uint32Array, shift: number, scale: number): SplitData {
  const pixels = dataset.rows * dataset.cols;
  const images = new Float32Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  indices.forEach((index, i) => {
    const from = index * pixels;
    for (let p = 0; p < pixels; p++) images[i * pixels + p] = (dataset.images[from + p]! - shift) * scale;
    labels[i] = dataset.labels[index]!;
  });
  return { count: indices.length, images, labels };
}

function pixelMoments(dataset: ImageDataset, indices: Uint32Array): { mean: number; std: number } {
  const pixels = dataset.rows * dataset.cols;
  let sum = 0;
  let sumSq = 0;
  for (const index of indices) {
    for (let p = index * pixels; p < (index + 1) * pixels; p++) {
      const v = dataset.images[p]!;
      sum += v;
      sumSq += v * v;
    }
  }
  const n = indices.length * pixels;
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(sumSq / n - mean * mean, 1e-6)) };
}

export function prepareData(recipe: DatasetRecipe): PreparedData {
  const trainFile = downsample(loadImageDataset(recipe.trainImages, recipe.trainLabels), recipe.downsample);
  const testFile = downsample(loadImageDataset(recipe.testImages, recipe.testLabels), recipe.downsample);
  if (trainFile.rows !== testFile.rows || trainFile.cols !== testFile.cols) {
    throw new RangeError(`training images are ${trainFile.rows}×${trainFile.cols} but test images are ${testFile.rows}×${testFile.cols}`);
  }
  const rng = new Rng(recipe.splitSeed);
  const fromTrain = splitIndices(trainFile.count, { train: recipe.train, validation: recipe.validation, test: 0 }, rng);
  const fromTest = splitIndices(testFile.count, { train: 0, validation: 0, test: recipe.test }, rng);
  const { mean, std } = pixelMoments(trainFile, fromTrain.train);
  return {
    height: trainFile.rows,
    width: trainFile.cols,
    classes: Math.max(trainFile.classes, testFile.classes),
    train: take(trainFile, fromTrain.train, mean, 1 / std),
    validation: take(trainFile, fromTrain.validation, mean, 1 / std),
    test: take(testFile, fromTest.test, mean, 1 / std),
    fingerprint: fingerprintOf(trainFile, testFile),
  };
}

const prepared = new Map<string, PreparedData>();

/** prepareData, remembered per process (a search queries hundreds of cells on the same data). */
export function preparedData(recipe: DatasetRecipe): PreparedData {
  const key = JSON.stringify(recipe);
  let data = prepared.get(key);
  if (!data) {
    data = prepareData(recipe);
    prepared.clear();
    prepared.set(key, data);
  }
  return data;
}
