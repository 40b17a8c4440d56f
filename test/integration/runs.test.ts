import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSearch } from '../../src-main/nas/search/run-search.ts';
import type { RunConfig } from '#shared/config.ts';
import { NB201_CSV, REPO_ROOT, skipWithout, tempDir } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';
import { experimentYaml, nb201Services, statusOf, waitFor } from '../helpers/services.ts';

const skip = skipWithout(NB201_CSV);

async function createExperiment(services: Awaited<ReturnType<typeof nb201Services>>, yaml: string): Promise<number[]> {
  const created = await services.api.createExperiment(yaml);
  assert.ok(created.ok, JSON.stringify(created));
  return (await services.api.getExperiment(created.experiment.id)).runs.map((r) => r.id);
}

async function inProcessCurve(config: RunConfig): Promise<[number, number, number][]> {
  assert.equal(config.kind, 'search');
  if (config.kind !== 'search') return [];
  const curve: [number, number, number][] = [];
  await runSearch({ config, benchmark: realNb201(), onQuery: (r) => curve.push([r.query, r.incumbent.valid, r.incumbent.test]) });
  return curve;
}

test('runs execute in their own processes and store the same trajectory as an in-process search', { skip }, async () => {
  const services = await nb201Services({ concurrency: 2 });
  try {
    const runIds = await createExperiment(services, experimentYaml({ budget: 60, seeds: [3, 4], searchers: ['local-search', 'regularized-evolution'] }));
    const points: number[] = [];
    services.api.subscribe((e) => {
      if (e.type === 'run-point') points.push(e.runId);
    });
    services.scheduler.start();
    await services.scheduler.whenIdle();
    assert.equal(points.length, 4 * 60, 'one live point per query');
    for (const id of runIds) {
      const detail = await services.api.getRun(id);
      assert.equal(detail.run.status, 'succeeded');
      assert.equal(detail.run.queries, 60);
      assert.equal(detail.provenance.appVersion.length > 0, true);
      assert.match(detail.provenance.configHash, /^[0-9a-f]{64}$/);
      assert.equal(detail.provenance.mlBackend, 'none');
      assert.deepEqual(detail.curve, await inProcessCurve(detail.config));
      assert.equal(detail.run.bestTest, detail.curve.at(-1)![2]);
      const statuses = services.store.events(id, { type: 'status' }).map((e) => (e.data as { to: string }).to);
      assert.deepEqual(statuses, ['running', 'succeeded']);
      const evaluated = await services.api.getRunArchitectures(id);
      assert.deepEqual(evaluated.map((a) => a.query), Array.from({ length: 60 }, (_, i) => i + 1));
      const top = await services.api.getRunArchitectures(id, { top: 3 });
      assert.equal(top.length, 3);
      assert.ok(top[0]!.valid >= top[1]!.valid && top[1]!.valid >= top[2]!.valid);
      assert.equal(top[0]!.valid, detail.run.bestValid);
      assert.deepEqual((await services.api.getRunArchitectures(id, { fromQuery: 59, limit: 5 })).map((a) => a.query), [59, 60]);
      const light = await services.api.getRun(id, { curve: false, metrics: false });
      assert.deepEqual(light.curve, []);
      assert.equal(light.best?.hash, detail.best?.hash);
      assert.equal(light.best?.query, detail.best?.query, "the light refresh knows where the best was found");
    }
  } finally {
    await services.cleanup();
  }
});

test('SIGKILL of a run process marks the run failed with its last output, keeps its events, and the queue moves on', { skip }, async () => {
  const services = await nb201Services({ concurrency: 1 });
  try {
    const [victim, next] = await createExperiment(services, experimentYaml({ budget: 400, seeds: [0, 1], searchers: ['random-walk'], queryDelayMs: 15 }));
    services.scheduler.start();
    await waitFor('20 stored queries', () => (services.store.getRun(victim!)?.queries ?? 0) >= 20);
    const before = services.store.events(victim!, { type: 'architecture' }).length;
    process.kill(services.scheduler.workerPid(victim!)!, 'SIGKILL');
    await waitFor('the victim to fail', () => statusOf(services, victim!) === 'failed');
    const row = services.store.getRun(victim!)!;
    assert.match(row.error!, /the run process was killed by SIGKILL before finishing/);
    assert.match(row.error!, /--- last output ---\n.*random-walk on nb201-cifar10, seed 0/s);
    const after = services.store.events(victim!, { type: 'architecture' });
    assert.ok(after.length >= before, 'no event written before the kill is lost');
    assert.deepEqual(after.map((e) => (e.data as { query: number }).query), Array.from({ length: after.length }, (_, i) => i + 1));
    await waitFor('the next run to start', () => statusOf(services, next!) === 'running');
    await services.api.cancelRun(next!);
    await waitFor('the next run to be cancelled', () => statusOf(services, next!) === 'cancelled');
  } finally {
    await services.cleanup();
  }
});

test('pause holds a run between queries, resume continues it, cancel ends it', { skip }, async () => {
  const services = await nb201Services({ concurrency: 1 });
  try {
    const [run, queued] = await createExperiment(services, experimentYaml({ budget: 150, seeds: [0, 1], searchers: ['random-search'], queryDelayMs: 10 }));
    services.scheduler.start();
    await waitFor('some queries', () => (services.store.getRun(run!)?.queries ?? 0) >= 5);
    await services.api.pauseRun(run!);
    await waitFor('paused', () => statusOf(services, run!) === 'paused');
    const held = services.store.getRun(run!)!.queries;
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(services.store.getRun(run!)!.queries <= held + 1, 'no progress while paused');
    await services.api.cancelRun(queued!);
    assert.equal(statusOf(services, queued!), 'cancelled');
    await services.api.resumeRun(run!);
    await waitFor('running again', () => statusOf(services, run!) === 'running');
    await services.scheduler.whenIdle();
    const detail = await services.api.getRun(run!);
    assert.equal(detail.run.status, 'succeeded');
    assert.deepEqual(detail.curve, await inProcessCurve(detail.config), 'pausing does not change the trajectory');
    await assert.rejects(services.api.pauseRun(run!), /cannot be paused/);
  } finally {
    await services.cleanup();
  }
});

test('a run process that stops answering is ended and its run failed', { skip }, async () => {
  const services = await nb201Services({ concurrency: 1, heartbeatTimeoutMs: 1500 });
  try {
    const [run] = await createExperiment(services, experimentYaml({ budget: 500, seeds: [0], searchers: ['random-search'], queryDelayMs: 10 }));
    services.scheduler.start();
    await waitFor('some queries', () => (services.store.getRun(run!)?.queries ?? 0) >= 3);
    process.kill(services.scheduler.workerPid(run!)!, 'SIGSTOP');
    await waitFor('failed', () => statusOf(services, run!) === 'failed', 10000);
    assert.match(services.store.getRun(run!)!.error!, /stopped answering for \d+ s and was ended/);
  } finally {
    await services.cleanup();
  }
});

test('runs of a CLI killed mid-run are interrupted at the next start, and resume to the uninterrupted result', { skip }, async () => {
  const home = tempDir();
  const setup = await nb201Services({}, home);
  const [run] = await createExperiment(setup, experimentYaml({ budget: 200, seeds: [7], searchers: ['regularized-evolution'], queryDelayMs: 10 }));
  await setup.close();

  const cli = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'archwalk.mjs'), 'worker'], { env: { ...process.env, ARCHWALK_HOME: home.path }, stdio: 'ignore' });
  const observer = await nb201Services({}, home);
  try {
    await waitFor('the CLI to record queries', () => (observer.store.getRun(run!)?.queries ?? 0) >= 30);
    cli.kill('SIGKILL');
    await new Promise((r) => cli.once('exit', r));
    await observer.close();

    const restarted = await nb201Services({ staleAfterMs: 300 }, home);
    try {
      await new Promise((r) => setTimeout(r, 400));
      const interrupted = restarted.scheduler.start();
      assert.deepEqual(interrupted, [run]);
      assert.equal(statusOf(restarted, run!), 'interrupted');
      const recorded = restarted.store.getRun(run!)!.queries;
      await restarted.api.resumeRun(run!);
      await restarted.scheduler.whenIdle();
      const detail = await restarted.api.getRun(run!);
      assert.equal(detail.run.status, 'succeeded');
      assert.equal(detail.curve.length, 200, 'each query recorded once');
      assert.deepEqual(detail.curve, await inProcessCurve(detail.config), 'the resumed run equals an uninterrupted one');
      const log = detail.logTail.join('\n');
      assert.match(log, new RegExp(`resuming after query ${recorded}`));
    } finally {
      await restarted.close();
    }
  } finally {
    if (cli.exitCode === null) cli.kill('SIGKILL');
    home.cleanup();
  }
});
