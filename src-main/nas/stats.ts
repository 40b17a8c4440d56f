/** Summary statistics used in tables and reports. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n − 1). */
export function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

export function standardError(values: readonly number[]): number {
  return values.length < 2 ? 0 : std(values) / Math.sqrt(values.length);
}

/** Incumbent value at `query` from a curve of [query, valid, test] points (step function). */
export function valueAtQuery(curve: readonly (readonly [number, number, number])[], query: number, column: 1 | 2): number | null {
  let value: number | null = null;
  for (const point of curve) {
    if (point[0] > query) break;
    value = point[column];
  }
  return value;
}
