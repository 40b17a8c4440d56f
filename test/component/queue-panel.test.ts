/**
 * The queue panel's concurrency field: it follows the server's limit, but a limit that arrives
 * (first load, or a push from another window) after the user has started typing never
 * overwrites what the user typed.
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { QueueState } from '#shared/api.ts';
import { settle } from './fake-client.ts';

let concurrency = 2;
let releaseQueue: (() => void) | null = null;
const applied: number[] = [];

const fakeApi = {
  async getQueue(): Promise<QueueState> {
    if (releaseQueue === null) await new Promise<void>((resolve) => (releaseQueue = resolve));
    return { concurrency, runs: [] };
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
