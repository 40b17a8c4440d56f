/**
 * The run view's architecture insight: nothing is loaded until the section opens; then the
 * evaluated architectures come in pages with their cells, the parallel coordinates get an axis
 * per cell slot and a line per architecture, the operation shares follow the chosen top k, and a
 * picked line (or a clicked scatter point) opens that architecture's cell.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { EvaluatedArchitecture } from '#shared/api.ts';
import { settle } from './fake-client.ts';

const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
/** 7,000 NB201 cells with made-up but deterministic accuracies: more than one page of 5,000. */
const ARCHS: EvaluatedArchitecture[] = Array.from({ length: 7000 }, (_, i) => {
  const e = Array.from({ length: 6 }, (_, k) => OPS[Math.floor(i / 5 ** k) % 5]!);
  const arch = `|${e[0]}~0|+|${e[1]}~0|${e[2]}~1|+|${e[3]}~0|${e[4]}~1|${e[5]}~2|`;
  const convs = e.filter((op) => op === 'nor_conv_3x3').length;
  return { query: i + 1, hash: `h${i + 1}`, arch, valid: 0.5 + convs * 0.07 + (i % 7) * 0.001, test: 0.5 };
});
const requests: { fromQuery?: number; limit?: number }[] = [];
const fakeApi = {
  async getRunArchitectures(_id: number, options: { fromQuery?: number; limit?: number } = {}) {
    requests.push(options);
    const from = options.fromQuery ?? 1;
    return ARCHS.filter((a) => a.query >= from).slice(0, options.limit ?? ARCHS.length);
  },
};
vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));

/** ParallelChart without a canvas: it shows its axes and rows, and a click on it picks row 0. */
const ParallelStub = defineComponent({
  props: ['axes', 'rows', 'colorFloor'],
  emits: ['pick'],
  setup(props, { emit }) {
    return () => h('button', { 'data-testid': 'parallel-stub', 'data-axes': JSON.stringify(props.axes.map((a: { name: string }) => a.name)), 'data-rows': props.rows.length, onClick: () => emit('pick', 0) });
  },
});

describe('architecture insight', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    requests.length = 0;
  });

  test('closed: loads nothing; opened: every page, axes per edge, lines capped, shares by top k, a picked line drawn', async () => {
    const { default: ArchitectureInsight } = await import('../../src-renderer/src/components/ArchitectureInsight.vue');
    const wrapper = mount(ArchitectureInsight, {
      props: { runId: 3, space: 'nb201', validationOnly: false, queries: 7000, chosen: '', open: false, 'onUpdate:chosen': (v: string) => wrapper.setProps({ chosen: v }), 'onUpdate:open': (v: boolean) => wrapper.setProps({ open: v }) },
      global: { stubs: { ParallelChart: ParallelStub, CellGraph: { props: ['arch'], template: '<pre data-testid="cell-stub">{{ arch }}</pre>' } } },
    });
    await settle();
    expect(requests).toEqual([]);
    await wrapper.setProps({ open: true });
    await settle();
    expect(requests).toEqual([{ fromQuery: 1, limit: 5000 }, { fromQuery: 5001, limit: 5000 }]);
    const chart = wrapper.get('[data-testid="parallel-stub"]');
    expect(JSON.parse(chart.attributes('data-axes')!)).toEqual(['0→1', '0→2', '1→2', '0→3', '1→3', '2→3']);
    expect(chart.attributes('data-rows')).toBe('600');
    expect(wrapper.text()).toContain('600 of 7,000 architectures drawn');
    /** conv 3×3's shares (best k, all) as the table shows them, in percent. */
    const conv3 = (): number[] => {
      const row = wrapper.findAll('[data-testid="insight-shares"] tbody tr').find((tr) => tr.text().startsWith('conv 3×3'))!;
      return row.findAll('td').slice(0, 2).map((td) => Number(td.text().replace('%', '')));
    };
    // Recomputed here: conv 3×3's share of the edges of the best k by validation accuracy (ties to the earlier query).
    const expected = (k: number): number => {
      const best = [...ARCHS].sort((a, b) => b.valid - a.valid || a.query - b.query).slice(0, k);
      return (100 * best.reduce((n, a) => n + (String(a.arch).match(/nor_conv_3x3/g) ?? []).length, 0)) / (6 * k);
    };
    const [top10, all] = conv3();
    expect(top10).toBeCloseTo(expected(10), 1);
    expect(all).toBeCloseTo(expected(7000), 1);
    expect(top10).toBeGreaterThan(all!);
    await wrapper.get('[data-testid="insight-topk"]').setValue('100');
    await settle();
    expect(conv3()[0]).toBeCloseTo(expected(100), 1);
    await chart.trigger('click');
    await settle();
    expect(wrapper.props('chosen')).toMatch(/^h\d+$/);
    expect(wrapper.get('[data-testid="insight-chosen"]').text()).toContain('Query');
    expect(wrapper.get('[data-testid="cell-stub"]').text()).toContain('nor_conv_3x3~0');
  });

  test('a hash chosen from the address that the run never evaluated says so', async () => {
    const { default: ArchitectureInsight } = await import('../../src-renderer/src/components/ArchitectureInsight.vue');
    const wrapper = mount(ArchitectureInsight, {
      props: { runId: 3, space: 'nb201', validationOnly: false, queries: 7000, chosen: 'nope', open: true },
      global: { stubs: { ParallelChart: ParallelStub } },
    });
    await settle();
    expect(wrapper.text()).toContain("is not among this run's evaluated architectures");
  });
});
