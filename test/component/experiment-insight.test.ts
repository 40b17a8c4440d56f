/**
 * The experiment page's architecture insight: an architecture several runs evaluated is one line
 * (at its best evaluation, best first: shared distinctArchitectures, as the server answers);
 * nothing is read until the section opens, the benchmark shown is the one asked for, the lines
 * name their run, and a picked line opens that architecture on its run's page.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { distinctArchitectures, type ExperimentArchitecture } from '#shared/api.ts';
import { settle } from './fake-client.ts';

const cell = (a: string, b: string): string => `|${a}~0|+|${b}~0|none~1|+|none~0|none~1|none~2|`;
const EVALUATED: ExperimentArchitecture[] = [
  // The same cell found by runs 2 and 1 (equal accuracy: run 1's evaluation is kept), and by run 3 at a lower (noisy) accuracy.
  { runId: 2, query: 4, hash: 'good', arch: cell('nor_conv_3x3', 'nor_conv_3x3'), valid: 0.91, test: 0.9 },
  { runId: 1, query: 9, hash: 'good', arch: cell('nor_conv_3x3', 'nor_conv_3x3'), valid: 0.91, test: 0.9 },
  { runId: 3, query: 1, hash: 'good', arch: cell('nor_conv_3x3', 'nor_conv_3x3'), valid: 0.85, test: 0.84 },
  { runId: 1, query: 1, hash: 'poor', arch: cell('avg_pool_3x3', 'none'), valid: 0.4, test: 0.41 },
  { runId: 3, query: 2, hash: 'mid', arch: cell('skip_connect', 'nor_conv_1x1'), valid: 0.7, test: 0.69 },
];

describe('distinct architectures of an experiment', () => {
  test('one per hash, at its best evaluation (ties: earlier run, then query), best first', () => {
    expect(distinctArchitectures(EVALUATED).map((a) => [a.hash, a.runId, a.query, a.valid])).toEqual([
      ['good', 1, 9, 0.91],
      ['mid', 3, 2, 0.7],
      ['poor', 1, 1, 0.4],
    ]);
  });
});

/** The page's address (the tests are typechecked without the DOM's types). */
const location = (): { hash: string } => (globalThis as unknown as { location: { hash: string } }).location;
const requests: { id: number; options: unknown }[] = [];
const fakeApi = {
  async getExperimentArchitectures(id: number, options: unknown) {
    requests.push({ id, options });
    return distinctArchitectures(EVALUATED);
  },
};
vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));

/** ParallelChart without a canvas: its axes and line names, and a click on it picks row 0 (the best line first). */
const ParallelStub = defineComponent({
  props: ['axes', 'rows'],
  emits: ['pick'],
  setup(props, { emit }) {
    return () => h('button', { 'data-testid': 'parallel-stub', 'data-axes': JSON.stringify(props.axes.map((a: { name: string }) => a.name)), 'data-labels': JSON.stringify(props.rows.map((r: { label: string }) => r.label)), onClick: () => emit('pick', 0) });
  },
});

describe('experiment insight', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    requests.length = 0;
    location().hash = '#/experiments/5';
  });

  test('closed: reads nothing; opened: one line per distinct cell naming its run; a picked line opens it on its run page', async () => {
    const { default: ExperimentInsight } = await import('../../src-renderer/src/components/ExperimentInsight.vue');
    const wrapper = mount(ExperimentInsight, {
      props: { experimentId: 5, benchmark: 'nb201-cifar10', space: 'nb201', evaluations: 5, open: false, 'onUpdate:open': (v: boolean) => wrapper.setProps({ open: v }) },
      global: { stubs: { ParallelChart: ParallelStub } },
    });
    await settle();
    expect(requests).toEqual([]);
    await wrapper.setProps({ open: true });
    await settle();
    expect(requests).toEqual([{ id: 5, options: { benchmark: 'nb201-cifar10' } }]);
    const chart = wrapper.get('[data-testid="parallel-stub"]');
    expect(JSON.parse(chart.attributes('data-axes')!)).toEqual(['0→1', '0→2', '1→2', '0→3', '1→3', '2→3']);
    expect(JSON.parse(chart.attributes('data-labels')!)).toEqual(['run #1 · query 9', 'run #3 · query 2', 'run #1 · query 1']);
    expect(wrapper.get('[data-testid="insight-drawn"]').text()).toContain('3 architectures');
    // The best 10 are all 3 here: conv 3×3 fills 2 of their 18 slots, 11.11 %.
    const conv3 = wrapper.findAll('[data-testid="insight-shares"] tbody tr').find((tr) => tr.text().startsWith('conv 3×3'))!;
    expect(conv3.text()).toContain('11.11%');
    await chart.trigger('click');
    expect(location().hash).toBe('#/runs/1?insight=good');
    // More evaluated since: offered, not forced.
    await wrapper.setProps({ evaluations: 9 });
    expect(wrapper.get('[data-testid="insight-reload"]').text()).toContain('4 more evaluated');
    expect(requests.length).toBe(1);
  });
});
