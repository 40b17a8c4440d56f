import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

/**
 * A number that follows `source` at most every `ms` (first change at once, then trailing),
 * so work keyed on it (aggregating 1,000 curves) runs a few times a second however fast
 * points stream in.
 */
export function useThrottled(source: () => number | string, ms: number): Ref<number> {
  const tick = ref(0);
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = (): void => {
    timer = null;
    last = performance.now();
    tick.value += 1;
  };
  watch(source, () => {
    if (timer !== null) return;
    const wait = last + ms - performance.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  });
  onBeforeUnmount(() => {
    if (timer !== null) clearTimeout(timer);
  });
  return tick;
}
