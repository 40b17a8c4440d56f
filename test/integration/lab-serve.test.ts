/**
 * `archwalk serve` on a lab's PostgreSQL store: a browser's Api (the real WebSocket protocol)
 * queues an experiment into the shared store, a worker process with a home of its own runs it,
 * and the served view shows it live (LISTEN/NOTIFY rings, pushes read after the last sequence
 * number) with the machine of each attempt; what does not work on a lab store yet says so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PushEvent, RunDetail } from '#shared/api.ts';
import { WS_PATH } from '#shared/ws-protocol.ts';
import { archwalk } from '../helpers/cli.ts';
import { labClusterPerFile, labClusterSkip } from '../helpers/lab-cluster.ts';
import { startArchwalk, until } from '../helpers/processes.ts';
import { startServe } from '../helpers/serve.ts';

const skip = labClusterSkip;
const lab = labClusterPerFile();

/** The browser's side of the wire: requests by id, pushes collected. */
async function apiClient(pageUrl: string): Promise<{ call<T>(method: string, ...params: unknown[]): Promise<T>; pushes: PushEvent[]; close(): void }> {
  const url = new URL(pageUrl);
  const socket = new WebSocket(`ws://${url.host}${WS_PATH}${url.search}`, { headers: { Origin: url.origin } } as unknown as string[]);
  const pushes: PushEvent[] = [];
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as { id?: number; result?: unknown; error?: { message: string }; push?: PushEvent };
    if (data.push) pushes.push(data.push);
    else if (data.id !== undefined) {
      const pending = waiting.get(data.id);
      waiting.delete(data.id);
      if (data.error) pending?.reject(new Error(data.error.message));
      else pending?.resolve(data.result);
    }
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error('the WebSocket did not open')), { once: true });
  });
  let next = 1;
  return {
    call<T>(method: string, ...params: unknown[]) {
      const id = next++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise<T>((resolve, reject) => waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    },
    pushes,
    close: () => socket.close(),
  };
}

test('serve on a lab store: an experiment queued from the browser runs on a worker elsewhere and the view shows it live, with the machine of each attempt', { skip, timeout: 180_000 }, async () => {
  const url = await lab.cluster().createDatabase('served');
  const viewer = lab.machine();
  assert.equal(archwalk(viewer, ['store', 'init', url]).code, 0);
  const serve = await startServe(viewer, [], undefined, { ARCHWALK_STORE: url });
  const client = await apiClient(serve.url);
  const workerHome = lab.machine();
  let worker: ReturnType<typeof startArchwalk> | undefined;
  try {
    const yaml = ['name: served', 'benchmark: nb201-cifar10', 'budget: 60', 'seeds: 2', 'queryDelayMs: 20', 'searchers:', '  - kind: random-search'].join('\n');
    const created = await client.call<{ ok: boolean; experiment: { id: number } }>('createExperiment', yaml);
    assert.ok(created.ok, JSON.stringify(created));
    const queue = await client.call<{ runs: { id: number; status: string }[] }>('getQueue');
    assert.deepEqual(queue.runs.map((r) => r.status), ['queued', 'queued'], 'queued in the shared store; serve runs nothing itself');

    worker = startArchwalk(workerHome, ['--store', url, 'worker']);
    const ids = queue.runs.map((r) => r.id);
    const finished = (id: number): boolean => client.pushes.some((p) => p.type === 'run-updated' && p.run.id === id && p.run.status === 'succeeded');
    await until('both runs to be pushed as succeeded', () => ids.every(finished), 120_000, () => `${worker!.stderr()}\n${JSON.stringify(client.pushes.slice(-5))}`);
    assert.equal((await worker.exited).code, 0, worker.stderr());

    for (const id of ids) {
      const points = client.pushes.filter((p): p is Extract<PushEvent, { type: 'run-point' }> => p.type === 'run-point' && p.runId === id).map((p) => p.point[0]);
      const detail = await client.call<RunDetail>('getRun', id);
      assert.equal(detail.curve.length > 0, true);
      assert.equal(detail.run.queries, 60);
      assert.deepEqual([...new Set(points)].sort((a, b) => a - b), detail.curve.map((p) => p[0]).filter((q) => points.includes(q)), 'pushed points are points of the stored curve');
      assert.ok(points.length >= 30, `run ${id}: ${points.length} of 60 points arrived live`);
      assert.equal(detail.attempts.length, 1);
      assert.match(detail.attempts[0]!.owner, /^[^:]+:\d+:[0-9a-f]{6}$/, 'the attempt names the worker (host:pid:tag)');
      assert.equal(detail.attempts[0]!.host, detail.attempts[0]!.owner.split(':')[0]);
    }
    const experiment = await client.call<{ experiment: { status: string }; runs: unknown[] }>('getExperiment', created.experiment.id);
    assert.equal(experiment.experiment.status, 'finished');
    await assert.rejects(client.call('cancelRun', ids[0]), /cancelRun does not work on a lab's shared store \(postgres:\/\/archwalk:\*\*\*@/);
  } finally {
    client.close();
    worker?.kill('SIGTERM');
    await serve.stop();
  }
});
