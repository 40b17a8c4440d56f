import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import CellGraph from '../../src-renderer/src/components/CellGraph.vue';
import ConfigField from '../../src-renderer/src/components/ConfigField.vue';

describe('ConfigField', () => {
  test('emits numbers for numeric text, the text itself otherwise, and shows its issues', async () => {
    const wrapper = mount(ConfigField, {
      props: { label: 'Budget', path: ['budget'], spec: { type: 'integer', min: 1, doc: 'queries per run' }, value: 150, issues: [] },
    });
    const input = wrapper.find('input');
    expect(input.element.value).toBe('150');
    await input.trigger('focus');
    await input.setValue('12');
    await input.setValue('12x');
    expect(wrapper.emitted('update')).toEqual([
      [['budget'], 12],
      [['budget'], '12x'],
    ]);
    await wrapper.setProps({ issues: [{ path: 'budget', message: 'budget must be an integer, got "12x"' }] });
    expect(wrapper.text()).toContain('budget must be an integer, got "12x"');
    expect(input.attributes('aria-invalid')).toBe('true');
  });

  test('an enum is a select whose empty choice means the default', async () => {
    const wrapper = mount(ConfigField, {
      props: { label: 'Preset', path: ['agent', 'preset'], spec: { type: 'enum', values: ['a', 'b'], default: 'a', doc: 'preset' }, value: undefined, issues: [] },
    });
    expect(wrapper.findAll('option').map((o) => o.text())).toEqual(['default (a)', 'a', 'b']);
    await wrapper.find('select').setValue('b');
    expect(wrapper.emitted('update')).toEqual([[['agent', 'preset'], 'b']]);
  });
});

describe('CellGraph', () => {
  test('draws an NB201 cell: 4 nodes, 6 edges with their operations', () => {
    const wrapper = mount(CellGraph, { props: { arch: '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|avg_pool_3x3~2|', space: 'nb201' } });
    expect(wrapper.findAll('rect.node')).toHaveLength(4);
    expect(wrapper.findAll('rect.label-plate')).toHaveLength(6);
    expect(wrapper.findAll('path[fill="none"]')).toHaveLength(6);
    const labels = wrapper.findAll('text.edge-label').map((t) => t.text());
    expect(labels.sort()).toEqual(['avg_pool_3x3', 'none', 'nor_conv_1x1', 'nor_conv_3x3', 'nor_conv_3x3', 'skip_connect']);
    expect(wrapper.find('svg').attributes('aria-label')).toContain('0 → 1: nor_conv_3x3');
  });

  test('says so when it cannot draw', () => {
    const wrapper = mount(CellGraph, { props: { arch: { layers: 2 }, space: 'mystery' } });
    expect(wrapper.text()).toMatch(/No cell drawing for the mystery space/);
    const bad = mount(CellGraph, { props: { arch: '|x~0|', space: 'nb201' } });
    expect(bad.text()).toMatch(/Cannot draw this architecture/);
  });
});
