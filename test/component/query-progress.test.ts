/**
 * The run view's panel of the query a live benchmark is training: `run-query-progress` pushes
 * reach it through the app's one subscription (startLiveUpdates), and it goes when the query's
 * point arrives or the run stops running.
 */
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import type { BenchmarkInfo, PushEvent, QueryProgress, RunDetail, RunStatus, RunSummary } from '#shared/api.ts';
import { settle } from './fake-client.ts';

const listeners = new Set<(event: PushEvent) => void>();
const statuses = new Map<number, RunStatus>();

function summary(id: number): RunSummary {
  return { id, experimentId: 1, experimentName: 'live', searcher: 'random-search', searcherKind: 'random-search', seed: 0, benchmark: 'live-fmnist', status: statuses.get(id) ?? 'running', queuePosition: null, queries: 3, budget: 20, bestValid: 0.8, bestTest: 0.79, createdAt: '', startedAt: null, finishedAt: null, error: null };
}

const fakeApi = {
  subscribe(listener: (event: PushEvent) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  async system(): Promise<unknown> {
    return {};
  },
  async listBenchmarks(): Promise<BenchmarkInfo[]> {
    return [{ name: 'live-fmnist', kind: 'live', space: 'nb101' } as BenchmarkInfo];
  },
  async getRun(id: number, options?: { curve?: boolean; metrics?: boolean }): Promise<RunDetail> {
    const light = options?.curve === false;
    return {
      run: summary(id),
      config: { kind: 'search', benchmark: 'live-fmnist' } as unknown as RunDetail['config'],
      provenance: { seed: 0, configHash: '', appVersion: '', mlBackend: null, device: null, benchmarkSha256: null },
      curve: light ? [] : [1, 2, 3].map((q) => [q, 0.8, 0.79] as [number, number, number]),
      metrics: {},
      best: null,
      logTail: [],
      attempts: [],
    };
  },
  async getRunArchitectures(): Promise<unknown[]> {
    return [];
  },
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));
// ECharts draws on a canvas that happy-dom does not have; the charts are not under test here.
vi.mock('../../src-renderer/src/components/SeriesChart.vue', () => ({ __esModule: true, default: defineComponent({ name: 'SeriesChart', render: () => h('div') }) }));

// The stores reach the DOM transports, which the node typecheck of the tests does not know,
// so they are loaded by path.
async function load<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ path)) as T;
}
const { startLiveUpdates } = await load<{ startLiveUpdates: () => void }>('../../src-renderer/src/stores/live.ts');
const { useRunsStore } = await load<{ useRunsStore: () => { retain(ids: number[]): void; release(ids: number[]): void } }>('../../src-renderer/src/stores/runs.ts');
const RunView = (await import('../../src-renderer/src/views/RunView.vue')).default;

// The subscription is made once for the page, so the tests share one Pinia (and use their own runs).
const pinia = createPinia();
let wrapper: VueWrapper | null = null;

beforeAll(() => {
  setActivePinia(pinia);
  startLiveUpdates();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

function emit(event: PushEvent): void {
  for (const listener of listeners) listener(event);
}
function progress(query: number, step: number): QueryProgress {
  return { query, hash: '5e0f3ac91b7d24e68a0c5f1e9d3b7a26', seed: 2, epoch: Math.floor((step - 1) / 100), epochs: 4, step, steps: 400, loss: 0.43219 - step / 10_000 };
}
function point(runId: number, query: number): PushEvent {
  return { type: 'run-point', runId, experimentId: 1, point: [query, 0.8, 0.79], evaluated: { hash: `h${query}`, valid: 0.8, test: 0.79 } };
}
async function show(id: number): Promise<VueWrapper> {
  wrapper = mount(RunView, { props: { id }, global: { plugins: [pinia] } });
  await settle();
  expect(wrapper.find('[data-testid="run-status"]').exists()).toBe(true);
  return wrapper;
}
const panel = (w: VueWrapper) => w.find('[data-testid="query-progress"]');
const panelText = (w: VueWrapper): string => w.find('[data-testid="query-progress-text"]').text().replace(/\s+/g, ' ');

describe('RunView: the query a live benchmark is training', () => {
  test('a progress push shows the query, its cell, seed, epoch, step and loss with a bar; its point ends it', async () => {
    const w = await show(11);
    expect(panel(w).exists()).toBe(false);
    emit({ type: 'run-query-progress', runId: 11, progress: progress(4, 150) });
    await nextTick();
    expect(panelText(w)).toBe('Training query 4 — cell 5e0f3ac91b · seed 2 · epoch 2/4 · step 150/400 · loss 0.417');
    const bar = w.find('[data-testid="query-progress-bar"]');
    expect(bar.attributes('role')).toBe('progressbar');
    expect(bar.attributes('aria-valuemin')).toBe('0');
    expect(bar.attributes('aria-valuemax')).toBe('400');
    expect(bar.attributes('aria-valuenow')).toBe('150');
    expect(bar.attributes('aria-label')).toBe('Training of query 4');
    expect(bar.find('span').attributes('style')).toContain('width: 37.5%');

    emit({ type: 'run-query-progress', runId: 11, progress: progress(4, 320) });
    await nextTick();
    expect(w.find('[data-testid="query-progress-bar"]').attributes('aria-valuenow')).toBe('320');
    expect(panelText(w)).toContain('epoch 4/4 · step 320/400 · loss 0.400');
    // The point of the query before arrives late: the query under way is still training.
    emit(point(11, 3));
    await nextTick();
    expect(panel(w).exists()).toBe(true);
    emit(point(11, 4));
    await nextTick();
    expect(panel(w).exists()).toBe(false);
  });

  test('the panel goes when the run stops running', async () => {
    const w = await show(12);
    emit({ type: 'run-query-progress', runId: 12, progress: progress(4, 10) });
    await nextTick();
    expect(panel(w).exists()).toBe(true);
    // Still running (a refresh of its summary): the panel stays.
    emit({ type: 'run-updated', run: summary(12) });
    await nextTick();
    expect(panel(w).exists()).toBe(true);
    statuses.set(12, 'succeeded');
    emit({ type: 'run-updated', run: summary(12) });
    await settle();
    expect(w.find('[data-testid="run-status"]').text()).toMatch(/succeeded/i);
    expect(panel(w).exists()).toBe(false);
  });

  test("another run's pushes neither show nor clear this run's panel", async () => {
    // Another view (an experiment's, say) holds run 99 too, so its pushes are kept.
    useRunsStore().retain([99]);
    const w = await show(13);
    emit({ type: 'run-query-progress', runId: 99, progress: progress(7, 200) });
    await nextTick();
    expect(panel(w).exists()).toBe(false);
    emit({ type: 'run-query-progress', runId: 13, progress: progress(4, 50) });
    await nextTick();
    expect(panelText(w)).toContain('Training query 4');
    emit({ type: 'run-query-progress', runId: 99, progress: progress(7, 200) });
    emit(point(99, 9));
    statuses.set(99, 'failed');
    emit({ type: 'run-updated', run: summary(99) });
    await nextTick();
    expect(panelText(w)).toContain('Training query 4');
    expect(w.find('[data-testid="query-progress-bar"]').attributes('aria-valuenow')).toBe('50');
    useRunsStore().release([99]);
  });
});
