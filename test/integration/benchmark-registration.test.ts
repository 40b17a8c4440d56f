/**
 * Issue 14, item 4, through real `archwalk` processes: parallel imports of one name, an
 * import killed half-way, and `benchmark remove` (CLI and Api).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { createForkLauncher } from '../../src-main/services/fork-launcher.ts';
import { createServices } from '../../src-main/services/index.ts';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, REPO_ROOT, skipWithout, tempDir } from '../helpers/data.ts';
import { experimentYaml } from '../helpers/services.ts';

const skip = skipWithout(NB201_CSV);
const ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

interface Exit {
  code: number | null;
  stderr: string;
}

function startImport(home: string, name: string): { done: Promise<Exit>; kill(): void } {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'archwalk.mjs'), 'benchmark', 'import', 'nb201', NB201_CSV, '--name', name], {
    env: { ...process.env, ARCHWALK_HOME: home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
  return { done, kill: () => child.kill('SIGKILL') };
}

/** Files of benchmark `name` in the home (data, staging, temporary). */
function filesOf(home: string, name: string): string[] {
  return readdirSync(join(home, 'benchmarks')).filter((f) => f.startsWith(`${name}.`));
}

test('two parallel imports of one name: one registers, the other is refused cleanly and touches nothing of it (3 tries)', { skip }, async () => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const home = tempDir();
    try {
      archwalk(home.path, ['benchmark', 'list']); // the home and its shipped benchmarks first, so both imports race on the name alone
      const exits = await Promise.all([startImport(home.path, 'same').done, startImport(home.path, 'same').done]);
      const won = exits.filter((e) => e.code === 0);
      const lost = exits.filter((e) => e.code !== 0);
      assert.equal(won.length, 1, `exactly one import wins: ${JSON.stringify(exits)}`);
      assert.equal(lost[0]!.code, 2, 'a user error');
      assert.match(lost[0]!.stderr, /^archwalk: a benchmark named "same" (is being imported \(process \d+ on .*\); wait for it to finish|already exists; choose another name)/);
      assert.doesNotMatch(lost[0]!.stderr, /UNIQUE|\n\s+at /, 'no raw constraint error or stack trace');
      assert.deepEqual(filesOf(home.path, 'same'), ['same.nb201.json'], "the winner's data file is there, nothing else");
      const query = archwalk(home.path, ['benchmark', 'query', 'same', ARCH, '--json']);
      assert.equal(query.code, 0, query.stderr);
      assert.ok(Math.abs(JSON.parse(query.stdout).valid - 0.9076933332) < 1e-9);
    } finally {
      home.cleanup();
    }
  }
});

test('an import killed half-way leaves nothing once archwalk starts again, and the name is free', { skip }, async () => {
  const home = tempDir();
  try {
    archwalk(home.path, ['benchmark', 'list']);
    const database = join(home.path, 'archwalk.db');
    const importing = startImport(home.path, 'killed');
    // Kill it once it holds the name (it has reserved and is reading or writing).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const db = new DatabaseSync(database, { readOnly: true });
      const held = db.prepare("SELECT 1 FROM benchmark_reservations WHERE name = 'killed'").get();
      db.close();
      if (held) break;
      assert.ok(Date.now() < deadline, 'the import reserved its name');
      await new Promise((r) => setTimeout(r, 10));
    }
    importing.kill();
    await importing.done;
    const listed = archwalk(home.path, ['benchmark', 'list', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stderr, /released the names of imports whose process is gone \(killed\)/);
    assert.ok(!JSON.parse(listed.stdout).some((b: { name: string }) => b.name === 'killed'));
    assert.deepEqual(filesOf(home.path, 'killed'), [], 'no staging or temporary file is left');
    const again = archwalk(home.path, ['benchmark', 'import', 'nb201', NB201_CSV, '--name', 'killed']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(filesOf(home.path, 'killed'), ['killed.nb201.json']);
  } finally {
    home.cleanup();
  }
});

test('benchmark remove: refused while queued runs use it, naming them; then the row and data go and finished runs stay', { skip }, async () => {
  const home = tempDir();
  try {
    const services = await createServices({ home: home.path, launcher: createForkLauncher(), mode: 'cli', autoStart: false, embeddedBenchmarks: false });
    try {
      await services.api.importBenchmark({ kind: 'nb201', path: NB201_CSV, name: 'gone' });
      const created = await services.api.createExperiment(experimentYaml({ budget: 5, seeds: 1, searchers: ['random-search', 'random-walk'] }).replace('benchmark: nb201-cifar10', 'benchmark: gone'));
      assert.ok(created.ok, JSON.stringify(created));
      const runs = (await services.api.getExperiment(created.experiment.id)).runs.map((r) => r.id);
      await assert.rejects(services.api.removeBenchmark('gone'), new RegExp(`benchmark "gone" is in use by 2 unfinished runs: run ${runs[0]} \\(queued, experiment ${created.experiment.id}\\), run ${runs[1]} \\(queued`));
      const refused = archwalk(home.path, ['benchmark', 'remove', 'gone']);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /^archwalk: benchmark "gone" is in use by 2 unfinished runs: run \d+ \(queued, experiment \d+\), .*cancel them or let them finish, then remove it/);
      assert.ok(services.store.getBenchmark('gone') && existsSync(join(home.path, 'benchmarks', 'gone.nb201.json')));
      for (const id of runs) await services.api.cancelRun(id);
    } finally {
      await services.close();
    }
    const removed = archwalk(home.path, ['benchmark', 'remove', 'gone']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout.trim(), 'removed gone');
    assert.deepEqual(filesOf(home.path, 'gone'), []);
    const listed = JSON.parse(archwalk(home.path, ['benchmark', 'list', '--json']).stdout) as { name: string }[];
    assert.ok(!listed.some((b) => b.name === 'gone'));
    const runsList = archwalk(home.path, ['runs', 'list']);
    assert.equal(runsList.code, 0, runsList.stderr);
    assert.match(runsList.stdout, /cancelled/, 'the cancelled runs are still listed');
    const missing = archwalk(home.path, ['benchmark', 'remove', 'gone']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /there is no benchmark named "gone"/);
  } finally {
    home.cleanup();
  }
});
