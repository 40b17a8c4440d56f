/**
 * `archwalk store init` and `archwalk store copy` against a real PostgreSQL (a temporary
 * cluster from Debian's package), and the one clear error of each bad store: unreachable,
 * wrong credentials, no such database, never initialised, from a newer archwalk. No message
 * may show the password.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';
import { postgresSkip, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { homeWithExperiment, openStore } from '../helpers/processes.ts';
import { connectPostgres, type PostgresUrl } from '../../src-main/services/postgres/connect.ts';
import { benchmarkContentSha256 } from '../../src-main/services/benchmark-cells.ts';
import { PostgresStore } from '../../src-main/services/postgres/store.ts';
import { PG_SCHEMA_VERSION } from '../../src-main/services/postgres/migrations.ts';
import { parseStoreUrl } from '../../src-main/services/store-url.ts';
import { UserError } from '../../src-main/services/user-error.ts';
import { Store } from '../../src-main/services/store.ts';
import { validateExperimentConfig } from '#shared/config.ts';

let cluster: PostgresCluster | undefined;
before(async () => {
  if (!postgresSkip) cluster = await startPostgres();
});
after(() => cluster?.stop());

const pgUrl = (text: string) => parseStoreUrl(text) as PostgresUrl;

function assertNoPassword(output: string): void {
  assert.ok(!output.includes(cluster!.password), `the password appears in:\n${output}`);
}

test('store init creates the schema under its lock, twice in parallel, and says so; a second init finds it current', { skip: postgresSkip }, async () => {
  const url = await cluster!.createDatabase('init_twice');
  const home = tempDir();
  try {
    // Two machines initialising at once: the advisory lock lets one apply the migration.
    const [a, b] = await Promise.all([0, 1].map(async () => archwalk(home.path, ['store', 'init', url])));
    assert.equal(a!.code, 0, a!.stderr);
    assert.equal(b!.code, 0, b!.stderr);
    assert.match(`${a!.stdout}${b!.stdout}`, new RegExp(`schema version (0 → )?${PG_SCHEMA_VERSION}`));
    assertNoPassword(a!.stdout + a!.stderr + b!.stdout + b!.stderr);
    assert.match(a!.stdout, /postgres:\/\/archwalk:\*\*\*@127\.0\.0\.1/);
    const again = archwalk(home.path, ['store', 'init', url]);
    assert.match(again.stdout, new RegExp(`schema version ${PG_SCHEMA_VERSION}, already current`));
    const store = await PostgresStore.open(pgUrl(url));
    assert.equal(await store.schemaVersion(), PG_SCHEMA_VERSION);
    await store.close();
  } finally {
    home.cleanup();
  }
});

test('bad stores get one clear error each, without the password', { skip: postgresSkip }, async () => {
  const home = tempDir();
  try {
    const wrongPassword = archwalk(home.path, ['store', 'init', cluster!.url('postgres', { password: 'not-the-password' })]);
    assert.equal(wrongPassword.code, 2);
    assert.match(wrongPassword.stderr, /refused the credentials of user archwalk/);
    assert.doesNotMatch(wrongPassword.stderr, /not-the-password/);
    const unreachable = archwalk(home.path, ['store', 'init', `postgres://archwalk:${cluster!.password}@127.0.0.1:1/db`]);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /cannot reach the PostgreSQL store postgres:\/\/archwalk:\*\*\*@127\.0\.0\.1:1\/db: nothing answers at 127\.0\.0\.1:1/);
    const noDatabase = archwalk(home.path, ['store', 'init', cluster!.url('nosuchdb')]);
    assert.match(noDatabase.stderr, /has no database nosuchdb: create it/);
    const badScheme = archwalk(home.path, ['store', 'init', `mysql://u:${cluster!.password}@h/db`]);
    assert.match(badScheme.stderr, /scheme mysql/);
    for (const r of [wrongPassword, unreachable, noDatabase, badScheme]) {
      assertNoPassword(r.stdout + r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  } finally {
    home.cleanup();
  }
});

test('opening a store archwalk never initialised, or one from a newer archwalk, is refused saying what to do', { skip: postgresSkip }, async () => {
  const url = pgUrl(await cluster!.createDatabase('not_initialised'));
  await assert.rejects(PostgresStore.open(url), (e: Error) => e instanceof UserError && /has no archwalk tables: run archwalk store init postgres:\/\/archwalk:\*\*\*@/.test(e.message));
  const home = tempDir();
  try {
    assert.equal(archwalk(home.path, ['store', 'init', url.connectionString]).code, 0);
    const client = await connectPostgres(url);
    await client.query(`INSERT INTO archwalk_migrations (version, description) VALUES (${PG_SCHEMA_VERSION + 5}, 'from the future')`);
    await client.end();
    await assert.rejects(PostgresStore.open(url), /schema version \d+, newer than this archwalk understands/);
    const init = archwalk(home.path, ['store', 'init', url.connectionString]);
    assert.equal(init.code, 2);
    assert.match(init.stderr, /newer than this archwalk understands/);
  } finally {
    home.cleanup();
  }
});

test('store copy moves a home with a finished run into PostgreSQL, verified, with the same rows; a non-empty target is refused', { skip: postgresSkip || skipWithout(NB201_CSV) }, async () => {
  const home = await homeWithExperiment({ budget: 20, seeds: [0, 1], searchers: ['random-search'] });
  const url = await cluster!.createDatabase('copy_target');
  try {
    const worked = archwalk(home.path, ['worker']);
    assert.equal(worked.code, 0, worked.stderr);
    const source = openStore(home);
    source.insertAgent({ name: 'agent-x', run_id: home.runIds[0]!, experiment_id: null, benchmark: 'nb201-cifar10', space: 'nb201', preset: 'p', checkpoint_path: '/c', hyper_json: '{}', env_steps: 3, learner_steps: 1, ml_backend: null },
      [{ benchmark: 'nb201-cifar10', content_sha256: 'abc', cells_queried: 4 }]);
    // node:sqlite rows have a null prototype; compare plain objects.
    const runs = source.listRuns().map((r) => ({ ...r }));
    const events = runs.map((r) => source.events(r.id));
    const benchmarks = source.listBenchmarks().map((b) => ({ ...b }));
    source.close();
    const copied = archwalk(home.path, ['store', 'copy', '--from', `sqlite:${home.database}`, '--to', url]);
    assert.equal(copied.code, 0, copied.stderr);
    assert.match(copied.stdout, /run_events\s+\d+\s+[0-9a-f]{64}/);
    assertNoPassword(copied.stdout + copied.stderr);

    const target = await PostgresStore.open(pgUrl(url));
    try {
      const copiedRuns = await target.listRuns();
      // Beyond SQLite's columns: the tables each run needs, by content, for lab workers to claim them.
      const content = benchmarkContentSha256(benchmarks.find((b) => b.name === 'nb201-cifar10')!);
      assert.deepEqual(copiedRuns.map((r) => r.benchmark_checksums), runs.map(() => [content]));
      assert.deepEqual(copiedRuns.map(({ benchmark_checksums: _, ...rest }) => rest), runs, 'every run, every column');
      for (const [i, run] of runs.entries()) assert.deepEqual(await target.events(run.id), events[i]);
      assert.deepEqual(await target.listBenchmarks(), benchmarks);
      assert.deepEqual((await target.listAgents()).map((a) => [a.name, a.run_id]), [['agent-x', home.runIds[0]]]);
      // New rows continue after the copied ids.
      const more = await target.insertBenchmark({ ...benchmarks[0]!, name: 'another' });
      assert.ok(more.id > Math.max(...benchmarks.map((b) => b.id)));
    } finally {
      await target.close();
    }
    const again = archwalk(home.path, ['store', 'copy', '--from', `sqlite:${home.database}`, '--to', url]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /is not empty \(it holds \d+ benchmarks, 1 experiments, 2 runs/);
    const wrongWay = archwalk(home.path, ['store', 'copy', '--from', url, '--to', `sqlite:${home.database}`]);
    assert.match(wrongWay.stderr, /moves a SQLite store into a PostgreSQL one/);
    assertNoPassword(again.stderr + wrongWay.stderr);
  } finally {
    home.cleanup();
  }
});

test('--store sqlite:PATH moves a home\'s store to that file; a postgres:// store is refused, clearly, by a command that does not run on one', async () => {
  const home = tempDir();
  try {
    const elsewhere = `${home.path}/elsewhere.db`;
    const listed = archwalk(home.path, ['queue', 'list', '--store', `sqlite:${elsewhere}`]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(existsSync(elsewhere), 'the store was created at the --store path');
    assert.ok(!existsSync(`${home.path}/archwalk.db`), 'not in the home');
    const refused = archwalk(home.path, ['--store=postgres://lab:hunter2@db.example/archwalk', 'runs', 'show', '1']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /postgres:\/\/lab:\*\*\*@db\.example\/archwalk is a lab's PostgreSQL store: this command does not run on one yet; there: archwalk queue add\|list, runs list, worker/);
    assert.doesNotMatch(refused.stderr, /hunter2/);
  } finally {
    home.cleanup();
  }
});

test('a store copy that fails part way leaves the target empty, and a corrected copy then succeeds', { skip: postgresSkip }, async () => {
  const home = tempDir();
  const url = await cluster!.createDatabase('copy_rollback');
  try {
    const database = `${home.path}/source.db`;
    const source = new Store(database);
    const config = validateExperimentConfig({ name: 'e', benchmark: 'b', budget: 5, seeds: 1, searchers: ['random-search'] });
    assert.ok(config.ok);
    const id = source.insertExperiment(config.config, 'h', []);
    source.db.prepare(`INSERT INTO runs (experiment_id, searcher, searcher_kind, seed, status, budget, config_json, config_hash, app_version, created_at)
      VALUES (?, 'random-search', 'random-search', 'not a number', 'succeeded', 5, '{"benchmark":"b"}', 'h', 'test', 'now')`).run(id);
    source.close();
    // SQLite keeps the text in an INTEGER column; PostgreSQL's BIGINT refuses it after the experiment was already inserted.
    const failed = archwalk(home.path, ['store', 'copy', '--from', `sqlite:${database}`, '--to', url]);
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /store copy: runs could not be copied \(the batch from id 1\): invalid input syntax for type bigint: "not a number"; nothing was copied/);
    assertNoPassword(failed.stdout + failed.stderr);
    const client = await connectPostgres(pgUrl(url));
    try {
      const { rows: [counts] } = await client.query<{ experiments: number; runs: number }>('SELECT (SELECT COUNT(*) FROM experiments)::bigint AS experiments, (SELECT COUNT(*) FROM runs)::bigint AS runs');
      assert.deepEqual({ ...counts }, { experiments: 0, runs: 0 }, 'nothing half-written');
    } finally {
      await client.end();
    }
    const fixed = new Store(database);
    fixed.db.prepare(`UPDATE runs SET seed = 7`).run();
    fixed.close();
    const copied = archwalk(home.path, ['store', 'copy', '--from', `sqlite:${database}`, '--to', url]);
    assert.equal(copied.code, 0, copied.stderr);
    assert.match(copied.stdout, /experiments\s+1\s/);
  } finally {
    home.cleanup();
  }
});
