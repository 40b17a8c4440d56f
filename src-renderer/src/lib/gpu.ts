import type { SystemInfo } from '#shared/api.ts';

/**
 * The warning for a GPU package that is installed while the last training ran on the CPU
 * (tfjs-node-gpu falls back to the CPU silently without CUDA 11.2 + cuDNN 8.1). The run's
 * backend string names the device, e.g. "tensorflow [tfjs-node-gpu, GPU]".
 */
export function gpuFallbackWarning(system: SystemInfo | null): string | null {
  if (!system) return null;
  const gpuPackage = system.mlPackages.find((p) => p.installed && /gpu/i.test(p.name));
  const last = system.lastMlBackend;
  if (!gpuPackage || !last) return null;
  if (/\bGPU\]/.test(last.backend)) return null;
  return `${gpuPackage.name} is installed, but the last run that trained a model (run #${last.runId}) used ${last.backend}, that is, the CPU. tfjs-node-gpu needs CUDA 11.2 and cuDNN 8.1; with CUDA 12 or no driver it falls back to the CPU without a word.`;
}
