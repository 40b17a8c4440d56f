/** Small synthetic IDX datasets for tests of live training. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Rng } from '../../src-main/nas/rng.ts';
import type { TrainingRecipe } from '../../src-main/nas/live/recipe.ts';

/** An IDX file of unsigned bytes with the given shape. */
export function idxBytes(shape: number[], values: ArrayLike<number>): Uint8Array {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((size, i) => header.writeUInt32BE(size, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(Uint8Array.from(values))]);
}

/**
 * An easy 3-class image task: class k has a bright horizontal band in the k-th third of
 * the image, plus noise. A small network learns it in a few steps; chance is 1/3.
 */
export function writeBandsDataset(dir: string, count: number, size = 12, seed = 1): { images: string; labels: string } {
  const rng = new Rng(seed);
  const pixels = new Uint8Array(count * size * size);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const k = rng.int(3);
    labels[n] = k;
    for (let r = 0; r < size; r++) {
      const inBand = Math.floor((r * 3) / size) === k;
      for (let c = 0; c < size; c++) pixels[(n * size + r) * size + c] = Math.min(255, (inBand ? 150 : 40) + rng.int(80));
    }
  }
  const images = join(dir, `bands-${seed}-images.idx.gz`);
  const labelFile = join(dir, `bands-${seed}-labels.idx`);
  writeFileSync(images, gzipSync(idxBytes([count, size, size], pixels)));
  writeFileSync(labelFile, idxBytes([count], labels));
  return { images, labels: labelFile };
}

/** A recipe over two synthetic band datasets (train and test files), small enough for unit tests. */
export function bandsRecipe(dir: string, overrides: Partial<TrainingRecipe> = {}): TrainingRecipe {
  const train = writeBandsDataset(dir, 300, 12, 1);
  const test = writeBandsDataset(dir, 100, 12, 2);
  return {
    dataset: { name: 'bands', trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels, downsample: 1, train: 200, validation: 60, test: 60, splitSeed: 0 },
    network: { stemChannels: 4, stacks: 2, cellsPerStack: 1 },
    epochs: 2,
    batchSize: 20,
    optimizer: 'adam',
    learningRate: 0.02,
    schedule: 'cosine',
    momentum: 0.9,
    weightDecay: 0,
    batchNormMomentum: 0.8,
    ...overrides,
  };
}
