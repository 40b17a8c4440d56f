/**
 * A small hash router: the page works the same from file:// (Electron) and from
 * `archwalk serve`, and `?token=` stays in the page's query where the WebSocket client
 * reads it. Pages that take options carry them in the hash's own query
 * (`#/compare?experiments=1,2&runs=7`), so a view can be bookmarked and shared.
 */
import { computed, shallowRef, type ComputedRef } from 'vue';

export type Route =
  | { name: 'experiments' }
  | { name: 'experiment'; id: number }
  | { name: 'run'; id: number }
  | { name: 'new'; template: string | null; clone: number | null; agent: string | null }
  | { name: 'compare'; experiments: number[]; runs: number[] }
  | { name: 'benchmarks' }
  | { name: 'agents' }
  | { name: 'system' }
  | { name: 'not-found'; path: string };

const DEFAULT_PATH = '/experiments';

function parseId(text: string | undefined | null): number | null {
  if (text === undefined || text === null || !/^\d+$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

function parseIds(text: string | null): number[] {
  if (!text) return [];
  const out: number[] = [];
  for (const part of text.split(',')) {
    const id = parseId(part.trim());
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const pathPart = q >= 0 ? raw.slice(0, q) : raw;
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const path = decodeURIComponent(pathPart).replace(/\/+$/, '') || DEFAULT_PATH;
  const parts = path.split('/').filter(Boolean);
  const [section, idText, ...rest] = parts;
  if (rest.length === 0) {
    if (idText === undefined) {
      switch (section) {
        case 'experiments':
          return { name: 'experiments' };
        case 'new':
          return { name: 'new', template: query.get('template'), clone: parseId(query.get('clone')), agent: query.get('agent') };
        case 'compare':
          return { name: 'compare', experiments: parseIds(query.get('experiments')), runs: parseIds(query.get('runs')) };
        case 'benchmarks':
        case 'agents':
        case 'system':
          return { name: section };
      }
    }
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
    case 'new': {
      const q = new URLSearchParams();
      if (route.template) q.set('template', route.template);
      if (route.clone !== null) q.set('clone', String(route.clone));
      if (route.agent) q.set('agent', route.agent);
      const s = q.toString();
      return `#/new${s ? `?${s}` : ''}`;
    }
    case 'compare': {
      const parts: string[] = [];
      if (route.experiments.length) parts.push(`experiments=${route.experiments.join(',')}`);
      if (route.runs.length) parts.push(`runs=${route.runs.join(',')}`);
      return `#/compare${parts.length ? `?${parts.join('&')}` : ''}`;
    }
    case 'benchmarks':
    case 'agents':
    case 'system':
      return `#/${route.name}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

/** A fresh New-experiment route (no template, no clone). */
export const NEW_EXPERIMENT: Route = { name: 'new', template: null, clone: null, agent: null };

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

/** Changes the hash without adding a history entry (e.g. as a selection changes). */
export function replaceRoute(route: Route): void {
  const url = `${window.location.pathname}${window.location.search}${href(route)}`;
  window.history.replaceState(null, '', url);
  current.value = parseHash(window.location.hash);
}
