/**
 * The stores against a fake Api: the architectures store pages a run's evaluated
 * architectures, merges the pushes that race the pages without duplicates or gaps and fills
 * the gap after a reconnect; the runs store loads a run whole once and refreshes it light.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { nextTick } from 'vue';
import type { CurvePoint, EvaluatedArchitecture, RunDetail, RunSummary } from '#shared/api.ts';
import type { EvaluatedLog } from '../../src-renderer/src/lib/evaluated-log.ts';
import { settle } from './fake-client.ts';

interface Call {
  method: string;
  args: unknown[];
}
const calls: Call[] = [];
const server = { queries: 0, pageGate: null as null | Promise<void>, failNext: false };
const evaluated = (q: number): EvaluatedArchitecture => ({ query: q, hash: `|arch${q}|`, arch: `|arch${q}|`, valid: ((q * 37) % 100) / 100, test: ((q * 37) % 100) / 100 - 0.01 });

function runDetail(id: number, options?: { curve?: boolean; metrics?: boolean }): RunDetail {
  const light = options?.curve === false;
  return {
    run: { id, experimentId: 1, experimentName: 'e', searcher: 'random-search', searcherKind: 'random-search', seed: 0, benchmark: 'nb201', status: 'running', queuePosition: null, queries: server.queries, budget: 100, bestValid: 0.99, bestTest: 0.98, createdAt: '', startedAt: null, finishedAt: null, error: null },
    config: { kind: 'search', benchmark: 'nb201' } as unknown as RunDetail['config'],
    provenance: { seed: 0, configHash: '', appVersion: '', mlBackend: null, device: null, benchmarkSha256: null },
    curve: light ? [] : Array.from({ length: server.queries }, (_, i) => [i + 1, 0.9, 0.89] as [number, number, number]),
    metrics: light || options?.metrics === false ? {} : { loss: [[1, 0.5]] },
    best: { query: light ? 0 : 27, hash: '|best|', arch: '|best|', valid: 0.99, test: 0.98 },
    logTail: [`log at ${server.queries}`],
    attempts: [],
  };
}

const fakeApi = {
  async getRunArchitectures(id: number, options: { fromQuery?: number; limit?: number; top?: number } = {}): Promise<EvaluatedArchitecture[]> {
    calls.push({ method: 'getRunArchitectures', args: [id, options] });
    if (server.failNext) {
      server.failNext = false;
      throw new Error('the connection closed');
    }
    const all = Array.from({ length: server.queries }, (_, i) => evaluated(i + 1));
    if (options.top !== undefined) return all.sort((a, b) => b.valid - a.valid || a.query - b.query).slice(0, options.top);
    if (server.pageGate) await server.pageGate;
    // The page is read when the request is served.
    const now = Array.from({ length: server.queries }, (_, i) => evaluated(i + 1));
    const from = now.filter((a) => a.query >= (options.fromQuery ?? 0));
    return options.limit !== undefined ? from.slice(0, options.limit) : from;
  },
  async listBenchmarks(): Promise<unknown[]> {
    return [];
  },
  importBenchmark: (_request: unknown): Promise<unknown> => new Promise(() => undefined),
  async getRun(id: number, options?: { curve?: boolean; metrics?: boolean }): Promise<RunDetail> {
    calls.push({ method: 'getRun', args: options === undefined ? [id] : [id, options] });
    return runDetail(id, options);
  },
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));

// The stores reach the DOM transports (window, CloseEvent), which the node typecheck of the
// tests does not know, so they are loaded by path and typed here by what the tests use.
async function load<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ path)) as T;
}
interface ArchEntry {
  log: EvaluatedLog;
  pending: unknown[];
  loaded: boolean;
  error: string | null;
  top: EvaluatedArchitecture[] | null;
}
interface ArchStore {
  retain(id: number): void;
  get(id: number): ArchEntry | undefined;
  retry(id: number): void;
  onRunPoint(runId: number, query: number, evaluated: { hash: string; valid: number; test: number } | undefined): void;
  resync(): void;
}
interface RunsStore {
  retain(ids: number[], follow?: boolean): void;
  get(id: number): { curve: { points: CurvePoint[] }; metrics: { series: Map<string, [number, number][]> }; info: RunInfo | null } | undefined;
  onRunPoint(runId: number, point: CurvePoint): void;
  onRunUpdated(run: RunSummary): void;
  resync(): void;
}
type RunInfo = Omit<RunDetail, 'curve' | 'metrics'>;
interface BenchmarksStore {
  imports: Map<string, unknown>;
  importBenchmark(request: { kind: string; path: string; name: string }): Promise<unknown>;
  onImportProgress(p: { name: string; done: number; total: number | null; unit: string }): void;
}
const { useArchitecturesStore, PAGE_SIZE, TOP_K } = await load<{ useArchitecturesStore: () => ArchStore; PAGE_SIZE: number; TOP_K: number }>('../../src-renderer/src/stores/architectures.ts');
const { useRunsStore, mergeLightInfo } = await load<{ useRunsStore: () => RunsStore; mergeLightInfo: (a: RunInfo | null, b: RunInfo) => RunInfo }>('../../src-renderer/src/stores/runs.ts');
const { useBenchmarksStore } = await load<{ useBenchmarksStore: () => BenchmarksStore }>('../../src-renderer/src/stores/benchmarks.ts');
const BestArchitectures = (await import('../../src-renderer/src/components/BestArchitectures.vue')).default;
const BenchmarksView = (await import('../../src-renderer/src/views/BenchmarksView.vue')).default;

const push = (store: ArchStore, q: number): void => {
  const a = evaluated(q);
  store.onRunPoint(7, q, { hash: a.hash, valid: a.valid, test: a.test });
};

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
  server.queries = 0;
  server.pageGate = null;
  server.failNext = false;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('architectures store', () => {
  test('pages from the last query held until a short page, then grows by push', async () => {
    server.queries = PAGE_SIZE * 2 + 10;
    const store = useArchitecturesStore();
    store.retain(7);
    await settle();
    const entry = store.get(7)!;
    expect(entry.loaded).toBe(true);
    expect(entry.log.length).toBe(PAGE_SIZE * 2 + 10);
    const pages = calls.filter((c) => c.method === 'getRunArchitectures' && (c.args[1] as { top?: number }).top === undefined).map((c) => c.args[1]);
    expect(pages).toEqual([
      { fromQuery: 1, limit: PAGE_SIZE },
      { fromQuery: PAGE_SIZE + 1, limit: PAGE_SIZE },
      { fromQuery: PAGE_SIZE * 2 + 1, limit: PAGE_SIZE },
    ]);
    expect(entry.top).toHaveLength(TOP_K);
    server.queries += 1;
    push(store, server.queries);
    expect(entry.log.length).toBe(PAGE_SIZE * 2 + 11);
    expect(entry.log.lastQuery).toBe(server.queries);
  });

  test('pushes that race a page wait and merge without duplicates or gaps', async () => {
    server.queries = 30;
    let open!: () => void;
    server.pageGate = new Promise((r) => (open = r));
    const store = useArchitecturesStore();
    store.retain(7);
    await settle();
    const entry = store.get(7)!;
    // Points 31..35 are stored and pushed while the page is out; it will include them.
    for (let q = 31; q <= 35; q++) {
      server.queries = q;
      push(store, q);
    }
    expect(entry.log.length).toBe(0);
    expect(entry.pending).toHaveLength(5);
    open();
    await settle();
    expect(entry.loaded).toBe(true);
    expect(entry.pending).toHaveLength(0);
    expect(entry.log.queries).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
  });

  test('after a reconnect the gap of missed pushes is filled, even when new pushes arrive first', async () => {
    server.queries = 10;
    const store = useArchitecturesStore();
    store.retain(7);
    await settle();
    const entry = store.get(7)!;
    // Disconnected: 11..20 were stored and pushed to nobody.
    server.queries = 20;
    let open!: () => void;
    server.pageGate = new Promise((r) => (open = r));
    store.resync();
    // Back online, a new point arrives before the catch-up answers.
    server.queries = 21;
    push(store, 21);
    expect(entry.log.lastQuery).toBe(10);
    open();
    await settle();
    expect(entry.log.queries).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  test('a failed load says so; retry goes on from where it stopped', async () => {
    server.queries = 12;
    server.failNext = true;
    const store = useArchitecturesStore();
    store.retain(7);
    await settle();
    const entry = store.get(7)!;
    expect(entry.error).toMatch(/connection closed/);
    expect(entry.loaded).toBe(false);
    store.retry(7);
    await settle();
    expect(entry.error).toBeNull();
    expect(entry.log.length).toBe(12);
  });

  test('a better architecture refetches the best few (spaced out); a worse one does not', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    server.queries = 40;
    const store = useArchitecturesStore();
    store.retain(7);
    await vi.advanceTimersByTimeAsync(10);
    const topCalls = (): number => calls.filter((c) => (c.args[1] as { top?: number })?.top !== undefined).length;
    expect(topCalls()).toBe(1);
    const entry = store.get(7)!;
    const worst = entry.top![TOP_K - 1]!.valid;
    store.onRunPoint(7, 41, { hash: 'x', valid: worst - 0.05, test: 0 });
    await vi.advanceTimersByTimeAsync(3000);
    expect(topCalls()).toBe(1);
    // A burst of better ones: one request at once and one trailing, never one each.
    for (let q = 42; q < 52; q++) store.onRunPoint(7, q, { hash: `b${q}`, valid: 1, test: 1 });
    await vi.advanceTimersByTimeAsync(3000);
    expect(topCalls()).toBe(3);
  });
});

describe('runs store', () => {
  test('a followed run loads whole once, then refreshes without its curve and metrics', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    server.queries = 50;
    const runs = useRunsStore();
    runs.retain([3], true);
    await vi.advanceTimersByTimeAsync(10);
    const entry = runs.get(3)!;
    expect(entry.curve.points).toHaveLength(50);
    expect(entry.metrics.series.get('loss')).toEqual([[1, 0.5]]);
    expect(entry.info?.best?.query).toBe(27);
    server.queries = 60;
    for (let q = 51; q <= 60; q++) runs.onRunPoint(3, [q, 0.9, 0.89]);
    runs.onRunUpdated(runDetail(3).run);
    runs.onRunUpdated(runDetail(3).run);
    await vi.advanceTimersByTimeAsync(5000);
    const getRuns = calls.filter((c) => c.method === 'getRun');
    expect(getRuns.map((c) => c.args)).toEqual([[3], [3, { curve: false, metrics: false }]]);
    // The light refresh kept the curve grown by pushes, the metrics, and the best's query.
    expect(entry.curve.points).toHaveLength(60);
    expect(entry.metrics.series.get('loss')).toEqual([[1, 0.5]]);
    expect(entry.info?.logTail).toEqual(['log at 60']);
    expect(entry.info?.best?.query).toBe(27);
    // After a reconnect the next load is whole again.
    runs.resync();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls.filter((c) => c.method === 'getRun').at(-1)!.args).toEqual([3]);
  });

  test('mergeLightInfo keeps the held best (with its query) only while it is the same architecture', () => {
    const full = runDetail(3);
    const light = runDetail(3, { curve: false, metrics: false });
    const { curve: _c, metrics: _m, ...fullInfo } = full;
    const { curve: _c2, metrics: _m2, ...lightInfo } = light;
    expect(mergeLightInfo(fullInfo, lightInfo).best?.query).toBe(27);
    const other = { ...lightInfo, best: { ...lightInfo.best!, hash: '|new|' } };
    expect(mergeLightInfo(fullInfo, other).best?.hash).toBe('|new|');
    expect(mergeLightInfo(null, lightInfo).best?.query).toBe(0);
  });
});

describe('BestArchitectures', () => {
  test('lists the best five, draws the chosen one with its metrics, hash and JSON, and follows it when ranks shift', async () => {
    server.queries = 60;
    const pinia = createPinia();
    setActivePinia(pinia);
    const wrapper = mount(BestArchitectures, { props: { runId: 7, space: 'nb201', validationOnly: false, fallback: null }, global: { plugins: [pinia] } });
    await settle();
    await nextTick();
    const rows = wrapper.findAll('[data-testid="best-row"]');
    expect(rows).toHaveLength(5);
    const top = useArchitecturesStore().get(7)!.top!;
    expect(rows[0]!.attributes('aria-selected')).toBe('true');
    await rows[2]!.trigger('click');
    expect(wrapper.find('[data-testid="best-meta"]').text()).toContain('#3');
    expect(wrapper.find('[data-testid="best-meta"]').text()).toContain(`query ${top[2]!.query}`);
    expect(JSON.parse(wrapper.find('[data-testid="best-architecture"]').text()).hash).toBe(top[2]!.hash);
    expect(wrapper.find('[data-testid="cell-graph"]').exists()).toBe(true);
    // A better architecture arrives: the chosen one is now fourth, and still chosen.
    const entry = useArchitecturesStore().get(7)!;
    entry.top = [{ ...evaluated(99), valid: 1, test: 1 }, ...top.slice(0, 4)];
    await nextTick();
    expect(wrapper.find('[data-testid="best-meta"]').text()).toContain('#4');
    expect(wrapper.findAll('[data-testid="best-row"]')[3]!.attributes('aria-selected')).toBe('true');
  });

  test('a surrogate labels its test column; before the list loads the run best stands in', async () => {
    server.queries = 0;
    const pinia = createPinia();
    setActivePinia(pinia);
    const fallback = { query: 0, hash: '|fallback|', arch: '|fallback|', valid: 0.95, test: 0.95 };
    const wrapper = mount(BestArchitectures, { props: { runId: 8, space: 'nb201', validationOnly: true, fallback }, global: { plugins: [pinia] } });
    await settle();
    await nextTick();
    const meta = wrapper.find('[data-testid="best-meta"]').text();
    expect(meta).toContain('validation (surrogate)');
    expect(meta).not.toContain('query');
    expect(wrapper.find('[data-testid="best-list"]').exists()).toBe(false);
  });
});

describe('benchmarks store: import progress', () => {
  test('pushes are kept per import name while it runs and dropped when it ends', async () => {
    let finish!: (v: unknown) => void;
    const api = fakeApi as unknown as Record<string, unknown>;
    api.importBenchmark = () => new Promise((r) => (finish = r));
    const store = useBenchmarksStore();
    const done = store.importBenchmark({ kind: 'nb101', path: '/x', name: 'nb101' });
    store.onImportProgress({ name: 'nb101', done: 5_000_000, total: 20_000_000, unit: 'bytes' });
    expect(store.imports.get('nb101')).toEqual({ name: 'nb101', done: 5_000_000, total: 20_000_000, unit: 'bytes' });
    finish({ name: 'nb101' });
    await done;
    expect(store.imports.has('nb101')).toBe(false);
  });
});

describe('BenchmarksView: import progress', () => {
  test('a bar of bytes read out of the total while the import runs', async () => {
    const api = fakeApi as unknown as Record<string, unknown>;
    let finish!: (v: unknown) => void;
    api.importBenchmark = () => new Promise((r) => (finish = r));
    const pinia = createPinia();
    setActivePinia(pinia);
    const wrapper = mount(BenchmarksView, { global: { plugins: [pinia] } });
    await wrapper.find('[data-testid="import-kind"]').setValue('nb101');
    await wrapper.find('[data-testid="import-path"]').setValue('/data/nasbench_only108.tfrecord');
    await wrapper.find('[data-testid="import-name"]').setValue('nb101');
    await wrapper.find('[data-testid="import-benchmark-form"]').trigger('submit');
    await nextTick();
    expect(wrapper.find('[data-testid="import-progress"]').text()).toMatch(/NAS-Bench-101 file takes about 15 s/);
    expect(wrapper.find('[data-testid="import-progress-bar"]').exists()).toBe(false);
    useBenchmarksStore().onImportProgress({ name: 'nb101', done: 125_000_000, total: 500_000_000, unit: 'bytes' });
    await nextTick();
    const bar = wrapper.find('[data-testid="import-progress-bar"]');
    expect(bar.attributes('aria-valuenow')).toBe('25');
    expect(bar.find('span').attributes('style')).toContain('width: 25%');
    expect(wrapper.find('[data-testid="import-progress"]').text()).toMatch(/read 125 MB of 500 MB \(25%\)/);
    // Another import's progress is not this one's.
    useBenchmarksStore().onImportProgress({ name: 'other', done: 1, total: 2, unit: 'bytes' });
    await nextTick();
    expect(wrapper.find('[data-testid="import-progress-bar"]').attributes('aria-valuenow')).toBe('25');
    finish({ id: 2, name: 'nb101', kind: 'nb101', space: 'nb101', size: 423_624, sourcePath: '', sourceSha256: '', bestValid: 0.95, bestTest: 0.94, createdAt: '' });
    await settle();
    expect(wrapper.find('[data-testid="import-progress"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="import-done"]').text()).toContain('423,624 architectures');
  });
});

describe('BenchmarksView: the desktop file dialog', () => {
  afterEach(() => {
    delete (globalThis as { archwalk?: unknown }).archwalk;
  });

  test('in the app, Browse… asks the bridge for a folder or a file of the chosen kind and fills the path', async () => {
    const asked: unknown[] = [];
    (globalThis as { archwalk?: unknown }).archwalk = {
      invoke: async () => null,
      onPush: () => () => undefined,
      pickPath: async (options: unknown) => {
        asked.push(options);
        return '/data/nb301-xgb-export';
      },
    };
    const pinia = createPinia();
    setActivePinia(pinia);
    const wrapper = mount(BenchmarksView, { global: { plugins: [pinia] } });
    await wrapper.find('[data-testid="import-kind"]').setValue('nb301-xgb');
    await wrapper.find('[data-testid="import-browse"]').trigger('click');
    await settle();
    expect(asked[0]).toMatchObject({ directory: true });
    expect((wrapper.find('[data-testid="import-path"]').element as unknown as { value: string }).value).toBe('/data/nb301-xgb-export');
    expect((wrapper.find('[data-testid="import-name"]').element as unknown as { value: string }).value).toBe('nb301-xgb-nb301-xgb-export');
  });

  test('in a browser there is no Browse… button: the path is typed', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const wrapper = mount(BenchmarksView, { global: { plugins: [pinia] } });
    expect(wrapper.find('[data-testid="import-browse"]').exists()).toBe(false);
  });
});
