/**
 * Exponential moving average as TensorBoard draws it: debiased, so the first points are not
 * pulled towards zero. weight 0 returns the series unchanged; non-finite values pass through.
 */
export function emaSmooth(points: readonly (readonly [number, number])[], weight: number): [number, number][] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  if (w === 0) return points.map((p) => [p[0], p[1]]);
  const out: [number, number][] = [];
  let last = 0;
  let count = 0;
  for (const [x, y] of points) {
    if (!Number.isFinite(y)) {
      out.push([x, y]);
      continue;
    }
    last = last * w + (1 - w) * y;
    count += 1;
    out.push([x, last / (1 - w ** count)]);
  }
  return out;
}
