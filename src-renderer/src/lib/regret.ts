import type { BenchmarkInfo } from '#shared/api.ts';
import type { CurveMetric } from './stats.ts';

/**
 * What "regret" measures, said plainly. A benchmark records its best validation accuracy
 * and the test accuracy of that same architecture (not the best test accuracy in the
 * table), so test "regret" is a gap to that architecture and can go below zero.
 */
export function regretNote(metric: CurveMetric, validationOnly = false): string {
  // A surrogate's "test" is its validation prediction, so both regrets are the validation one.
  if (validationOnly) return 'regret = the benchmark’s best predicted validation accuracy − the incumbent’s (surrogate), in percentage points';
  return metric === 'valid'
    ? 'regret = the benchmark’s best validation accuracy − the incumbent’s, in percentage points'
    : 'regret = test accuracy of the benchmark’s best-by-validation architecture − the incumbent’s test accuracy, in percentage points (negative when the incumbent tests better)';
}

export function optimumOf(benchmark: BenchmarkInfo | undefined | null): { valid: number | null; test: number | null } | null {
  return benchmark ? { valid: benchmark.bestValid, test: benchmark.bestTest } : null;
}
