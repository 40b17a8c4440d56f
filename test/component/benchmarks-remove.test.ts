/**
 * The Benchmarks page: Remove asks first, in the row, and shows the services' refusal (runs
 * still use the benchmark); the import form sends an accuracy scale with nb201 and the
 * unpinned-model choice with nb301-yahpo only.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { BenchmarkInfo } from '#shared/api.ts';
import { settle } from './fake-client.ts';

const row = (name: string): BenchmarkInfo => ({ id: name.length, name, kind: 'nb201', space: 'nb201', size: 15625, sourcePath: '', sourceSha256: 'ab'.repeat(32), bestValid: 0.9, bestTest: 0.9, createdAt: '' });
let registered: string[] = [];
const removed: string[] = [];
const imports: unknown[] = [];

const fakeApi = {
  async listBenchmarks(): Promise<BenchmarkInfo[]> {
    return registered.map(row);
  },
  async removeBenchmark(name: string): Promise<void> {
    if (name === 'busy') throw new Error('benchmark "busy" is in use by 1 unfinished run: run 7 (running, experiment 2); cancel them or let them finish, then remove it');
    removed.push(name);
    registered = registered.filter((n) => n !== name);
  },
  async importBenchmark(request: { name: string }): Promise<BenchmarkInfo> {
    imports.push(request);
    return row(request.name);
  },
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));

const BenchmarksView = (await import('../../src-renderer/src/views/BenchmarksView.vue')).default;

beforeEach(() => {
  setActivePinia(createPinia());
  registered = ['busy', 'old'];
  removed.length = 0;
  imports.length = 0;
});

const names = (wrapper: ReturnType<typeof mount>): string[] => wrapper.findAll('[data-testid="benchmark-row"] strong').map((n) => n.text());

describe('BenchmarksView: removing a benchmark', () => {
  test('Remove asks first; Keep leaves it; confirming removes the row', async () => {
    const wrapper = mount(BenchmarksView);
    await settle();
    expect(names(wrapper)).toEqual(['busy', 'old']);
    await wrapper.findAll('[data-testid="benchmark-remove"]')[1]!.trigger('click');
    expect(wrapper.text()).toContain('Delete its data? Finished runs keep their results.');
    await wrapper.find('[data-testid="benchmark-remove-cancel"]').trigger('click');
    expect(wrapper.find('[data-testid="benchmark-remove-confirm"]').exists()).toBe(false);
    expect(removed).toEqual([]);
    await wrapper.findAll('[data-testid="benchmark-remove"]')[1]!.trigger('click');
    await wrapper.find('[data-testid="benchmark-remove-confirm"]').trigger('click');
    await settle();
    expect(removed).toEqual(['old']);
    expect(names(wrapper)).toEqual(['busy']);
  });

  test('a refusal is shown with the runs that use the benchmark, and the row stays', async () => {
    const wrapper = mount(BenchmarksView);
    await settle();
    await wrapper.findAll('[data-testid="benchmark-remove"]')[0]!.trigger('click');
    await wrapper.find('[data-testid="benchmark-remove-confirm"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="benchmark-remove-error"]').text()).toContain('busy was not removed. benchmark "busy" is in use by 1 unfinished run: run 7 (running, experiment 2)');
    expect(names(wrapper)).toEqual(['busy', 'old']);
  });

  test('the accuracy scale goes with nb201 imports, the unpinned-model choice with nb301-yahpo only', async () => {
    const wrapper = mount(BenchmarksView);
    await settle();
    await wrapper.find('[data-testid="import-kind"]').setValue('nb201');
    await wrapper.find('[data-testid="import-path"]').setValue('/data/fractions.csv');
    await wrapper.find('[data-testid="import-name"]').setValue('fractions');
    await wrapper.find('[data-testid="import-scale"]').setValue('fraction');
    await wrapper.find('[data-testid="import-benchmark-form"]').trigger('submit');
    await settle();
    expect(wrapper.find('[data-testid="import-unpinned"]').exists()).toBe(false);
    await wrapper.find('[data-testid="import-kind"]').setValue('nb301-yahpo');
    expect(wrapper.find('[data-testid="import-scale"]').exists()).toBe(false);
    await wrapper.find('[data-testid="import-path"]').setValue('/data/yahpo/new_model.onnx');
    await wrapper.find('[data-testid="import-name"]').setValue('yahpo');
    await wrapper.find('[data-testid="import-unpinned"]').setValue(true);
    await wrapper.find('[data-testid="import-benchmark-form"]').trigger('submit');
    await settle();
    expect(imports).toEqual([
      { kind: 'nb201', path: '/data/fractions.csv', name: 'fractions', scale: 'fraction' },
      { kind: 'nb301-yahpo', path: '/data/yahpo/new_model.onnx', name: 'yahpo', unpinnedModel: true },
    ]);
  });
});
