/**
 * Accuracy fields of imported tables: strict decimals at a declared scale, stored as
 * fractions. A file whose accuracies are fractions imported as percentages would show its
 * best cell as 0.92 %; the scale check refuses it and says how to import it.
 */
import { CsvFormatError, requireDecimal } from './csv.ts';

/**
 * The scales a table may declare and the largest accuracy each admits. The import form and the
 * Api offer the same names (shared/benchmark-kinds.ts ACCURACY_SCALES; test/unit/layer-twins.test.ts
 * keeps them equal).
 */
export const ACCURACY_SCALE_MAX = { percent: 100, fraction: 1 } as const;
export type AccuracyScale = keyof typeof ACCURACY_SCALE_MAX;

/** The accuracy a field holds, as a fraction in [0, 1]; throws naming the field's place. */
export function readAccuracy(text: string | undefined, place: string, scale: AccuracyScale): number {
  const value = requireDecimal(text, place);
  const max = ACCURACY_SCALE_MAX[scale];
  if (value < 0 || value > max) {
    const expected = scale === 'percent' ? 'percentages between 0 and 100' : 'fractions between 0 and 1 (--scale fraction)';
    throw new CsvFormatError(`${place}: ${value} is out of range; accuracies must be ${expected}`);
  }
  return value / max;
}

/**
 * Called once the whole table is read, with its largest accuracy (as read, a fraction):
 * a percentage table never tops out at 1 %.
 */
export function checkAccuracyScale(largest: number, scale: AccuracyScale, column: string): void {
  if (scale === 'percent' && largest <= 0.01) {
    throw new CsvFormatError(
      `the largest ${column} is ${(largest * 100).toPrecision(4)}, which reads as ${(largest * 100).toPrecision(4)} %: the table seems to hold fractions, not percentages; import it with --scale fraction`,
    );
  }
}
