/**
 * In-sample / held-out beside every agent number: the label component, the run view (an
 * in-sample agent run says so next to its numbers), the agents view (training tables, cells
 * queried, transfer statistics) and the transfer-study templates.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import type { AgentInfo, BenchmarkInfo, CurvePoint, ExperimentDetail, RunDetail, RunSummary } from '#shared/api.ts';
import { validateExperimentConfig } from '#shared/config.ts';
import { combinedSample } from '#shared/sample-label.ts';
import { parse as parseYaml } from 'yaml';
import SampleLabel from '../../src-renderer/src/components/SampleLabel.vue';
import { templateByKey } from '../../src-renderer/src/lib/templates.ts';
import { settle } from './fake-client.ts';

const agents: AgentInfo[] = [
  {
    id: 1, name: 'walker', benchmark: 'nb201-12ep-cifar10', space: 'nb201', preset: 'cpu-small', runId: null, experimentId: null, envSteps: 10, learnerSteps: 2, mlBackend: 'wasm', createdAt: '',
    trainedOn: [{ benchmark: 'nb201-12ep-cifar10', contentSha256: 'a', cellsQueried: 2049 }],
    transfer: [
      { agent: 'walker', target: 'nb201-12ep-cifar10', sample: 'in-sample', spearman: [{ source: 'nb201-12ep-cifar10', rho: 1 }], topCells: 157, topVisited: 120 },
      { agent: 'walker', target: 'nb201-12ep-cifar100', sample: 'held-out', spearman: [{ source: 'nb201-12ep-cifar10', rho: 0.9734 }], topCells: 158, topVisited: 31 },
    ],
  },
];
const benchmarks = ['nb201-12ep-cifar10', 'nb201-12ep-cifar100', 'nb201-12ep-imagenet16', 'nb101-5v-fmnist'].map((name) => ({ name, kind: 'nb201', space: name.startsWith('nb101') ? 'nb101' : 'nb201', size: 15625 }) as BenchmarkInfo);

function summary(sample: RunSummary['sample']): RunSummary {
  return { id: 5, experimentId: 1, experimentName: 'x', searcher: 'agent', searcherKind: 'agent', seed: 0, benchmark: 'nb201-12ep-cifar10', sample, status: 'succeeded', queuePosition: null, queries: 10, budget: 10, bestValid: 0.8, bestTest: 0.79, createdAt: '', startedAt: null, finishedAt: null, error: null };
}
let runSample: RunSummary['sample'] = 'in-sample';
/** A search on two tables: the agent in-sample on the first, held out on the second. */
const TWO = ['nb201-12ep-cifar10', 'nb201-12ep-imagenet16'];
const experimentRuns: RunSummary[] = TWO.flatMap((benchmark, b) =>
  ['agent', 'random-search'].map((searcher, s) => ({
    ...summary(searcher === 'agent' ? (b === 0 ? 'in-sample' : 'held-out') : null),
    id: 10 + 2 * b + s,
    searcher,
    searcherKind: searcher,
    benchmark,
  })),
);
const experiment: ExperimentDetail = {
  experiment: {
    id: 1, kind: 'search', name: 'two tables', benchmark: TWO[0]!, benchmarks: TWO, searchers: ['agent', 'random-search'], budget: 10, status: 'finished',
    runCounts: { succeeded: 4 }, totalRuns: 4, queries: 40, totalQueries: 40, bestValid: 0.8, bestTest: 0.79, bestSample: 'in-sample', bestBenchmark: TWO[0]!, createdAt: '', finishedAt: null,
  },
  config: {
    kind: 'search', name: 'two tables', description: '', benchmark: TWO[0]!, benchmarks: TWO, budget: 10, queryDelayMs: 0, seeds: [0], agent: null,
    searchers: [{ kind: 'agent', label: 'agent', params: { checkpoint: 'walker' } }, { kind: 'random-search', label: 'random-search', params: {} }],
  },
  configHash: 'h',
  runs: experimentRuns,
};

const fakeApi = {
  subscribe: () => () => undefined,
  async getExperiment(): Promise<ExperimentDetail> {
    return experiment;
  },
  async getExperimentCurves(): Promise<Record<number, CurvePoint[]>> {
    return Object.fromEntries(experimentRuns.map((r) => [r.id, [[1, 0.5, 0.5]]]));
  },
  async listAgents(): Promise<AgentInfo[]> {
    return agents;
  },
  async listBenchmarks(): Promise<BenchmarkInfo[]> {
    return benchmarks;
  },
  async getRun(): Promise<RunDetail> {
    return {
      run: summary(runSample),
      config: { kind: 'search', benchmark: 'nb201-12ep-cifar10', searcher: { kind: 'agent', label: 'agent', params: { checkpoint: 'walker' } } } as unknown as RunDetail['config'],
      provenance: { seed: 0, configHash: '', appVersion: '', mlBackend: null, device: null, benchmarkSha256: null },
      curve: [[1, 0.8, 0.79]],
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
vi.mock('../../src-renderer/src/components/SeriesChart.vue', () => ({ __esModule: true, default: defineComponent({ name: 'SeriesChart', render: () => h('div') }) }));

const AgentsView = (await import('../../src-renderer/src/views/AgentsView.vue')).default;
const RunView = (await import('../../src-renderer/src/views/RunView.vue')).default;
const ExperimentView = (await import('../../src-renderer/src/views/ExperimentView.vue')).default;

beforeEach(() => setActivePinia(createPinia()));

describe('SampleLabel', () => {
  test('names the label, explains it, and shows nothing for a run that is no agent search', () => {
    const inSample = mount(SampleLabel, { props: { sample: 'in-sample' } });
    expect(inSample.text()).toBe('in-sample');
    expect(inSample.classes()).toContain('in-sample');
    expect(inSample.attributes('title')).toMatch(/trained on this very table/);
    expect(mount(SampleLabel, { props: { sample: 'held-out' } }).text()).toBe('held-out');
    expect(mount(SampleLabel, { props: { sample: null } }).find('[data-testid="sample-label"]').exists()).toBe(false);
  });
});

describe('RunView', () => {
  test('an in-sample agent run carries its label beside the numbers and says what it means', async () => {
    runSample = 'in-sample';
    const wrapper = mount(RunView, { props: { id: 5 } });
    await settle();
    const labels = wrapper.findAll('[data-testid="sample-label"]').map((l) => l.text());
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(labels)).toEqual(new Set(['in-sample']));
    expect(wrapper.find('[data-testid="in-sample-note"]').text()).toMatch(/trained on this very table/);
    wrapper.unmount();
  });

  test('a held-out run is labelled held-out, without the in-sample warning', async () => {
    runSample = 'held-out';
    const wrapper = mount(RunView, { props: { id: 5 } });
    await settle();
    expect(wrapper.find('[data-testid="sample-label"]').text()).toBe('held-out');
    expect(wrapper.find('[data-testid="in-sample-note"]').exists()).toBe(false);
    wrapper.unmount();
  });
});

describe('ExperimentView', () => {
  test('an experiment on several benchmarks shows one at a time, each tab marked in-sample or held-out', async () => {
    const wrapper = mount(ExperimentView, { props: { id: 1 } });
    await settle();
    const tabs = wrapper.findAll('[data-testid="benchmark-tab"]');
    expect(tabs.map((t) => t.text().replace(/\s+/g, ' '))).toEqual(['nb201-12ep-cifar10 in-sample', 'nb201-12ep-imagenet16 held-out']);
    expect(tabs[0]!.attributes('aria-selected')).toBe('true');
    expect(wrapper.find('[data-testid="in-sample-note"]').exists()).toBe(true);
    expect(wrapper.text()).toContain('agent [in-sample]');
    // The experiment's best came from an in-sample agent run: the label sits beside it.
    expect(wrapper.find('.stat [data-testid="sample-label"]').text()).toBe('in-sample');
    await tabs[1]!.trigger('click');
    await settle();
    expect(wrapper.findAll('[data-testid="benchmark-tab"]')[1]!.attributes('aria-selected')).toBe('true');
    expect(wrapper.find('[data-testid="in-sample-note"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('agent [held-out]');
    expect(wrapper.text()).not.toContain('agent [in-sample]');
    wrapper.unmount();
  });
});

describe('AgentsView', () => {
  test('shows what an agent was trained on, how many cells its training queried, and how hard each transfer is', async () => {
    const wrapper = mount(AgentsView);
    await settle();
    expect(wrapper.find('[data-testid="agent-trained-on"]').text().replace(/\s+/g, ' ')).toBe('nb201-12ep-cifar10 (2,049)');
    const rows = wrapper.findAll('[data-testid="transfer-row"]').map((r) => r.findAll('td').map((td) => td.text().trim()).join(' | '));
    expect(rows).toEqual([
      'nb201-12ep-cifar10 | in-sample | nb201-12ep-cifar10: 1.000 | 120 / 157',
      'nb201-12ep-cifar100 | held-out | nb201-12ep-cifar10: 0.973 | 31 / 158',
    ]);
  });
});

describe('transfer-study templates', () => {
  test('step 1 trains on CIFAR-10; step 2 evaluates the agent on its training table and every other table of its space', () => {
    const ctx = { benchmarks, agents };
    const train = templateByKey('transfer-study')!;
    const text = train.build(ctx);
    const parsed = validateExperimentConfig(parseYaml(text));
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.config.benchmark).toBe('nb201-12ep-cifar10');
    expect(train.next?.(text)).toMatchObject({ template: 'transfer-compare', agent: 'transfer-walker' });
    const compare = templateByKey('transfer-compare')!.build({ ...ctx, agent: 'walker' });
    const config = validateExperimentConfig(parseYaml(compare));
    expect(config.ok).toBe(true);
    expect(config.ok && config.config.benchmarks).toEqual(['nb201-12ep-cifar10', 'nb201-12ep-cifar100', 'nb201-12ep-imagenet16']);
    expect(config.ok && config.config.searchers.map((s) => s.kind)).toEqual(['agent', 'random-search', 'random-walk', 'local-search', 'regularized-evolution']);
  });
});

describe('combinedSample', () => {
  test('in-sample as soon as one is; held-out only when every labelled one is; null without labels', () => {
    expect(combinedSample(['held-out', null, 'in-sample', 'held-out'])).toBe('in-sample');
    expect(combinedSample([null, 'held-out', undefined])).toBe('held-out');
    expect(combinedSample([null, undefined])).toBeNull();
    expect(combinedSample([])).toBeNull();
  });
});
