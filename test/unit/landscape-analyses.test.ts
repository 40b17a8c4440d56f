// The services' side of a landscape analysis when its process misbehaves: silent (ended by the
// watchdog), failing (its message reaches the caller), or gone without a result (its last output
// is quoted). Nothing is stored in any of these cases. Fake launchers stand in for the process.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WORKER_PROTOCOL_VERSION, type ToWorker } from '#shared/worker-protocol.ts';
import { registerEmbeddedBenchmarks } from '../../src-main/services/embedded.ts';
import { prepareHome } from '../../src-main/services/home.ts';
import { LandscapeAnalyses } from '../../src-main/services/landscape-analyses.ts';
import { Store } from '../../src-main/services/store.ts';
import type { WorkerCallbacks, WorkerLauncher } from '../../src-main/services/worker-launcher.ts';
import { tempDir } from '../helpers/data.ts';

const dir = tempDir();
let store: Store;

before(() => {
  const home = prepareHome(dir.path);
  store = new Store(home.database);
  registerEmbeddedBenchmarks(store, home);
});
after(() => {
  store.close();
  dir.cleanup();
});

/** A launcher whose process says `ready` and then does what `behave` says with the parent's first message. */
function fakeLauncher(behave: (callbacks: WorkerCallbacks, message: ToWorker) => void, options: { ready?: boolean } = {}): WorkerLauncher {
  return (callbacks) => {
    let exited = false;
    const exit = (code: number | null, signal: string | null): void => {
      if (exited) return;
      exited = true;
      callbacks.onExit(code, signal);
    };
    if (options.ready !== false) setTimeout(() => callbacks.onMessage({ type: 'ready', version: WORKER_PROTOCOL_VERSION, pid: 1 }), 5);
    return {
      pid: 1,
      send: (message) => setTimeout(() => behave({ ...callbacks, onExit: exit }, message), 5),
      kill: () => exit(null, 'SIGKILL'),
    };
  };
}

const params = { samples: 100, pairs: 100, walks: 1, walkSteps: 10 };

test('a silent analysis process is ended by the watchdog and the request fails saying so', async () => {
  const analyses = new LandscapeAnalyses({ store, launcher: fakeLauncher(() => undefined, { ready: false }), onProgress: () => undefined, silenceLimitMs: 200 });
  await assert.rejects(analyses.get('nb201-cifar10', params), /the analysis of "nb201-cifar10" failed: its process did not answer for 200 ms and was ended/);
  assert.equal(store.countAnalyses('landscape'), 0);
});

test('the process\'s failure reaches the caller; the request it was sent is the analysis with resolved parameters', async () => {
  const sent: ToWorker[] = [];
  const analyses = new LandscapeAnalyses({
    store,
    launcher: fakeLauncher((cb, message) => {
      sent.push(message);
      cb.onMessage({ type: 'failed', error: 'the table is damaged' });
      cb.onExit(1, null);
    }),
    onProgress: () => undefined,
  });
  await assert.rejects(analyses.get('nb201-cifar10', params), /the analysis of "nb201-cifar10" failed: the table is damaged/);
  assert.equal(sent.length, 1);
  const message = sent[0]!;
  assert.equal(message.type, 'analyse');
  if (message.type === 'analyse') {
    assert.equal(message.benchmark.name, 'nb201-cifar10');
    assert.deepEqual({ ...message.params }, { alphas: [1, 5, 10, 25, 50], samples: 100, pairs: 100, walks: 1, walkSteps: 10, maxLag: 10, bins: 40, seed: 0 });
  }
  assert.equal(store.countAnalyses('landscape'), 0);
});

test('a process that ends without a result: its last output is quoted; a later request starts afresh', async () => {
  let launches = 0;
  const analyses = new LandscapeAnalyses({
    store,
    launcher: (callbacks) => {
      launches += 1;
      return fakeLauncher((cb) => {
        cb.onOutput('RangeError: out of memory');
        cb.onExit(134, null);
      })(callbacks);
    },
    onProgress: () => undefined,
  });
  await assert.rejects(analyses.get('nb201-cifar10', params), /ended \(exit code 134\) without a result; its last output:\nRangeError: out of memory/);
  await assert.rejects(analyses.get('nb201-cifar10', params), /exit code 134/);
  assert.equal(launches, 2, 'a failure is not cached');
});

test('an unknown benchmark is refused before any process starts', async () => {
  const analyses = new LandscapeAnalyses({ store, launcher: () => assert.fail('no process for a refused request'), onProgress: () => undefined });
  await assert.rejects(analyses.get('nope'), /there is no benchmark named "nope"/);
});
