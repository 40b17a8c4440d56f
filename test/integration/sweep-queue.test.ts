/**
 * A sweep through the real services, scheduler and run processes: its evaluation runs wait for
 * their agent's training run and start only once it succeeded (and are then labelled as the
 * agent's training makes them: in-sample on its own table); a training run that fails (here:
 * cancelled while it trains) fails the runs waiting for it, saying why; bad sweeps are refused
 * naming the field, and nothing is queued.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { nb201Services, waitFor } from '../helpers/services.ts';

const skip = skipWithout(NB201_CSV);

/** Tiny agents: a few learner steps each, so training takes seconds. */
function sweepYaml(name: string, alphas: number[], extra = ''): string {
  return [
    'kind: train-agent',
    `name: ${name}`,
    'benchmark: nb201-cifar10',
    'seeds: [0]',
    'agent:',
    `  name: ${name}`,
    '  preset: cpu-small',
    '  hyper: { latentDim: 16, layers: 1, heads: 2, ffnDim: 32, maxNeighbours: 8, episodeLength: 6, batchSize: 16, replayWarmup: 64, actors: 2 }',
    '  budget: { learnerSteps: 20, minutes: 2 }',
    'sweep:',
    `  grid: { rewardAlpha: [${alphas.join(', ')}] }`,
    '  evaluate: { budget: 8, seeds: 2, baselines: [random-search] }',
    extra,
  ].join('\n');
}

test('evaluation runs wait for their training run, then run by themselves; the sweep is one experiment', { skip, timeout: 180_000 }, async () => {
  const services = await nb201Services({ concurrency: 3, autoStart: true });
  try {
    const created = await services.api.createExperiment(sweepYaml('dep', [1, 50]));
    assert.ok(created.ok, JSON.stringify(!created.ok && created.issues));
    const id = created.experiment.id;
    assert.equal((await services.api.listExperiments()).length, 1);
    await waitFor('the sweep to finish', () => ['finished', 'failed'].includes(services.store.listRuns({ experimentId: id }).every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status)) ? 'finished' : 'no'), 150_000);
    const runs = services.store.listRuns({ experimentId: id });
    assert.deepEqual(runs.map((r) => r.status), runs.map(() => 'succeeded'));
    for (const run of runs.filter((r) => r.depends_on !== null)) {
      const trainer = services.store.getRun(run.depends_on!)!;
      assert.equal(trainer.searcher_kind, 'train-agent');
      assert.ok(run.started_at! >= trainer.finished_at!, `run ${run.id} started ${run.started_at}, before its training run finished ${trainer.finished_at}`);
      assert.equal(run.agent_sample, 'in-sample');
    }
    assert.equal(runs.filter((r) => r.depends_on !== null).length, 4);
    const results = await services.api.getSweepResults(id);
    assert.ok(results);
    assert.deepEqual(results.tables[0]!.rows.map((r) => [r.label, r.cells.at(-1)!.summary.n, r.training.trained]), [['rewardAlpha=1', 2, 1], ['rewardAlpha=50', 2, 1]]);
    assert.equal(results.tables[0]!.baselines[0]!.cells.at(-1)!.summary.n, 2);

    // Every report format carries the sweep.
    const html = (await services.api.exportReport({ targets: [`exp:${id}`], format: 'html' })).content;
    assert.match(html, /<section id="sweeps"[^>]*><h2>Hyperparameter sweep<\/h2>/);
    assert.match(html, /in-sample: the agents were trained on this table/);
    assert.match(html, /rewardAlpha at 8 queries \(log axis\)/);
    assert.equal((html.match(/<svg role="img" class="chart"/g) ?? []).length >= 2, true, 'a sensitivity chart and parallel coordinates');
    const json = JSON.parse((await services.api.exportReport({ targets: [`exp:${id}`], format: 'json' })).content) as { sweeps: { results: { tables: { rows: unknown[] }[] } }[] };
    assert.equal(json.sweeps[0]!.results.tables[0]!.rows.length, 2);
    const csv = (await services.api.exportReport({ targets: [`exp:${id}`], format: 'csv' })).content.split('\n');
    assert.match(csv[0]!, /,sweep_configuration,sweep_values,sweep_training_seed$/);
    assert.ok(csv.some((line) => line.endsWith(',1,rewardAlpha=50,0')), 'agent rows name their configuration');
    assert.ok(csv.some((line) => line.startsWith(`${id},dep,`) && line.includes(',random-search,') && line.endsWith(',,,')), 'baseline rows leave it empty');
  } finally {
    await services.cleanup();
  }
});

test('a training run that fails fails its evaluations with a clear message; the baselines still run', { skip, timeout: 180_000 }, async () => {
  const services = await nb201Services({ concurrency: 2, autoStart: true });
  try {
    // A long training budget: the run is cancelled while it trains.
    const created = await services.api.createExperiment(sweepYaml('fails', [6]).replace('learnerSteps: 20, minutes: 2', 'minutes: 2'));
    assert.ok(created.ok, JSON.stringify(!created.ok && created.issues));
    const id = created.experiment.id;
    const training = services.store.listRuns({ experimentId: id }).find((r) => r.searcher_kind === 'train-agent')!;
    await waitFor('training to start', () => services.store.getRun(training.id)?.status === 'running', 60_000);
    await services.api.cancelRun(training.id);
    await waitFor('the evaluations to fail', () => services.store.listRuns({ experimentId: id }).filter((r) => r.depends_on !== null).every((r) => r.status === 'failed'), 60_000);
    for (const run of services.store.listRuns({ experimentId: id }).filter((r) => r.depends_on !== null)) {
      assert.match(run.error ?? '', new RegExp(`^this run waits for run ${training.id} \\(train fails-c0\\), which was cancelled`));
    }
    await waitFor('the baselines to finish', () => services.store.listRuns({ experimentId: id }).filter((r) => r.searcher_kind === 'random-search').every((r) => r.status === 'succeeded'), 60_000);
  } finally {
    await services.cleanup();
  }
});

test('bad sweeps are refused naming the field, and nothing is queued', { skip }, async () => {
  const services = await nb201Services();
  try {
    const refusals: [string, string, RegExp][] = [
      [sweepYaml('a', [1, 2000]), 'sweep.grid.rewardAlpha[1]', /at most 1000, got 2000/],
      [sweepYaml('b', []), 'sweep.grid.rewardAlpha', /non-empty list/],
      [sweepYaml('c', [1]).replace('evaluate: {', 'evaluate: { benchmarks: [nb201-cifar1O],'), 'sweep.evaluate.benchmarks[0]', /not registered/],
      // 61 agents × 2 minutes is above the default 120-minute limit without sweep.confirm.
      [sweepYaml('d', Array.from({ length: 61 }, (_, i) => i + 1)), 'sweep.confirm', /trains 61 agents for 122 minutes in all, above the limit of 120 minutes/],
    ];
    for (const [text, path, message] of refusals) {
      const result = await services.api.createExperiment(text);
      assert.equal(result.ok, false, path);
      if (result.ok) continue;
      assert.ok(result.issues.some((i) => i.path === path && message.test(i.message)), `${path}: ${JSON.stringify(result.issues)}`);
    }
    // Over the limit only by the estimate: confirmed, it queues.
    const confirmed = await services.api.createExperiment(sweepYaml('e', Array.from({ length: 61 }, (_, i) => i + 1), '  confirm: true'));
    assert.ok(confirmed.ok, JSON.stringify(!confirmed.ok && confirmed.issues));
    assert.equal((await services.api.listExperiments()).length, 1, 'only the confirmed sweep was queued');
  } finally {
    await services.cleanup();
  }
});
