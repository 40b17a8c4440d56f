/** A training run's page links to the agent it produced, once the agent is saved (issue 18). */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import type { AgentInfo, RunDetail, RunSummary } from '#shared/api.ts';
import { runDetail, settle } from './fake-client.ts';

let agents: Partial<AgentInfo>[] = [];

function summary(id: number): RunSummary {
  return { id, experimentId: 2, experimentName: 'train', searcher: 'train nb201-agent', searcherKind: 'agent', seed: 0, benchmark: 'nb201-cifar10', status: 'succeeded', queuePosition: null, queries: 1686, budget: 0, bestValid: null, bestTest: null, createdAt: '', startedAt: null, finishedAt: null, error: null };
}

const fakeApi = {
  subscribe: () => () => undefined,
  async system(): Promise<unknown> {
    return {};
  },
  async listBenchmarks(): Promise<unknown[]> {
    return [];
  },
  async listAgents(): Promise<Partial<AgentInfo>[]> {
    return agents;
  },
  async getRun(id: number): Promise<RunDetail> {
    return runDetail(summary(id), { kind: 'train-agent', benchmark: 'nb201-cifar10', agentName: 'nb201-agent' });
  },
  async getRunArchitectures(): Promise<unknown[]> {
    return [];
  },
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));
// ECharts draws on a canvas that happy-dom does not have; the charts are not under test here.
vi.mock('../../src-renderer/src/components/SeriesChart.vue', () => ({ __esModule: true, default: defineComponent({ name: 'SeriesChart', render: () => h('div') }) }));

const RunView = (await import('../../src-renderer/src/views/RunView.vue')).default;

beforeEach(() => setActivePinia(createPinia()));

describe('RunView: a training run', () => {
  test('names and links the agent it produced', async () => {
    agents = [
      { id: 3, name: 'other-agent', runId: 8 },
      { id: 4, name: 'nb201-agent', runId: 9 },
    ];
    const wrapper = mount(RunView, { props: { id: 9 } });
    await settle();
    const cell = wrapper.find('[data-testid="run-agent"]');
    expect(cell.find('a').text()).toBe('nb201-agent');
    expect(cell.find('a').attributes('href')).toBe('#/agents/4');
    wrapper.unmount();
  });

  test('says when no agent is saved yet', async () => {
    agents = [];
    const wrapper = mount(RunView, { props: { id: 9 } });
    await settle();
    expect(wrapper.find('[data-testid="run-agent"]').find('a').exists()).toBe(false);
    expect(wrapper.find('[data-testid="run-agent"]').text()).toContain('saved when the run succeeds');
    wrapper.unmount();
  });
});
