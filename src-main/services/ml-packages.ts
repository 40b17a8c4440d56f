/**
 * Which TensorFlow.js packages this installation can load, without loading them (the main
 * process must not pull a GPU runtime in just to describe the system).
 */
import { createRequire } from 'node:module';
import type { MlPackageInfo } from '#shared/api.ts';

const PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'] as const;

export function detectMlPackages(): MlPackageInfo[] {
  const require = createRequire(import.meta.url);
  return PACKAGES.map((name) => {
    try {
      require.resolve(`${name}/package.json`);
      return { name, installed: true };
    } catch {
      return { name, installed: false };
    }
  });
}
