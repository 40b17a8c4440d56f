/**
 * A small hash router: the page works the same from file:// (Electron) and from
 * `archwalk serve`, and `?token=` stays in the page's query where the WebSocket client
 * reads it. Pages that take options carry them in the hash's own query
 * (`#/compare?experiments=1,2&runs=7`), so a view can be bookmarked and shared. A view's own
 * settings (metric, band, sort, filter, the chosen architecture) ride in the same query beside
 * the route's options (`#/experiments/3?metric=valid&sort=-test`); see lib/url-state.ts.
 */
import { computed, shallowRef, type ComputedRef } from 'vue';

export type Route =
  | { name: 'experiments' }
  | { name: 'experiment'; id: number }
  | { name: 'run'; id: number }
  /** `configuration` with `clone`: "train this one longer" — that configuration of the cloned sweep, trained longer. */
  | { name: 'new'; template: string | null; clone: number | null; agent: string | null; configuration?: number | null }
  | { name: 'compare'; experiments: number[]; runs: number[] }
  | { name: 'benchmarks' }
  /** A benchmark's landscape analysis (`#/analysis?benchmark=NAME`). */
  | { name: 'analysis'; benchmark: string | null }
  | { name: 'agents' }
  /** One agent's page (`#/agents/ID`): the Agents view with it chosen, its latent map among its sections. */
  | { name: 'agent'; id: number }
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
          return { name: 'new', template: query.get('template'), clone: parseId(query.get('clone')), agent: query.get('agent'), configuration: parseId(query.get('configuration')) };
        case 'compare':
          return { name: 'compare', experiments: parseIds(query.get('experiments')), runs: parseIds(query.get('runs')) };
        case 'analysis':
          return { name: 'analysis', benchmark: query.get('benchmark') || null };
        case 'benchmarks':
        case 'agents':
        case 'system':
          return { name: section };
      }
    }
    const id = parseId(idText);
    if (id !== null && section === 'experiments') return { name: 'experiment', id };
    if (id !== null && section === 'runs') return { name: 'run', id };
    if (id !== null && section === 'agents') return { name: 'agent', id };
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
    case 'agent':
      return `#/agents/${route.id}`;
    case 'new': {
      const q = new URLSearchParams();
      if (route.template) q.set('template', route.template);
      if (route.clone !== null) q.set('clone', String(route.clone));
      if (route.agent) q.set('agent', route.agent);
      if (route.configuration !== undefined && route.configuration !== null) q.set('configuration', String(route.configuration));
      const s = q.toString();
      return `#/new${s ? `?${s}` : ''}`;
    }
    case 'compare': {
      const parts: string[] = [];
      if (route.experiments.length) parts.push(`experiments=${route.experiments.join(',')}`);
      if (route.runs.length) parts.push(`runs=${route.runs.join(',')}`);
      return `#/compare${parts.length ? `?${parts.join('&')}` : ''}`;
    }
    case 'analysis':
      return `#/analysis${route.benchmark ? `?${new URLSearchParams({ benchmark: route.benchmark }).toString()}` : ''}`;
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

/** The query parameters each route reads itself; every other parameter is a view setting. */
const ROUTE_KEYS: Partial<Record<Route['name'], readonly string[]>> = { new: ['template', 'clone', 'agent'], compare: ['experiments', 'runs'] };

function hashParts(hash: string): { path: string; query: URLSearchParams } {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  return { path: q >= 0 ? raw.slice(0, q) : raw, query: new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '') };
}

/** A query as the address shows it; commas stay readable (`experiments=1,2`), as they are safe in a fragment. */
function queryText(query: URLSearchParams): string {
  const text = query.toString().replace(/%2C/gi, ',');
  return text ? `?${text}` : '';
}

/** The current hash's query: the route's options and the view's settings. */
export function hashQuery(): URLSearchParams {
  return hashParts(window.location.hash).query;
}

function replaceHash(hash: string): void {
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
  const next = parseHash(window.location.hash);
  // The route object stays the same while only view settings change, so views do not reload.
  if (href(next) !== href(current.value)) current.value = next;
}

/**
 * Changes the hash without adding a history entry (e.g. as a selection changes). The view's
 * settings in the query stay; the route's own options are replaced by the new route's.
 */
export function replaceRoute(route: Route): void {
  const next = hashParts(href(route));
  const owned = new Set(ROUTE_KEYS[route.name] ?? []);
  for (const [key, value] of hashQuery()) if (!owned.has(key) && !next.query.has(key)) next.query.append(key, value);
  replaceHash(`#${next.path}${queryText(next.query)}`);
}

/** A link to a route opened with some view settings (`#/runs/7?arch=best`). */
export function hrefWith(route: Route, settings: Readonly<Record<string, string>>): string {
  const { path, query } = hashParts(href(route));
  for (const [key, value] of Object.entries(settings)) query.set(key, value);
  return `#${path}${queryText(query)}`;
}

/** Sets (or, with null, removes) view settings in the current hash's query, without a history entry. */
export function replaceViewSettings(changes: Readonly<Record<string, string | null>>): void {
  const { path, query } = hashParts(window.location.hash);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) query.delete(key);
    else query.set(key, value);
  }
  replaceHash(`#${path}${queryText(query)}`);
}
