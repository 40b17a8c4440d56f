/**
 * Backend selection: the order tfjs-node-gpu → tfjs-node → wasm → cpu, the reasons it
 * records, and the plain warning when the GPU package loads but runs on the CPU. The
 * native packages are simulated through the importer hook.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { resetBackendSelection, selectBackend } from '../../src-main/nas/ml/backend.ts';

const notInstalled = (name: string): Error => Object.assign(new Error(`Cannot find package '${name}' imported from /x`), { code: 'ERR_MODULE_NOT_FOUND' });

test('without native packages the wasm backend is chosen and the reason names both', async () => {
  resetBackendSelection();
  const choice = await selectBackend({ importer: async (name) => { throw notInstalled(name); } });
  assert.equal(choice.name, 'wasm');
  assert.equal(choice.reason, 'tfjs-node-gpu not installed; tfjs-node not installed');
  assert.equal(choice.description, 'wasm (tfjs-node-gpu not installed; tfjs-node not installed)');
  assert.deepEqual(choice.warnings, []);
  assert.equal(tf.getBackend(), 'wasm');
});

test('a native package that fails to load is reported with its error', async () => {
  resetBackendSelection();
  const choice = await selectBackend({
    importer: async (name) => {
      if (name.endsWith('-gpu')) throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory');
      throw notInstalled(name);
    },
  });
  assert.equal(choice.name, 'wasm');
  assert.match(choice.reason, /^tfjs-node-gpu failed to load: libcudart\.so\.11\.0: cannot open shared object file/);
  assert.match(choice.reason, /tfjs-node not installed$/);
});

test('the GPU package running on the CPU (e.g. CUDA 12) is used with a plain warning', async () => {
  resetBackendSelection();
  class FakeNativeBackend extends tf.KernelBackend {
    readonly isGPUPackage = true;
    readonly isUsingGpuDevice = false;
    override dispose(): void {}
  }
  const choice = await selectBackend({
    importer: async (name) => {
      if (!name.endsWith('-gpu')) throw notInstalled(name);
      tf.registerBackend('tensorflow', () => new FakeNativeBackend());
    },
  });
  try {
    assert.equal(choice.name, 'tensorflow');
    assert.equal(choice.device, 'cpu');
    assert.equal(choice.package, '@tensorflow/tfjs-node-gpu');
    assert.match(choice.description, /^tensorflow \[tfjs-node-gpu, CPU\]/);
    assert.equal(choice.warnings.length, 1);
    assert.match(choice.warnings[0]!, /no usable GPU.*CPU.*CUDA 11\.2.*CUDA 12/s);
  } finally {
    tf.removeBackend('tensorflow');
    resetBackendSelection();
  }
});

test('preferring cpu skips the others and warns that it is slow', async () => {
  resetBackendSelection();
  const choice = await selectBackend({ prefer: 'cpu' });
  assert.equal(choice.name, 'cpu');
  assert.match(choice.reason, /native backends not tried/);
  assert.ok(choice.warnings.some((w) => /slower/.test(w)));
  resetBackendSelection();
});
