import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseOnnxRuntime, onnxRuntimePreference, onnxThreads } from '../../src-main/nas/benchmarks/nb301/onnx.ts';
import { REPO_ROOT } from '../helpers/data.ts';

const realImport = (specifier: string): Promise<unknown> => import(specifier);
const withoutNative = (specifier: string): Promise<unknown> => {
  if (specifier === 'onnxruntime-node') return Promise.reject(Object.assign(new Error("Cannot find package 'onnxruntime-node'"), { code: 'ERR_MODULE_NOT_FOUND' }));
  return import(specifier);
};
const nativeInstalled = existsSync(join(REPO_ROOT, 'node_modules', 'onnxruntime-node', 'package.json'));

test('auto takes the native CPU build when it loads, with the threads asked for', { skip: !nativeInstalled && 'onnxruntime-node is not installed' }, async () => {
  const choice = await chooseOnnxRuntime('auto', 2, realImport);
  assert.equal(choice.package, 'onnxruntime-node');
  assert.equal(choice.threads, 2);
  assert.match(choice.description, /^onnxruntime-node 1\.\d+\.\d+ \(native CPU, 2 threads\)$/);
});

test('without the native build, auto falls back to the wasm build and says why; node alone fails naming it', async () => {
  const choice = await chooseOnnxRuntime('auto', 2, withoutNative);
  assert.equal(choice.package, 'onnxruntime-web');
  assert.equal(choice.threads, 1);
  assert.match(choice.description, /^onnxruntime-web 1\.\d+\.\d+ \(wasm, 1 thread; onnxruntime-node does not load: Cannot find package 'onnxruntime-node'\)$/);
  await assert.rejects(chooseOnnxRuntime('node', 2, withoutNative), /onnxruntime-node does not load here: Cannot find package 'onnxruntime-node'/);
  const web = await chooseOnnxRuntime('web', 2, realImport);
  assert.equal(web.package, 'onnxruntime-web');
});

test('ARCHWALK_ONNX_RUNTIME and ARCHWALK_ONNX_THREADS are checked, naming the variable', () => {
  assert.equal(onnxRuntimePreference(undefined), 'auto');
  assert.equal(onnxRuntimePreference('web'), 'web');
  assert.throws(() => onnxRuntimePreference('gpu'), /ARCHWALK_ONNX_RUNTIME is "gpu"; expected one of auto, node, web/);
  assert.equal(onnxThreads('3'), 3);
  assert.ok(onnxThreads(undefined) >= 1 && onnxThreads(undefined) <= 2);
  for (const bad of ['0', '1.5', 'two', '65']) assert.throws(() => onnxThreads(bad), /ARCHWALK_ONNX_THREADS is .*; expected a whole number from 1 to 64/);
});
