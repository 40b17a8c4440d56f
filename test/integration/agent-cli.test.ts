import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';

const skip = skipWithout(NB201_CSV);

test('train an agent through the CLI, then compare it with the baselines by name', { skip }, () => {
  const home = tempDir();
  try {
    // nb201-cifar10 ships with archwalk: every new home has it.
    const train = join(home.path, 'train.yaml');
    writeFileSync(train, 'kind: train-agent\nname: train\nbenchmark: nb201-cifar10\nseeds: [3]\nagent:\n  name: walker\n  preset: cpu-small\n  budget: {envSteps: 1200, minutes: 2}\n');
    const trained = archwalk(home.path, ['run', train, '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    const report = JSON.parse(trained.stdout) as { runs: { status: string; training: { agent: string; backend: string; final: Record<string, number> } }[] };
    assert.equal(report.runs[0]!.status, 'succeeded');
    assert.equal(report.runs[0]!.training.agent, 'walker');
    assert.match(report.runs[0]!.training.backend, /^(wasm|cpu|tensorflow)/);
    assert.ok(report.runs[0]!.training.final.env_steps! >= 1200);

    const again = archwalk(home.path, ['run', train]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /an agent named "walker" already exists/);

    const compare = join(home.path, 'compare.yaml');
    writeFileSync(compare, 'name: compare\nbenchmark: nb201-cifar10\nbudget: 30\nseeds: 2\nsearchers:\n  - {kind: agent, checkpoint: walker}\n  - random-walk\n');
    const compared = archwalk(home.path, ['run', compare, '--json']);
    assert.equal(compared.code, 0, compared.stderr);
    const runs = (JSON.parse(compared.stdout) as { runs: { searcher: string; queries: number; status: string }[] }).runs;
    assert.deepEqual(runs.map((r) => [r.searcher, r.status, r.queries]), [['agent', 'succeeded', 30], ['agent', 'succeeded', 30], ['random-walk', 'succeeded', 30], ['random-walk', 'succeeded', 30]]);

    writeFileSync(compare, 'name: compare\nbenchmark: nb201-cifar10\nbudget: 30\nsearchers:\n  - {kind: agent, checkpoint: runner}\n');
    const unknown = archwalk(home.path, ['run', compare]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /searchers\[0\]\.checkpoint names "runner", which is not a trained agent; trained agents: walker/);
  } finally {
    home.cleanup();
  }
});
