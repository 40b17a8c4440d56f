/**
 * Refreshes that never pile up: at most one run of a task is in flight, and requests made
 * meanwhile share a single trailing run (the in-flight one may have read stale data, so
 * one more is needed, but never more than one). `minIntervalMs` spaces runs out, so a
 * burst of push events costs one request per interval at most.
 */
export type Refresh = () => Promise<void>;

export function coalesce(task: () => Promise<void>, minIntervalMs = 0): Refresh {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let lastStart = Number.NEGATIVE_INFINITY;

  const start = (): Promise<void> => {
    lastStart = performance.now();
    const run: Promise<void> = task()
      .catch(() => undefined)
      .finally(() => {
        if (running === run) running = null;
      });
    running = run;
    return run;
  };

  const spacing = (): Promise<void> => {
    const wait = lastStart + minIntervalMs - performance.now();
    return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
  };

  return () => {
    if (queued) return queued;
    if (running === null && performance.now() - lastStart >= minIntervalMs) return start();
    queued = (running ?? Promise.resolve()).then(spacing).then(() => {
      queued = null;
      return start();
    });
    return queued;
  };
}

/** Coalesced refreshes per key (e.g. per run id). */
export function coalesceByKey<K>(task: (key: K) => Promise<void>, minIntervalMs = 0): { request(key: K): Promise<void>; forget(key: K): void } {
  const refreshes = new Map<K, Refresh>();
  return {
    request(key) {
      let refresh = refreshes.get(key);
      if (!refresh) {
        refresh = coalesce(() => task(key), minIntervalMs);
        refreshes.set(key, refresh);
      }
      return refresh();
    },
    forget(key) {
      refreshes.delete(key);
    },
  };
}

/** Runs at most `limit` tasks at once; the rest wait in order. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = (): void => {
    if (active >= limit) return;
    const resume = waiting.shift();
    if (resume) {
      active += 1;
      resume();
    }
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active -= 1;
            next();
          });
      });
      next();
    });
}
