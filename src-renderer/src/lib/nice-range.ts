/**
 * Axis ends a reader can take in at a glance: a zoomed window from 5.69 to 67.78 becomes
 * 0 to 70, a y range 84.13..93.87 becomes 84..94. Steps are 1, 2, 2.5 or 5 times a power of
 * ten, and the ends are whole multiples of the step that still contain the range asked for.
 */

/** The 1-2-2.5-5 step nearest above `raw` (raw > 0). */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * power;
}

/** Drops floating-point dust (0.30000000000000004 → 0.3) from a multiple of `step`. */
function clean(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(20, digits)));
}

export interface NiceRangeOptions {
  /** About how many steps the range should span at most (default 10: ends snap to a tenth of the span or finer). */
  ticks?: number;
  /** Hard limits the ends must stay within (e.g. 0..100 for percentages, the data's x range). */
  floor?: number;
  ceiling?: number;
}

/** [lo, hi] widened to whole steps; a degenerate range (lo = hi) gets a step either side. */
export function niceRange(lo: number, hi: number, options: NiceRangeOptions = {}): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [lo, hi];
  if (lo > hi) [lo, hi] = [hi, lo];
  const span = hi - lo || Math.abs(hi) || 1;
  const step = niceStep(span / (options.ticks ?? 10));
  let a = clean(Math.floor(lo / step + 1e-9) * step, step);
  let b = clean(Math.ceil(hi / step - 1e-9) * step, step);
  if (a === b) {
    // A flat line sits in the middle, not on an edge.
    a = clean(a - step, step);
    b = clean(b + step, step);
  }
  if (options.floor !== undefined) a = Math.max(a, options.floor);
  if (options.ceiling !== undefined) b = Math.min(b, options.ceiling);
  return [a, b];
}

const LOG_STEPS = [1, 2, 5];

/** For a log axis: lo down and hi up to the nearest 1, 2 or 5 times a power of ten (both > 0). */
export function niceLogRange(lo: number, hi: number, options: Pick<NiceRangeOptions, 'floor' | 'ceiling'> = {}): [number, number] {
  if (!(lo > 0) || !(hi > 0)) return [lo, hi];
  if (lo > hi) [lo, hi] = [hi, lo];
  const down = (v: number): number => {
    const power = 10 ** Math.floor(Math.log10(v) + 1e-9);
    const f = v / power;
    return clean([...LOG_STEPS].reverse().find((s) => s <= f + 1e-9)! * power, power);
  };
  const up = (v: number): number => {
    const power = 10 ** Math.floor(Math.log10(v) - 1e-9);
    const f = v / power;
    const s = LOG_STEPS.find((k) => k >= f - 1e-9);
    return s === undefined ? clean(10 * power, power) : clean(s * power, power);
  };
  let a = down(lo);
  let b = up(hi);
  if (options.floor !== undefined) a = Math.max(a, options.floor);
  if (options.ceiling !== undefined) b = Math.min(b, options.ceiling);
  return [a, b];
}

/**
 * A percentage axis' ends for ECharts' min/max callbacks (null leaves an end to ECharts). Never
 * past 100 (a ± std band could pass it); and a flat line (one point, or a best accuracy that has
 * not moved) gets a window of a point either side, where ECharts would stretch 91 % to 60..140 %.
 */
export function pctAxisMax(extent: { min: number; max: number }): number | null {
  if (extent.max > 100) return 100;
  return extent.max === extent.min ? Math.min(100, Math.floor(extent.max) + 1) : null;
}
export function pctAxisMin(extent: { min: number; max: number }): number | null {
  return extent.max === extent.min ? Math.max(0, Math.floor(extent.min) - 1) : null;
}
