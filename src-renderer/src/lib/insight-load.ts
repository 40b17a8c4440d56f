/**
 * Loading an architecture-insight view's architectures (a run's pages, an experiment's distinct
 * cells): the state both views show — the architectures whose cells the space can read (with their
 * slots), how many could not be read, the error, whether a load is out — and the one load at a
 * time that fills it.
 */
import { ref, type Ref } from 'vue';
import { slotValues, type InsightItem } from '#shared/arch-insight.ts';
import { errorMessage } from '../api/errors.ts';

export interface InsightLoad<A> {
  loaded: Ref<(A & InsightItem)[] | null>;
  /** Architectures of the last load whose cell the space could not read (left out of the charts). */
  unreadable: Ref<number>;
  error: Ref<string | null>;
  loading: Ref<boolean>;
  /** Reads again (a no-op while a read is out); `onLoaded` runs after a successful read. */
  load(): Promise<void>;
}

export function useInsightLoad<A extends Omit<InsightItem, 'slots'> & { arch: unknown }>(space: () => string | null, fetch: () => Promise<readonly A[]>, onLoaded: () => void = () => undefined): InsightLoad<A> {
  const loaded = ref<(A & InsightItem)[] | null>(null) as Ref<(A & InsightItem)[] | null>;
  const unreadable = ref(0);
  const error = ref<string | null>(null);
  const loading = ref(false);
  async function load(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    error.value = null;
    try {
      const all = await fetch();
      const readable: (A & InsightItem)[] = [];
      for (const a of all) {
        const slots = slotValues(space() ?? '', a.arch);
        if (slots) readable.push({ ...a, slots });
      }
      loaded.value = readable;
      unreadable.value = all.length - readable.length;
      onLoaded();
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }
  return { loaded, unreadable, error, loading, load };
}
