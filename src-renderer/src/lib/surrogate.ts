/**
 * Surrogate benchmarks (NB301 via YAHPO or the XGBoost ensemble) predict validation accuracy
 * only: the "test" value they record repeats the validation prediction. Wherever such a
 * benchmark's results are shown, what would be called "test" is called "validation
 * (surrogate)" instead, so nobody reads a prediction as a held-out test accuracy.
 */
import type { BenchmarkInfo } from '#shared/api.ts';
import { isValidationOnlyKind, kindLabel } from '#shared/benchmark-kinds.ts';

/** What a benchmark kind is, in words (e.g. "YAHPO surrogate of the NB301 data"); null for kinds this archwalk does not know. */
export { kindLabel };

export const SURROGATE_LABEL = 'validation (surrogate)';

export const SURROGATE_NOTE =
  'This benchmark is a surrogate: it predicts validation accuracy only. It has no test accuracy, so the values usually shown as “test” repeat the validation prediction and are labelled “validation (surrogate)”.';

/** The benchmark registered under `name` (configs name benchmarks by their registered name). */
export function benchmarkNamed(list: readonly BenchmarkInfo[], name: string | null | undefined): BenchmarkInfo | null {
  if (!name) return null;
  return list.find((b) => b.name === name) ?? null;
}

/** Whether the benchmark registered under `name` is a surrogate (unknown names are not). */
export function validationOnlyNamed(list: readonly BenchmarkInfo[], name: string | null | undefined): boolean {
  return isValidationOnlyKind(benchmarkNamed(list, name)?.kind);
}

/** The word for the "test" value: `test`, or `validation (surrogate)` for a surrogate. */
export function testLabel(validationOnly: boolean): string {
  return validationOnly ? SURROGATE_LABEL : 'test';
}

/**
 * The word for the "test" value of several benchmarks shown together (a comparison): the
 * surrogate label when all are surrogates, a note when only some are.
 */
export function testLabelFor(validationOnly: readonly boolean[]): string {
  if (validationOnly.length > 0 && validationOnly.every(Boolean)) return SURROGATE_LABEL;
  if (validationOnly.some(Boolean)) return 'test (surrogates: validation)';
  return 'test';
}
