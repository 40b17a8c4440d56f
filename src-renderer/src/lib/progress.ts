/**
 * Progress of long operations (benchmark imports) from `done` / `total` counts: the fraction
 * done and, once it is under way, a rough estimate of the time left at the rate so far.
 */
export interface ProgressView {
  /** In [0, 1]; null when the total is not known. */
  fraction: number | null;
  /** Seconds left at the average rate so far; null until it means something. */
  secondsLeft: number | null;
}

export function progressView(done: number, total: number | null, elapsedMs: number): ProgressView {
  if (total === null || !(total > 0)) return { fraction: null, secondsLeft: null };
  const fraction = Math.min(1, Math.max(0, done / total));
  // Too early (or too quick) to say: the first moments read headers and warm caches.
  if (fraction < 0.02 || elapsedMs < 1000 || fraction >= 1) return { fraction, secondsLeft: fraction >= 1 ? 0 : null };
  return { fraction, secondsLeft: Math.round(((elapsedMs / fraction) * (1 - fraction)) / 1000) };
}
