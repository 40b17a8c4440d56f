import { watchEffect } from 'vue';

/** Keeps the window title in step with what the view shows. */
export function useTitle(title: () => string): void {
  watchEffect(() => {
    const t = title();
    document.title = t ? `${t} · archwalk` : 'archwalk';
  });
}
