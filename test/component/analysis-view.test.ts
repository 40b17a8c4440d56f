/**
 * The landscape view: asks the services for the benchmark's analysis on opening, shows the
 * analysis process's progress (pushed events) as a bar, then the distributions, the reward table
 * for every α (one α drawn, chosen by the user) and the autocorrelation per rule set; a bad α list
 * is refused in the form, naming the field, and nothing is sent. The analysis shown is a real one
 * (the library on the shipped NB201 table, small parameters).
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { BenchmarkInfo } from '#shared/api.ts';
import type { BenchmarkAnalysis, LandscapeAnalysis, LandscapeParams } from '#shared/landscape.ts';
import { analyseLandscape, DEFAULT_LANDSCAPE_PARAMS } from '../../src-main/nas/analysis/landscape-analysis.ts';
import { benchmarkOracle } from '../../src-main/nas/analysis/oracle.ts';
import { loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import { tableCells } from '../../src-main/nas/benchmarks/table-cells.ts';
import type { SeriesSpec } from '../../src-renderer/src/components/chart-types.ts';
import { settle } from './fake-client.ts';

let analysis: LandscapeAnalysis;
const requests: { name: string; params: Partial<LandscapeParams> | undefined }[] = [];
let answer: (value: BenchmarkAnalysis) => void = () => undefined;

const fakeApi = {
  async listBenchmarks(): Promise<BenchmarkInfo[]> {
    return [
      { id: 1, name: 'nb201-cifar10', kind: 'nb201', space: 'nb201', size: 15625, sourcePath: '', sourceSha256: 'ab'.repeat(32), bestValid: 0.9, bestTest: 0.9, createdAt: '' },
      { id: 2, name: 'fmnist-live', kind: 'live', space: 'nb101', size: 0, sourcePath: '', sourceSha256: 'cd'.repeat(32), bestValid: null, bestTest: null, createdAt: '' },
    ];
  },
  getBenchmarkAnalysis(name: string, params?: Partial<LandscapeParams>): Promise<BenchmarkAnalysis> {
    requests.push({ name, params });
    return new Promise((resolve) => (answer = resolve));
  },
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));

const AnalysisView = (await import('../../src-renderer/src/views/AnalysisView.vue')).default;
// Through a path in a variable: the store's module brings the browser client, whose DOM types the
// test type-check (tsconfig.node.json) does not have; the test needs only onProgress.
const ANALYSES_STORE = '../../src-renderer/src/stores/analyses.ts';
const { useAnalysesStore } = (await import(ANALYSES_STORE)) as { useAnalysesStore: () => { onProgress(event: { benchmark: string; phase: string; done: number; total: number }): void } };

beforeAll(async () => {
  const bench = loadBenchmark({ name: 'nb201-cifar10', kind: 'nb201', dataPath: join(process.cwd(), 'resources/nb201-cifar10/table.nb201') });
  analysis = await analyseLandscape(
    { oracle: benchmarkOracle(bench), tableValid: tableCells(bench)!.valid },
    { ...DEFAULT_LANDSCAPE_PARAMS, alphas: [1, 10, 50], samples: 200, pairs: 500, walks: 4, walkSteps: 80 },
  );
});

beforeEach(() => {
  setActivePinia(createPinia());
  requests.length = 0;
});

describe('AnalysisView', () => {
  test('opening asks for the analysis, shows progress, then the distributions and the landscape', async () => {
    const wrapper = mount(AnalysisView, { props: { benchmark: 'nb201-cifar10' }, global: { stubs: { SeriesChart: true } } });
    await settle();
    expect(requests).toEqual([{ name: 'nb201-cifar10', params: DEFAULT_LANDSCAPE_PARAMS }]);
    expect(wrapper.find('[data-testid="analysis-progress"]').text()).toContain('Computing in an analysis process');
    useAnalysesStore().onProgress({ benchmark: 'nb201-cifar10', phase: 'random walks (paper)', done: 250, total: 500 });
    await settle();
    expect(wrapper.find('[data-testid="analysis-progress"]').text()).toContain('random walks (paper) 250 of 500');
    expect(wrapper.find('[data-testid="analysis-progress-bar"]').attributes('aria-valuenow')).toBe('50');
    // A live benchmark is not offered.
    expect(wrapper.findAll('[data-testid="analysis-benchmark"] option').map((o) => o.text())).toEqual(['choose…', 'nb201-cifar10']);

    answer({ benchmark: 'nb201-cifar10', contentSha256: 'ef'.repeat(32), cached: false, computedAt: '2026-12-03T17:00:00.000Z', analysis });
    await settle();
    expect(wrapper.find('[data-testid="analysis-progress"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="analysis-provenance"]').text()).toContain('Computed');
    expect(wrapper.find('[data-testid="analysis-distributions"]').text()).toContain('all 15,625 cells of the table');
    const alphaRows = wrapper.findAll('[data-testid="analysis-reward-table"] tbody tr');
    expect(alphaRows.map((r) => r.find('td').text())).toEqual(['1', '10', '50']);
    expect(alphaRows[0]!.classes()).toContain('chosen');
    await wrapper.find('[data-testid="analysis-alpha-choice"]').setValue('50');
    expect(wrapper.findAll('[data-testid="analysis-reward-table"] tbody tr')[2]!.classes()).toContain('chosen');
    const rho = wrapper.findAll('[data-testid="analysis-rho-table"] tbody tr');
    expect(rho.map((r) => r.find('td').text())).toEqual(['paper']);
    expect(rho[0]!.findAll('td')[1]!.text()).toBe(String(Number(analysis.autocorrelation[0]!.rho[0]!.toPrecision(3))));
    expect(wrapper.find('[data-testid="analysis-landscape"]').text()).toContain('paper: always 24');
    // The charts get the analysis (ECharts itself draws in the e2e test's Chromium, not in happy-dom).
    const charts = new Map(wrapper.findAllComponents({ name: 'SeriesChart' }).map((c) => [c.props('testid') as string, c.props('series') as SeriesSpec[]]));
    expect([...charts.keys()]).toEqual(['analysis-accuracy-chart', 'analysis-reward-chart', 'analysis-delta-chart', 'analysis-rho-chart', 'analysis-sizes-chart']);
    const accuracyRows = charts.get('analysis-accuracy-chart')!.find((s) => s.kind === 'line')!.data();
    expect(accuracyRows.reduce((n, r, i) => n + (i < accuracyRows.length - 1 ? r[1]! : 0), 0)).toBe(15625);
    expect(charts.get('analysis-reward-chart')![0]!.name).toBe('α = 50');
    expect(charts.get('analysis-rho-chart')![0]!.data().map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('a bad α list is refused in the form, naming the field; a good one is sent', async () => {
    const wrapper = mount(AnalysisView, { props: { benchmark: 'nb201-cifar10' }, global: { stubs: { SeriesChart: true } } });
    await settle();
    answer({ benchmark: 'nb201-cifar10', contentSha256: 'ef'.repeat(32), cached: true, computedAt: '2026-12-03T17:00:00.000Z', analysis });
    await settle();
    requests.length = 0;
    await wrapper.find('[data-testid="analysis-alphas"]').setValue('1, x');
    await wrapper.find('[data-testid="analysis-params"]').trigger('submit');
    expect(wrapper.find('[data-testid="analysis-form-error"]').text()).toBe('α values: "x" is not a number from 0.01 to 200');
    await wrapper.find('[data-testid="analysis-alphas"]').setValue('2 20');
    await wrapper.find('[data-testid="analysis-walks"]').setValue('0');
    await wrapper.find('[data-testid="analysis-params"]').trigger('submit');
    expect(wrapper.find('[data-testid="analysis-form-error"]').text()).toBe('walks: a whole number from 1 to 200');
    expect(requests).toEqual([]);
    await wrapper.find('[data-testid="analysis-walks"]').setValue('5');
    await wrapper.find('[data-testid="analysis-params"]').trigger('submit');
    await settle();
    expect(wrapper.find('[data-testid="analysis-form-error"]').exists()).toBe(false);
    expect(requests).toEqual([{ name: 'nb201-cifar10', params: { ...DEFAULT_LANDSCAPE_PARAMS, alphas: [2, 20], walks: 5 } }]);
  });
});
