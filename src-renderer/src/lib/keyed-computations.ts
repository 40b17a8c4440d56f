/**
 * Computations the app asks the services for by key (a benchmark's landscape, an agent's map):
 * the latest result per key, the request under way (with the progress its process pushes), and
 * the error of a failed one. Requests are numbered, so an older answer never replaces a newer one.
 */
import { shallowReactive } from 'vue';
import { errorMessage } from '../api/errors.ts';

export interface ComputationProgress {
  phase: string;
  done: number;
  total: number;
}

export interface ComputationState<R> {
  loading: boolean;
  result: R | null;
  error: string | null;
  progress: ComputationProgress | null;
  /** When the request under way was sent (ms), for the elapsed time. */
  startedAt: number;
}

export function keyedComputations<K, P, R>(call: (key: K, params: P) => Promise<R>) {
  const byKey = shallowReactive(new Map<K, ComputationState<R>>());
  let sequence = 0;
  const latest = new Map<K, number>();

  function state(key: K): ComputationState<R> | undefined {
    return byKey.get(key);
  }

  function progress(key: K, p: ComputationProgress): void {
    const s = byKey.get(key);
    if (!s || !s.loading) return;
    byKey.set(key, { ...s, progress: { phase: p.phase, done: p.done, total: p.total } });
  }

  async function load(key: K, params: P): Promise<void> {
    const mine = ++sequence;
    latest.set(key, mine);
    const before = byKey.get(key);
    byKey.set(key, { loading: true, result: before?.result ?? null, error: null, progress: null, startedAt: Date.now() });
    try {
      const result = await call(key, params);
      if (latest.get(key) !== mine) return;
      byKey.set(key, { loading: false, result, error: null, progress: null, startedAt: 0 });
    } catch (error) {
      if (latest.get(key) !== mine) return;
      byKey.set(key, { loading: false, result: before?.result ?? null, error: errorMessage(error), progress: null, startedAt: 0 });
    }
  }

  return { state, progress, load };
}
