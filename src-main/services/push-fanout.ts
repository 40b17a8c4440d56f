/** The push channel of a set of services: every subscriber gets every event; one that throws does not stop the others. */
import type { PushEvent } from '#shared/api.ts';

export interface PushFanout {
  emit(event: PushEvent): void;
  subscribe(listener: (event: PushEvent) => void): () => void;
  clear(): void;
}

export function pushFanout(): PushFanout {
  const listeners = new Set<(event: PushEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A broken subscriber must not stop the queue or the other windows.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
