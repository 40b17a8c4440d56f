// Where the layer rules (.dependency-cruiser.cjs) keep shared and the pure library from importing
// each other, a list both need is written on each side; these checks keep the copies equal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NB201_DATASET_NAMES } from '#shared/nb201-datasets.ts';
import { NB201_DATASETS } from '../../src-main/nas/benchmarks/nb201/datasets.ts';

test('the import form offers exactly the NB201 datasets the table reader knows', () => {
  assert.deepEqual([...NB201_DATASET_NAMES], [...NB201_DATASETS]);
});
