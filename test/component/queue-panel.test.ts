/**
 * The queue panel's concurrency field: it follows the server's limit, but a limit that arrives
 * (first load, or a push from another window) after the user has started typing never
 * overwrites what the user typed. The "#" column is a waiting run's place in line.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { QueueState, RunSummary } from '#shared/api.ts';
import { settle } from './fake-client.ts';

let concurrency = 2;
let releaseQueue: (() => void) | null = null;
const applied: number[] = [];
let runs: RunSummary[] = [];

const fakeApi = {
  async getQueue(): Promise<QueueState> {
    if (releaseQueue === null) await new Promise<void>((resolve) => (releaseQueue = resolve));
    return { concurrency, runs };
  },
  async setConcurrency(n: number): Promise<void> {
    applied.push(n);
    concurrency = n;
  },
  subscribe: () => () => undefined,
};

vi.mock('../../src-renderer/src/api/client.ts', async () => (await import('./fake-client.ts')).fakeClientModule(fakeApi));

const QueuePanel = (await import('../../src-renderer/src/components/QueuePanel.vue')).default;

beforeEach(() => {
  setActivePinia(createPinia());
  concurrency = 2;
  releaseQueue = null;
  applied.length = 0;
  runs = [];
});

const input = (wrapper: ReturnType<typeof mount>) => wrapper.find('[data-testid="concurrency-input"]');
const fieldValue = (wrapper: ReturnType<typeof mount>): string => (input(wrapper).element as unknown as { value: string }).value;
const applyDisabled = (wrapper: ReturnType<typeof mount>): boolean => wrapper.find('[data-testid="concurrency-apply"]').attributes('disabled') !== undefined;

describe('QueuePanel: the concurrency limit', () => {
  test('the field shows the server limit once it loads; Apply is off until it differs', async () => {
    const wrapper = mount(QueuePanel);
    await settle();
    releaseQueue!();
    await settle();
    expect(fieldValue(wrapper)).toBe('2');
    expect(applyDisabled(wrapper)).toBe(true);
    await input(wrapper).setValue('3');
    expect(applyDisabled(wrapper)).toBe(false);
  });

  test('a limit that loads after the user typed keeps what the user typed, and Apply sends it', async () => {
    const wrapper = mount(QueuePanel);
    await settle();
    await input(wrapper).setValue('1');
    releaseQueue!();
    await settle();
    expect(fieldValue(wrapper)).toBe('1');
    expect(applyDisabled(wrapper)).toBe(false);
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(applied).toEqual([1]);
  });
});

function run(id: number, status: RunSummary['status'], queuePosition: number | null, budget = 100): RunSummary {
  return { id, experimentId: 1, experimentName: 'e', searcher: 'random-search', searcherKind: 'random-search', seed: 0, benchmark: 'nb201', status, queuePosition, queries: 1686, budget, bestValid: null, bestTest: null, createdAt: '', startedAt: null, finishedAt: null, error: null };
}

describe('QueuePanel: the rows', () => {
  test('"#" is the place in line (1 for the next to start), not the stored queue position', async () => {
    runs = [run(9, 'queued', 230), run(7, 'running', null), run(8, 'queued', 227), run(10, 'queued', 231)];
    releaseQueue = () => undefined;
    const wrapper = mount(QueuePanel);
    await settle();
    const rows = wrapper.findAll('[data-testid="queue-row"]').map((r) => [r.attributes('data-run-id'), r.find('[data-testid="queue-rank"]').text()]);
    expect(rows).toEqual([
      ['7', ''],
      ['8', '1'],
      ['9', '2'],
      ['10', '3'],
    ]);
  });

  test('a run without a query budget (an agent\'s training run) shows its query count alone', async () => {
    runs = [run(3, 'running', null, 0), run(4, 'queued', 5, 2000)];
    releaseQueue = () => undefined;
    const wrapper = mount(QueuePanel);
    await settle();
    const queries = wrapper.findAll('[data-testid="queue-row"]').map((r) => r.findAll('td')[6]!.text());
    expect(queries).toEqual(['1,686', '1,686 / 2,000']);
  });
});
