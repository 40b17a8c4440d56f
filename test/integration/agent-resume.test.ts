import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { nb201Services, statusOf, waitFor } from '../helpers/services.ts';

const skip = skipWithout(NB201_CSV);

const TRAIN = `kind: train-agent
name: resume
benchmark: nb201-cifar10
seeds: [1]
agent:
  name: phoenix
  preset: cpu-small
  hyper: { replayRatio: 1, batchSize: 32, replayWarmup: 500 }
  budget: { envSteps: 5000, minutes: 3 }
  checkpointEverySeconds: 5
`;

test('a training run killed with SIGKILL resumes from its last checkpoint with its counters going on', { skip }, async () => {
  const services = await nb201Services({ concurrency: 1 });
  try {
    const created = await services.api.createExperiment(TRAIN);
    assert.ok(created.ok, JSON.stringify(created));
    const [run] = (await services.api.getExperiment(created.experiment.id)).runs.map((r) => r.id);
    services.scheduler.start();
    const checkpoint = await waitFor('a checkpoint', () => services.store.events(run!, { type: 'checkpoint' })[0], 60000);
    const checkpointStep = (checkpoint.data as { step: number }).step;
    process.kill(services.scheduler.workerPid(run!)!, 'SIGKILL');
    await waitFor('the run to fail', () => statusOf(services, run!) === 'failed');
    const lastSeqBefore = services.store.events(run!).at(-1)!.seq;

    await services.api.resumeRun(run!);
    await services.scheduler.whenIdle();
    assert.equal(statusOf(services, run!), 'succeeded');
    const after = services.store.events(run!, { afterSeq: lastSeqBefore });
    const log = after.filter((e) => e.type === 'log').map((e) => (e.data as { message: string }).message).join('\n');
    assert.match(log, /resuming from its checkpoint/);
    const steps = after.filter((e) => e.type === 'metric').map((e) => (e.data as { step: number }).step);
    assert.ok(steps.length > 0);
    assert.ok(Math.min(...steps) >= checkpointStep, `counters continue from the checkpoint (${checkpointStep}), first step after resume ${Math.min(...steps)}`);
    assert.ok(Math.max(...steps) >= 5000, 'the step budget counts the steps before the kill');
    const agent = (await services.api.listAgents()).find((a) => a.name === 'phoenix');
    assert.ok(agent && agent.envSteps >= 5000 && agent.envSteps < 5000 + checkpointStep, `registered once, with the total steps (${agent?.envSteps})`);
  } finally {
    await services.cleanup();
  }
});
