import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { ForkOptions } from 'electron';
import { createUtilityLauncher, RUN_SERVICE_NAME } from '../../src-main/electron/utility-launcher.ts';
import type { UtilityProcessLike, UtilityProcessModuleLike } from '../../src-main/electron/utility-launcher.ts';

class FakeChild extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined = 4242;
  stdout = new EventEmitter();
  stderr = new EventEmitter();
  posted: unknown[] = [];
  killCalls = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killCalls += 1;
    return true;
  }
}

function setup(options: { killPid?: (pid: number, signal: 'SIGKILL') => void } = {}) {
  const forks: { modulePath: string; args: string[] | undefined; options: ForkOptions | undefined }[] = [];
  const child = new FakeChild();
  const utilityProcess: UtilityProcessModuleLike = {
    fork(modulePath, args, forkOptions) {
      forks.push({ modulePath, args, options: forkOptions });
      return child;
    },
  };
  const signals: [number, string][] = [];
  const launcher = createUtilityLauncher(utilityProcess, '/app/out/main/worker.js', {
    killPid: options.killPid ?? ((pid, signal) => { signals.push([pid, signal]); }),
  });
  const messages: unknown[] = [];
  const lines: string[] = [];
  const exits: [number | null, string | null][] = [];
  const handle = launcher({
    onMessage: (raw) => messages.push(raw),
    onOutput: (line) => lines.push(line),
    onExit: (code, signal) => exits.push([code, signal]),
  });
  return { forks, child, handle, messages, lines, exits, signals };
}

describe('createUtilityLauncher', () => {
  it('forks the run entry as a named utility process with piped output', () => {
    const { forks, handle } = setup();
    assert.deepEqual(forks, [{ modulePath: '/app/out/main/worker.js', args: [], options: { stdio: 'pipe', serviceName: RUN_SERVICE_NAME } }]);
    assert.equal(RUN_SERVICE_NAME, 'archwalk run');
    assert.equal(handle.pid, 4242);
  });

  it('maps messages both ways', () => {
    const { child, handle, messages } = setup();
    child.emit('message', { type: 'ready', version: 1, pid: 4242 });
    child.emit('message', 'garbage is passed on for the services to reject');
    assert.deepEqual(messages, [{ type: 'ready', version: 1, pid: 4242 }, 'garbage is passed on for the services to reject']);
    handle.send({ type: 'pause' });
    assert.deepEqual(child.posted, [{ type: 'pause' }]);
  });

  it('splits stdout and stderr into lines and flushes the rest at exit', () => {
    const { child, lines, exits } = setup();
    child.stdout.emit('data', Buffer.from('loading bench'));
    child.stdout.emit('data', 'mark\nepoch 1\r\nepo');
    child.stderr.emit('data', 'warning: slow\n');
    assert.deepEqual(lines, ['loading benchmark', 'epoch 1', 'warning: slow']);
    child.emit('exit', 1);
    assert.deepEqual(lines, ['loading benchmark', 'epoch 1', 'warning: slow', 'epo']);
    assert.deepEqual(exits, [[1, null]]);
  });

  it('reports exit exactly once and goes quiet afterwards', () => {
    const { child, handle, messages, lines, exits } = setup();
    child.emit('exit', 0);
    child.emit('exit', 0);
    child.emit('message', { type: 'heartbeat', t: 1 });
    child.stdout.emit('data', 'late\n');
    handle.send({ type: 'resume' });
    assert.deepEqual(exits, [[0, null]]);
    assert.deepEqual(messages, []);
    assert.deepEqual(lines, []);
    assert.deepEqual(child.posted, []);
  });

  it('kill sends SIGKILL to the pid and the exit says so', () => {
    const { child, handle, signals, exits } = setup();
    handle.kill();
    assert.deepEqual(signals, [[4242, 'SIGKILL']]);
    assert.equal(child.killCalls, 0);
    child.emit('exit', 9);
    assert.deepEqual(exits, [[9, 'SIGKILL']]);
    handle.kill();
    assert.equal(signals.length, 1);
  });

  it('kill falls back to utilityProcess.kill when the pid cannot be signalled', () => {
    const { child, handle } = setup({ killPid: () => { throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' }); } });
    handle.kill();
    assert.equal(child.killCalls, 1);
  });

  it('kill before the process spawned ends it once it does', () => {
    const { child, handle, signals } = setup();
    child.pid = undefined;
    handle.kill();
    assert.equal(child.killCalls, 1);
    child.pid = 5000;
    child.emit('spawn');
    assert.deepEqual(signals, [[5000, 'SIGKILL']]);
  });

  it('turns fatal errors and stream errors into output lines instead of crashing', () => {
    const { child, lines, exits } = setup();
    child.emit('error', 'FatalError', 'v8::ToLocalChecked', 'report');
    child.stderr.emit('error', new Error('EPIPE'));
    child.emit('exit', 134);
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /FatalError at v8::ToLocalChecked/);
    assert.match(lines[1] ?? '', /EPIPE/);
    assert.deepEqual(exits, [[134, null]]);
  });

  it('works without piped streams', () => {
    const forks: string[] = [];
    class BareChild extends EventEmitter implements UtilityProcessLike {
      pid = 1;
      stdout = null;
      stderr = null;
      postMessage(): void {}
      kill(): boolean {
        return true;
      }
    }
    const bare = new BareChild();
    const launcher = createUtilityLauncher({ fork: (path) => { forks.push(path); return bare; } }, '/w.js');
    const exits: unknown[] = [];
    launcher({ onMessage() {}, onOutput() {}, onExit: (code) => exits.push(code) });
    bare.emit('exit', 0);
    assert.deepEqual(exits, [0]);
  });
});
