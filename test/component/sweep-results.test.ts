/**
 * The sweep's results on the experiment page: one row per configuration with mean ± s.e. at the
 * sweep's budgets and the training cost, the baselines beneath, the best configuration marked
 * and one click from "Train this one longer"; a sensitivity chart per swept number (mean, the
 * agents' band, each agent; log axis for logarithmic values) and parallel coordinates. The
 * results come from the real aggregation (shared/sweep-results.ts) over synthetic runs.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import type { CurvePoint } from '#shared/api.ts';
import { applyOverrides } from '#shared/agent-presets.ts';
import { expandRuns, validateExperimentConfig } from '#shared/config.ts';
import type { CurveMetric } from '#shared/curve-stats.ts';
import { sweepResults, type SweepResults, type SweepRunInput } from '#shared/sweep-results.ts';
import type { SeriesSpec } from '../../src-renderer/src/components/chart-types.ts';
import { settle } from './fake-client.ts';

const requests: { id: number; options: { metric?: CurveMetric; bestAt?: number } | undefined }[] = [];

/** γ × N: 2 × 2 configurations, 2 agents each, 3 search seeds; accuracy 0.8 + 0.005 per configuration index (the last is best) + 0.001 per search seed. */
function results(options: { metric?: CurveMetric; bestAt?: number } = {}): SweepResults {
  const parsed = validateExperimentConfig({
    kind: 'train-agent', name: 'g', benchmark: 'nb201-cifar10', seeds: [0, 1],
    agent: { name: 'g', budget: { minutes: 1 } },
    sweep: { grid: { gamma: [0.8, 0.9], maxNeighbours: [8, 24] }, evaluate: { budget: 10, seeds: 3, at: [5, 10] } },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const config = parsed.config as typeof parsed.config & { sweep: NonNullable<typeof parsed.config.sweep> };
  const runs: SweepRunInput[] = expandRuns(config, (p, o) => applyOverrides(p, o)).map((run) => {
    if (run.kind === 'train-agent') return { config: run, status: 'succeeded', curve: [], sample: null, training: { seconds: 61, envSteps: 5000, cellsQueried: 700 } };
    const value = run.sweep ? 0.8 + 0.005 * run.sweep.configuration : 0.75;
    return { config: run, status: 'succeeded', curve: Array.from({ length: 10 }, (_, i): CurvePoint => [i + 1, value + 0.001 * run.seed, value + 0.001 * run.seed]), sample: run.sweep ? 'in-sample' : null };
  });
  return sweepResults(config, runs, options);
}

const fakeApi = {
  async getSweepResults(id: number, options?: { metric?: CurveMetric; bestAt?: number }): Promise<SweepResults> {
    requests.push({ id, options });
    return results(options);
  },
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));
// ECharts itself draws in the e2e test's Chromium, not in happy-dom: the charts are stand-ins that keep their props.
vi.mock('../../src-renderer/src/components/SeriesChart.vue', () => ({
  __esModule: true,
  default: defineComponent({ name: 'SeriesChart', props: ['series', 'label', 'xName', 'yName', 'xLog', 'yMin', 'yMax', 'height', 'testid', 'emptyText'], render: () => h('div') }),
}));
vi.mock('../../src-renderer/src/components/ParallelChart.vue', () => ({
  __esModule: true,
  default: defineComponent({ name: 'ParallelChart', props: ['axes', 'rows', 'metricName', 'label'], render: () => h('div') }),
}));

const SweepResultsView = (await import('../../src-renderer/src/components/SweepResults.vue')).default;

beforeEach(() => {
  setActivePinia(createPinia());
  requests.length = 0;
});


describe('SweepResults', () => {
  test('rows per configuration, baselines, the best marked with Train this one longer, charts per swept number', async () => {
    const wrapper = mount(SweepResultsView, { props: { experimentId: 7, version: 'a', testWord: 'test' } });
    await settle();
    expect(requests).toEqual([{ id: 7, options: { metric: 'test' } }]);
    const rows = wrapper.findAll('[data-testid="sweep-row"]');
    expect(rows.map((r) => r.findAll('td').slice(0, 2).map((c) => c.text()))).toEqual([['0.8', '8'], ['0.8', '24'], ['0.9', '8'], ['0.9', '24']]);
    // 2 agents × 3 search seeds behind each cell.
    expect(rows[0]!.findAll('td')[3]!.text()).toMatch(/^80\.10 ± 0\.04 \(n=6\)$/);
    expect(rows[3]!.findAll('td')[3]!.text()).toMatch(/^81\.60 ± 0\.04 \(n=6\)$/);
    expect(rows[0]!.findAll('td')[5]!.text()).toBe('2 / 2');
    expect(rows[0]!.findAll('td')[6]!.text()).toBe('61 s');
    expect(wrapper.findAll('[data-testid="sweep-baseline"]').map((r) => r.find('th').text())).toEqual(['random-search (baseline)', 'local-search (baseline)']);
    expect(wrapper.findAll('[data-best]')).toHaveLength(1);
    expect(wrapper.find('[data-best]').findAll('td').slice(0, 2).map((c) => c.text())).toEqual(['0.9', '24']);
    const longer = wrapper.find('[data-testid="train-longer"]');
    expect(longer.attributes('href')).toBe('#/new?clone=7&configuration=3');
    expect(wrapper.find('[data-testid="sweep-best"]').text()).toContain('gamma=0.9, maxNeighbours=24');
    await new Promise((r) => setTimeout(r, 50));
    await settle();
    const charts = wrapper.findAllComponents({ name: 'SeriesChart' });
    expect(charts.map((c) => c.props('testid'))).toEqual(['sensitivity-gamma', 'sensitivity-maxNeighbours']);
    expect(charts.map((c) => c.props('xLog'))).toEqual([false, false]);
    const series = charts[0]!.props('series') as SeriesSpec[];
    expect(series.map((s) => s.kind)).toEqual(['band', 'line', 'scatter']);
    // Per γ: the mean over its 4 agents (2 configurations × 2 training seeds), each agent a dot.
    expect(series[1]!.data().map((r) => [r[0], Number(r[1]!.toFixed(2)), r[3]])).toEqual([[0.8, 80.35, 4], [0.9, 81.35, 4]]);
    expect(series[0]!.data().map((r) => [r[0], Number(r[1]!.toFixed(2)), Number(r[2]!.toFixed(2))])).toEqual([[0.8, 80.1, 80.6], [0.9, 81.1, 81.6]]);
    expect(series[2]!.data()).toHaveLength(8);
    const parallel = wrapper.findComponent({ name: 'ParallelChart' });
    expect((parallel.props('axes') as { name: string }[]).map((a) => a.name)).toEqual(['gamma', 'maxNeighbours']);
    expect((parallel.props('rows') as unknown[]).length).toBe(4);
  });

  test('the metric and the budget of the best are asked of the server; a new version reloads', async () => {
    const wrapper = mount(SweepResultsView, { props: { experimentId: 7, version: 'a', testWord: 'test' } });
    await settle();
    await wrapper.find('[data-testid="sweep-metric"]').setValue('valid');
    await settle();
    await wrapper.find('[data-testid="sweep-best-at"]').setValue('5');
    await settle();
    await wrapper.setProps({ version: 'b' });
    await settle();
    expect(requests.map((r) => r.options)).toEqual([{ metric: 'test' }, { metric: 'valid' }, { metric: 'valid', bestAt: 5 }, { metric: 'valid', bestAt: 5 }]);
    expect(wrapper.find('[data-testid="sweep-best"]').text()).toContain('Best at 5 queries');
  });
});
