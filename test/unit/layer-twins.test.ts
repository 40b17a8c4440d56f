// Where the layer rules (.dependency-cruiser.cjs) keep shared and the pure library from importing
// each other, a list both need is written on each side; these checks keep the copies equal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCURACY_SCALES } from '#shared/benchmark-kinds.ts';
import { NB201_DATASET_NAMES } from '#shared/nb201-datasets.ts';
import { ACCURACY_SCALE_MAX } from '../../src-main/nas/benchmarks/accuracy.ts';
import { NB201_DATASETS } from '../../src-main/nas/benchmarks/nb201/datasets.ts';
import { DEFAULT_AGENT_MAP_PARAMS } from '#shared/agent-map.ts';
import { DEFAULT_AGENT_MAP_PARAMS as LIBRARY_AGENT_MAP_DEFAULTS } from '../../src-main/nas/analysis/agent-map.ts';
import { DEFAULT_LANDSCAPE_PARAMS } from '#shared/landscape.ts';
import { DEFAULT_LANDSCAPE_PARAMS as LIBRARY_LANDSCAPE_DEFAULTS } from '../../src-main/nas/analysis/landscape-analysis.ts';

test('the import form offers exactly the NB201 datasets the table reader knows', () => {
  assert.deepEqual([...NB201_DATASET_NAMES], [...NB201_DATASETS]);
});

test('the import form and the Api offer exactly the accuracy scales the table reader reads', () => {
  assert.deepEqual(Object.keys(ACCURACY_SCALE_MAX), [...ACCURACY_SCALES]);
});

test('the app asks for landscape analyses with the library defaults', () => {
  assert.deepEqual(DEFAULT_LANDSCAPE_PARAMS, LIBRARY_LANDSCAPE_DEFAULTS);
});

test('the app asks for agent maps with the library defaults', () => {
  assert.deepEqual(DEFAULT_AGENT_MAP_PARAMS, LIBRARY_AGENT_MAP_DEFAULTS);
});
