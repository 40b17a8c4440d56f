/**
 * A value the services hold and views show (the agents, benchmarks, experiments list, the
 * queue): fetched when a view first asks for it, refetched on pushes only from then on, with
 * the refreshes coalesced and spaced out (a burst of pushes costs one request per interval).
 * A failed fetch keeps the last value and says why in `error`.
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { errorMessage } from '../api/errors.ts';
import { coalesce } from './coalesce.ts';

export interface RemoteValue<T> {
  readonly value: ShallowRef<T>;
  /** Whether one fetch has succeeded. */
  readonly loaded: Ref<boolean>;
  readonly error: Ref<string | null>;
  /** A view wants the value: fetch it now and follow pushes from now on. */
  load(): Promise<void>;
  /** A push said it changed: refetch if a view ever asked for it. */
  onChange(): void;
  /** Refetch now (after the user changed it here), followed or not. */
  refresh(): Promise<void>;
}

export function remoteValue<T>(fetch: () => Promise<T>, initial: T, minIntervalMs: number): RemoteValue<T> {
  const value = shallowRef(initial) as ShallowRef<T>;
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let wanted = false;

  const refresh = coalesce(async () => {
    try {
      value.value = await fetch();
      loaded.value = true;
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }, minIntervalMs);

  return {
    value,
    loaded,
    error,
    load() {
      wanted = true;
      return refresh();
    },
    onChange() {
      if (wanted) void refresh();
    },
    refresh,
  };
}
