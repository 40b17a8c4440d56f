import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import { h, nextTick } from 'vue';
import VirtualTable from '../../src-renderer/src/components/VirtualTable.vue';
import { windowFor } from '../../src-renderer/src/lib/virtual.ts';

describe('windowFor', () => {
  test('the rows in view plus overscan, and the space of the rest', () => {
    expect(windowFor({ scrollTop: 0, viewportHeight: 360, rowHeight: 36, count: 1000, overscan: 5 })).toEqual({ start: 0, end: 16, padTop: 0, padBottom: 984 * 36 });
    const mid = windowFor({ scrollTop: 36 * 500 + 10, viewportHeight: 360, rowHeight: 36, count: 1000, overscan: 5 });
    expect(mid.start).toBe(495);
    expect(mid.end).toBe(516);
    expect(mid.padTop + (mid.end - mid.start) * 36 + mid.padBottom).toBe(36 * 1000);
  });

  test('scrolling past the end is clamped; small and empty lists', () => {
    const end = windowFor({ scrollTop: 1e9, viewportHeight: 360, rowHeight: 36, count: 1000, overscan: 5 });
    expect(end.end).toBe(1000);
    expect(end.padBottom).toBe(0);
    expect(windowFor({ scrollTop: 0, viewportHeight: 360, rowHeight: 36, count: 3 })).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(windowFor({ scrollTop: 50, viewportHeight: 360, rowHeight: 36, count: 0 })).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});

describe('VirtualTable', () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: i, name: `run ${i}` }));

  function mountTable() {
    return mount(VirtualTable, {
      props: { rows, rowKey: (r: unknown) => (r as { id: number }).id, label: 'Runs', columns: 1, rowHeight: 36, maxHeight: 360 },
      slots: {
        head: () => h('th', 'Name'),
        row: (p: { row: { name: string } }) => h('td', p.row.name),
      },
    });
  }

  test('renders a window of 10,000 rows, with blank rows standing in for the rest', () => {
    const wrapper = mountTable();
    const rendered = wrapper.findAll('tr.vt-row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]!.text()).toBe('run 0');
    expect(wrapper.find('table').attributes('aria-rowcount')).toBe('10001');
    const pad = wrapper.find('tr.vt-pad');
    expect(parseInt(pad.attributes('style') ?? '', 10) || Number(/height: (\d+)px/.exec(pad.attributes('style') ?? '')?.[1])).toBeGreaterThan(300_000);
  });

  test('scrolling moves the window', async () => {
    const wrapper = mountTable();
    const scroller = wrapper.find('.vt').element as unknown as { scrollTop: number };
    scroller.scrollTop = 36 * 5000;
    await wrapper.find('.vt').trigger('scroll');
    await new Promise((r) => setTimeout(r, 50));
    await nextTick();
    const texts = wrapper.findAll('tr.vt-row').map((r) => r.text());
    expect(texts).toContain('run 5000');
    expect(texts).not.toContain('run 0');
    expect(wrapper.findAll('tr.vt-row').length).toBeLessThan(40);
  });
});
