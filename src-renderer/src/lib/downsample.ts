/**
 * Series downsampling for charts. A chart is a few hundred pixels wide, so drawing more
 * than a few thousand points buys nothing but time; what must survive is the shape and,
 * above all, the extremes (a spike in the loss, the best accuracy ever seen).
 */
export type XY = readonly [number, number];

/**
 * Min/max buckets: the points are cut into `maxPoints / 2` buckets of equal count and each
 * bucket keeps its lowest and highest point, in x order. The first and last points are
 * always kept, so the global minimum and maximum always survive.
 */
export function minMaxDownsample<P extends readonly number[]>(points: readonly P[], maxPoints: number): P[] {
  const n = points.length;
  if (n <= maxPoints || maxPoints < 4) return points.slice();
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const out: P[] = [points[0]!];
  const size = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor(b * size);
    const to = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    if (to <= from) continue;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      const y = points[i]![1]!;
      if (y < points[lo]![1]!) lo = i;
      if (y > points[hi]![1]!) hi = i;
    }
    if (lo === hi) out.push(points[lo]!);
    else if (lo < hi) out.push(points[lo]!, points[hi]!);
    else out.push(points[hi]!, points[lo]!);
  }
  out.push(points[n - 1]!);
  return out;
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the points that carry the most
 * visual area. Better looking than min/max for smooth series, but may drop an isolated
 * extreme, so charts that must show extremes use minMaxDownsample.
 */
export function lttb<P extends readonly number[]>(points: readonly P[], threshold: number): P[] {
  const n = points.length;
  if (threshold >= n || threshold < 3) return points.slice();
  const out: P[] = [points[0]!];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const avgFrom = Math.floor((i + 1) * every) + 1;
    const avgTo = Math.min(n, Math.floor((i + 2) * every) + 1);
    let avgX = 0;
    let avgY = 0;
    for (let j = avgFrom; j < avgTo; j++) {
      avgX += points[j]![0]!;
      avgY += points[j]![1]!;
    }
    const len = Math.max(1, avgTo - avgFrom);
    avgX /= len;
    avgY /= len;
    const from = Math.floor(i * every) + 1;
    const to = Math.floor((i + 1) * every) + 1;
    const ax = points[a]![0]!;
    const ay = points[a]![1]!;
    let best = -1;
    let chosen = from;
    for (let j = from; j < to; j++) {
      const area = Math.abs((ax - avgX) * (points[j]![1]! - ay) - (ax - points[j]![0]!) * (avgY - ay));
      if (area > best) {
        best = area;
        chosen = j;
      }
    }
    out.push(points[chosen]!);
    a = chosen;
  }
  out.push(points[n - 1]!);
  return out;
}

/**
 * A step function (an incumbent curve) drawn with `step: 'end'` is fully described by the
 * points where its value changes plus its last point: lossless, and usually tiny.
 */
export function compressSteps<P extends readonly number[]>(points: readonly P[], valueIndex = 1): P[] {
  const n = points.length;
  if (n <= 2) return points.slice();
  const out: P[] = [points[0]!];
  for (let i = 1; i < n - 1; i++) {
    if (points[i]![valueIndex] !== out[out.length - 1]![valueIndex]) out.push(points[i]!);
  }
  out.push(points[n - 1]!);
  return out;
}

/**
 * For a scatter (every evaluated architecture against queries): what must survive is the
 * cloud's envelope, above all its extremes, and its density. Half the budget keeps each
 * bucket's lowest and highest point (so the global best and worst always survive, as do
 * the first and last points); the rest is an even stride over the points left, so dense
 * regions stay dense. Points come out in their input (x) order, at most `maxPoints` of them.
 */
export function scatterDownsample<P extends readonly number[]>(points: readonly P[], maxPoints: number, yIndex = 1): P[] {
  const n = points.length;
  if (n <= maxPoints || maxPoints < 8) return points.slice();
  const chosen = new Uint8Array(n);
  chosen[0] = 1;
  chosen[n - 1] = 1;
  let used = 2;
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 4));
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    if (to <= from) continue;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      const y = points[i]![yIndex]!;
      if (y < points[lo]![yIndex]!) lo = i;
      if (y > points[hi]![yIndex]!) hi = i;
    }
    if (!chosen[lo]) {
      chosen[lo] = 1;
      used += 1;
    }
    if (!chosen[hi]) {
      chosen[hi] = 1;
      used += 1;
    }
  }
  const rest = maxPoints - used;
  if (rest > 0) {
    const step = n / rest;
    for (let k = 0; k < rest; k++) {
      const i = Math.min(n - 1, Math.floor(k * step + step / 2));
      if (!chosen[i]) chosen[i] = 1;
    }
  }
  const out: P[] = [];
  for (let i = 0; i < n; i++) if (chosen[i]) out.push(points[i]!);
  return out;
}
