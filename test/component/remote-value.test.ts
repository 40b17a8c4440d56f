import { describe, expect, test } from 'vitest';
import { remoteValue } from '../../src-renderer/src/lib/remote-value.ts';

describe('remoteValue (the list stores’ load/refresh/coalesce)', () => {
  test('pushes refetch only once a view asked; a failure keeps the value and says why', async () => {
    let calls = 0;
    let fail = false;
    const remote = remoteValue(async () => {
      calls += 1;
      if (fail) throw new Error('services gone');
      return [calls];
    }, [] as number[], 0);
    remote.onChange();
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toBe(0);
    expect(remote.loaded.value).toBe(false);
    await remote.load();
    expect(remote.value.value).toEqual([1]);
    expect(remote.loaded.value).toBe(true);
    fail = true;
    remote.onChange();
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toBe(2);
    expect(remote.value.value).toEqual([1]);
    expect(remote.error.value).toContain('services gone');
    fail = false;
    await remote.refresh();
    expect(remote.error.value).toBeNull();
    expect(remote.value.value).toEqual([3]);
  });
});
