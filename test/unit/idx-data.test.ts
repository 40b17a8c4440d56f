import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { downsample, imageDataset, loadImageDataset, parseIdx } from '../../src-main/nas/data/idx.ts';
import { splitIndices } from '../../src-main/nas/data/splits.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { skipWithout, tempDir } from '../helpers/data.ts';
import { idxBytes } from '../helpers/idx.ts';

test('images and labels parse, plain or gzipped, and pair up', () => {
  const images = idxBytes([2, 2, 2], [0, 10, 20, 30, 40, 50, 60, 70]);
  const labels = idxBytes([2], [3, 9]);
  const dir = tempDir();
  try {
    writeFileSync(join(dir.path, 'images.gz'), gzipSync(images));
    writeFileSync(join(dir.path, 'labels'), labels);
    const dataset = loadImageDataset(join(dir.path, 'images.gz'), join(dir.path, 'labels'));
    assert.deepEqual([dataset.count, dataset.rows, dataset.cols, dataset.classes], [2, 2, 2, 10]);
    assert.deepEqual([...dataset.images], [0, 10, 20, 30, 40, 50, 60, 70]);
    assert.deepEqual([...dataset.labels], [3, 9]);
  } finally {
    dir.cleanup();
  }
});

test('malformed files say what is wrong', () => {
  assert.throws(() => parseIdx(Uint8Array.from([1, 2]), 'f'), /too short for an IDX header/);
  assert.throws(() => parseIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), 'f'), /not an IDX file/);
  assert.throws(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'f'), /element type 0xd is not supported/);
  assert.throws(() => parseIdx(idxBytes([2, 2, 2], [1, 2, 3]), 'f'), /truncated: the header promises 8 values \(2×2×2\), the file holds 3/);
  assert.throws(() => parseIdx(idxBytes([1], [1, 2]), 'f'), /1 bytes follow the 1 values/);
  assert.throws(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), 'f'), /the gzip stream is damaged/);
  assert.throws(() => imageDataset(parseIdx(idxBytes([2, 1, 1], [1, 2])), parseIdx(idxBytes([3], [1, 2, 3]))), /hold 2 images but the labels hold 3 labels/);
});

test('down-sampling averages blocks', () => {
  const dataset = imageDataset(parseIdx(idxBytes([1, 2, 4], [0, 2, 10, 10, 4, 6, 20, 30])), parseIdx(idxBytes([1], [0])));
  const small = downsample(dataset, 2);
  assert.deepEqual([small.rows, small.cols, ...small.images], [1, 2, 3, 18]);
  assert.throws(() => downsample(dataset, 3), /cannot be down-sampled by 3/);
});

test('seeded splits are disjoint, complete and reproducible', () => {
  const a = splitIndices(100, { validation: 10, test: 20 }, new Rng(5));
  const b = splitIndices(100, { validation: 10, test: 20 }, new Rng(5));
  assert.deepEqual(a, b);
  assert.deepEqual([a.train.length, a.validation.length, a.test.length], [70, 10, 20]);
  assert.equal(new Set([...a.train, ...a.validation, ...a.test]).size, 100);
  assert.notDeepEqual(splitIndices(100, { validation: 10, test: 20 }, new Rng(6)).test, a.test);
  assert.throws(() => splitIndices(10, { validation: 6, test: 6 }, new Rng(0)), /exceed the 10 examples/);
});

const FASHION = '/usr/share/datasets/fashion-mnist';

test('the real Fashion-MNIST files of the Debian package read as 60,000 + 10,000 balanced 28×28 images', { skip: skipWithout(join(FASHION, 'train-images-idx3-ubyte.gz')) }, () => {
  const train = loadImageDataset(join(FASHION, 'train-images-idx3-ubyte.gz'), join(FASHION, 'train-labels-idx1-ubyte.gz'));
  const test10k = loadImageDataset(join(FASHION, 't10k-images-idx3-ubyte.gz'), join(FASHION, 't10k-labels-idx1-ubyte.gz'));
  assert.equal(train.count, 60000);
  assert.equal(test10k.count, 10000);
  assert.deepEqual([train.rows, train.cols, train.classes], [28, 28, 10]);
  const perClass = new Array<number>(10).fill(0);
  for (const label of train.labels) perClass[label]!++;
  assert.deepEqual(perClass, new Array(10).fill(6000));
  const small = downsample(test10k, 2);
  assert.deepEqual([small.rows, small.cols, small.images.length], [14, 14, 10000 * 196]);
});
