/**
 * A small hash router: the page works the same from file:// (Electron) and from
 * `archwalk serve`, and `?token=` stays in the query where the WebSocket client reads it.
 */
import { computed, shallowRef, type ComputedRef } from 'vue';

export type Route =
  | { name: 'experiments' }
  | { name: 'experiment'; id: number }
  | { name: 'run'; id: number }
  | { name: 'benchmarks' }
  | { name: 'not-found'; path: string };

const DEFAULT_PATH = '/experiments';

function parseId(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

export function parseHash(hash: string): Route {
  const path = decodeURIComponent(hash.replace(/^#/, '')).replace(/\/+$/, '') || DEFAULT_PATH;
  const parts = path.split('/').filter(Boolean);
  const [section, idText, ...rest] = parts;
  if (rest.length === 0) {
    if (section === 'experiments' && idText === undefined) return { name: 'experiments' };
    if (section === 'benchmarks' && idText === undefined) return { name: 'benchmarks' };
    const id = parseId(idText);
    if (id !== null && section === 'experiments') return { name: 'experiment', id };
    if (id !== null && section === 'runs') return { name: 'run', id };
  }
  return { name: 'not-found', path };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'experiments':
      return '#/experiments';
    case 'experiment':
      return `#/experiments/${route.id}`;
    case 'run':
      return `#/runs/${route.id}`;
    case 'benchmarks':
      return '#/benchmarks';
    case 'not-found':
      return `#${route.path}`;
  }
}

const current = shallowRef<Route>(parseHash(window.location.hash));
const routeRef = computed(() => current.value);
let started = false;

/** The current route; changes on every hash change. */
export function useRoute(): ComputedRef<Route> {
  if (!started) {
    started = true;
    window.addEventListener('hashchange', () => {
      current.value = parseHash(window.location.hash);
    });
    if (!window.location.hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${href({ name: 'experiments' })}`);
  }
  return routeRef;
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}
