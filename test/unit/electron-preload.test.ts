import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushEvent } from '#shared/api.ts';
import { BRIDGE_KEY, createArchwalkBridge, exposeArchwalkBridge } from '../../src-main/electron/bridge.ts';
import type { ArchwalkBridge, IpcRendererLike } from '../../src-main/electron/bridge.ts';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from '../../src-main/electron/channels.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer implements IpcRendererLike {
  invocations: unknown[][] = [];
  listeners = new Map<string, Listener[]>();
  reply: (method: unknown, params: unknown) => Promise<unknown> = async () => ({ ok: true, result: null });
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push([channel, ...args]);
    return this.reply(args[0], args[1]);
  }
  on(channel: string, listener: Listener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(channel: string, ...args: unknown[]): void {
    const senderEvent = { sender: this, senderId: 0 };
    for (const listener of this.listeners.get(channel) ?? []) listener(senderEvent, ...args);
  }
}

function exposed(ipc: FakeIpcRenderer): Record<string, unknown> {
  const world: Record<string, unknown> = {};
  exposeArchwalkBridge({ exposeInMainWorld: (key, api) => { world[key] = api; } }, ipc);
  return world;
}

describe('preload bridge', () => {
  it('exposes exactly window.archwalk with invoke, onPush and pickPath', () => {
    const world = exposed(new FakeIpcRenderer());
    assert.deepEqual(Object.keys(world), [BRIDGE_KEY]);
    assert.equal(BRIDGE_KEY, 'archwalk');
    const bridge = world[BRIDGE_KEY] as Record<string, unknown>;
    assert.deepEqual(Object.keys(bridge).sort(), ['invoke', 'onPush', 'pickPath']);
    for (const value of Object.values(bridge)) assert.equal(typeof value, 'function');
  });

  it('pickPath goes through archwalk:pick-path and resolves with the path or null', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = exposed(ipc)[BRIDGE_KEY] as { pickPath(o: unknown): Promise<string | null> };
    ipc.reply = async () => ({ ok: true, result: '/data/cifar10_avg.csv' });
    assert.equal(await bridge.pickPath({ title: 'Benchmark file' }), '/data/cifar10_avg.csv');
    assert.deepEqual(ipc.invocations.at(-1), ['archwalk:pick-path', { title: 'Benchmark file' }]);
    ipc.reply = async () => ({ ok: true, result: null });
    assert.equal(await bridge.pickPath({}), null);
    ipc.reply = async () => ({ ok: false, error: { message: 'This page is not allowed to open the file dialog.', code: 'untrusted-sender' } });
    await assert.rejects(bridge.pickPath({}), /not allowed to open the file dialog/);
  });

  it('invoke goes through archwalk:invoke and resolves with the result', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.reply = async (method, params) => ({ ok: true, result: { method, params } });
    const bridge = createArchwalkBridge(ipc);
    assert.deepEqual(await bridge.invoke('getRun', [3]), { method: 'getRun', params: [3] });
    assert.deepEqual(ipc.invocations, [[INVOKE_CHANNEL, 'getRun', [3]]]);
  });

  it("invoke rejects with an Error carrying the main side's message", async () => {
    const ipc = new FakeIpcRenderer();
    ipc.reply = async () => ({ ok: false, error: { message: 'Run 3 does not exist.', code: 'not-found' } });
    await assert.rejects(createArchwalkBridge(ipc).invoke('getRun', [3]), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal(error.message, 'Run 3 does not exist.');
      assert.equal((error as { code?: unknown }).code, 'not-found');
      return true;
    });
  });

  it('invoke rejects on transport failures and malformed replies', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.reply = async () => { throw new Error("No handler registered for 'archwalk:invoke'"); };
    await assert.rejects(createArchwalkBridge(ipc).invoke('system', []), /Could not reach the archwalk services: No handler/);
    ipc.reply = async () => 'nonsense';
    await assert.rejects(createArchwalkBridge(ipc).invoke('system', []), /malformed reply/);
  });

  it('invoke refuses bad arguments before they reach IPC', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createArchwalkBridge(ipc);
    await assert.rejects(bridge.invoke(42 as unknown as string, []), /method name/);
    await assert.rejects(bridge.invoke('getRun', 3 as unknown as unknown[]), /must be an array/);
    assert.deepEqual(ipc.invocations, []);
  });

  it('onPush delivers only the payload, and unsubscribe stops it', () => {
    const ipc = new FakeIpcRenderer();
    const bridge: ArchwalkBridge = createArchwalkBridge(ipc);
    const received: unknown[][] = [];
    const unsubscribe = bridge.onPush((...args) => received.push(args));
    const event: PushEvent = { type: 'benchmarks-updated' };
    ipc.emit(PUSH_CHANNEL, event);
    ipc.emit('some-other-channel', { type: 'run-updated' });
    assert.deepEqual(received, [[event]]);
    unsubscribe();
    unsubscribe();
    ipc.emit(PUSH_CHANNEL, event);
    assert.equal(received.length, 1);
    assert.deepEqual(ipc.listeners.get(PUSH_CHANNEL), []);
  });

  it('keeps separate subscriptions separate', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createArchwalkBridge(ipc);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = bridge.onPush((e) => a.push(e));
    bridge.onPush((e) => b.push(e));
    stopA();
    ipc.emit(PUSH_CHANNEL, { type: 'benchmarks-updated' });
    assert.equal(a.length, 0);
    assert.equal(b.length, 1);
    assert.throws(() => bridge.onPush(undefined as unknown as () => void), /listener function/);
  });
});
