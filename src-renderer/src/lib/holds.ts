/**
 * Store entries that views hold while they show them: letting go drops one hold, and an
 * entry nobody holds any more is evicted after a grace period, so going from a list to a
 * detail and back reuses what was loaded.
 */
export interface Held {
  holders: number;
}

export function dropHold<E extends Held>(entries: Map<number, E>, id: number, keepMs: number, onDrop?: (entry: E) => void): void {
  const entry = entries.get(id);
  if (!entry) return;
  entry.holders -= 1;
  onDrop?.(entry);
  if (entry.holders > 0) return;
  setTimeout(() => {
    if (entries.get(id) === entry && entry.holders <= 0) entries.delete(id);
  }, keepMs);
}
