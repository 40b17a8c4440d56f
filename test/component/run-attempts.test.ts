import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import { ownerHost } from '#shared/api.ts';
import RunAttempts from '../../src-renderer/src/components/RunAttempts.vue';

describe('where a run ran', () => {
  test('the host is read from a scheduler owner id HOST:PID:NONCE; another shape is its own host', () => {
    expect(ownerHost('gpu-box-2:4242:a1b2c3')).toBe('gpu-box-2');
    expect(ownerHost('fe80::1:4242:a1b2c3')).toBe('fe80::1');
    expect(ownerHost('unknown')).toBe('unknown');
  });

  test('one attempt is one line with the machine and process; a run taken over lists every attempt, numbered', async () => {
    const one = mount(RunAttempts, { props: { attempts: [{ attempt: 1, owner: 'lab-1:77:ff00aa', host: 'lab-1', startedAt: '2026-12-04T03:00:00Z', endedAt: null, outcome: null }] } });
    expect(one.findAll('[data-testid="run-attempt"]')).toHaveLength(1);
    expect(one.text()).toContain('lab-1');
    expect(one.text()).toContain('pid 77');
    expect(one.text()).toContain('→ now');
    expect(one.text()).not.toContain('#1');
    const two = mount(RunAttempts, {
      props: {
        attempts: [
          { attempt: 1, owner: 'lab-1:77:ff00aa', host: 'lab-1', startedAt: '2026-12-04T03:00:00Z', endedAt: '2026-12-04T03:01:00Z', outcome: 'queued' },
          { attempt: 2, owner: 'lab-2:91:00bb11', host: 'lab-2', startedAt: '2026-12-04T03:01:05Z', endedAt: '2026-12-04T03:02:00Z', outcome: 'succeeded' },
        ],
      },
    });
    const items = two.findAll('[data-testid="run-attempt"]').map((li) => li.text());
    expect(items[0]).toMatch(/^#1 lab-1 \(pid 77\).*· queued$/);
    expect(items[1]).toMatch(/^#2 lab-2 \(pid 91\).*· succeeded$/);
    const none = mount(RunAttempts, { props: { attempts: [] } });
    expect(none.text()).toContain('not started');
  });
});
