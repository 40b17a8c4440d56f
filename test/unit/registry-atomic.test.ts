/**
 * Atomic registration: names reserved before anything is written, only the reserving import
 * publishes, removal refused while runs need the benchmark, and the start-up sweep of what
 * killed imports leave. Real store, real files; no services (no run processes).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isArchwalkBenchmarkEntry } from '../../src-main/services/benchmark-files.ts';
import { removeBenchmark } from '../../src-main/services/benchmark-removal.ts';
import {
  abandonReservation,
  listReservations,
  registerReserved,
  reserveBenchmarkName,
  RESERVATION_STALE_MS,
} from '../../src-main/services/benchmark-reservations.ts';
import { SWEEP_GRACE_MS, sweepAtStart, sweepBenchmarkFolder } from '../../src-main/services/benchmark-sweep.ts';
import { prepareHome, type HomeLayout } from '../../src-main/services/home.ts';
import { Store } from '../../src-main/services/store.ts';
import { expandRuns, expandSearchRuns, validateExperimentConfig } from '#shared/config.ts';
import { resolveHyperparameters } from '../../src-main/services/agents.ts';
import { tempDir } from '../helpers/data.ts';

const ROW = { space: 'nb201', size: 15625, source_path: '/src.csv', source_sha256: 'a'.repeat(64), best_valid: 0.9, best_test: 0.9 };

function withHome(fn: (store: Store, home: HomeLayout) => void): void {
  const dir = tempDir();
  const home = prepareHome(dir.path);
  const store = new Store(home.database);
  try {
    fn(store, home);
  } finally {
    store.close();
    dir.cleanup();
  }
}

/** A pid that surely runs no process: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('a reserved name is refused to a second import, a registered one too (case-insensitively), and nothing is written', () => {
  withHome((store, home) => {
    const first = reserveBenchmarkName(store, 'same', 'nb201', join(home.benchmarks, 'same.nb201.json'));
    assert.throws(() => reserveBenchmarkName(store, 'same', 'nb201', join(home.benchmarks, 'same.nb201.json')), /a benchmark named "same" is being imported \(process \d+ on .*\); wait for it to finish or choose another name/);
    assert.throws(() => reserveBenchmarkName(store, 'SAME', 'nb201', join(home.benchmarks, 'SAME.nb201.json')), /"same" is being imported/);
    writeFileSync(first.staging_path, '{}');
    const row = registerReserved(store, first, ROW);
    assert.equal(row.data_path, join(home.benchmarks, 'same.nb201.json'));
    assert.ok(existsSync(row.data_path) && !existsSync(first.staging_path));
    assert.deepEqual(listReservations(store), []);
    assert.throws(() => reserveBenchmarkName(store, 'Same', 'nb201', join(home.benchmarks, 'Same.nb201.json')), /a benchmark named "same" already exists; choose another name or remove it first/);
    assert.deepEqual(readdirSync(home.benchmarks), ['same.nb201.json']);
  });
});

test("an import whose process is gone loses its name; if it comes back it can neither register nor touch the new owner's files", () => {
  withHome((store, home) => {
    const stale = reserveBenchmarkName(store, 'x', 'nb201', join(home.benchmarks, 'x.nb201.json'));
    writeFileSync(stale.staging_path, 'stale');
    store.db.prepare('UPDATE benchmark_reservations SET pid = ? WHERE name = ?').run(deadPid(), 'x');
    const winner = reserveBenchmarkName(store, 'x', 'nb201', join(home.benchmarks, 'x.nb201.json'));
    assert.notEqual(winner.staging_path, stale.staging_path);
    writeFileSync(winner.staging_path, 'winner');
    assert.throws(() => registerReserved(store, stale, ROW), /the import of "x" lost its reservation.*nothing was registered/);
    abandonReservation(store, stale);
    assert.ok(existsSync(winner.staging_path), "the loser's clean-up leaves the winner's staging file alone");
    assert.equal(listReservations(store).length, 1, "and the winner's reservation");
    registerReserved(store, winner, ROW);
    assert.equal(store.getBenchmark('x')?.data_path, join(home.benchmarks, 'x.nb201.json'));
  });
});

test('a name registered meanwhile by a writer that does not reserve: a clear refusal, the staged data removed, the other row kept', () => {
  withHome((store, home) => {
    const r = reserveBenchmarkName(store, 'shipped', 'nb201', join(home.benchmarks, 'shipped.nb201.json'));
    writeFileSync(r.staging_path, 'mine');
    store.insertBenchmark({ ...ROW, name: 'shipped', kind: 'nb201', data_path: join(home.benchmarks, 'shipped.nb201') });
    assert.throws(() => registerReserved(store, r, ROW), /a benchmark named "shipped" was registered while this import ran; nothing was imported/);
    abandonReservation(store, r);
    assert.deepEqual(readdirSync(home.benchmarks), []);
    assert.equal(store.getBenchmark('shipped')?.data_path, join(home.benchmarks, 'shipped.nb201'));
    assert.deepEqual(listReservations(store), []);
  });
});

test('a heartbeat older than the staleness limit frees a name even when the pid cannot be checked', () => {
  withHome((store, home) => {
    reserveBenchmarkName(store, 'far', 'nb101', join(home.benchmarks, 'far.nb101'));
    store.db.prepare("UPDATE benchmark_reservations SET host = 'another-host'").run();
    assert.throws(() => reserveBenchmarkName(store, 'far', 'nb101', join(home.benchmarks, 'far.nb101')), /is being imported \(process \d+ on another-host/);
    store.db.prepare('UPDATE benchmark_reservations SET heartbeat_at = ?').run(Date.now() - RESERVATION_STALE_MS - 1000);
    assert.ok(reserveBenchmarkName(store, 'far', 'nb101', join(home.benchmarks, 'far.nb101')));
  });
});

test('the sweep removes leftovers of dead imports and unregistered data, and nothing registered, reserved, recent or foreign', () => {
  withHome((store, home) => {
    const file = (name: string, ageMs: number, content = 'x'): string => {
      const path = join(home.benchmarks, name);
      writeFileSync(path, content);
      const t = (Date.now() - ageMs) / 1000;
      utimesSync(path, t, t);
      return name;
    };
    const old = SWEEP_GRACE_MS + 60_000;
    // Registered, with an old temp sibling of an interrupted rewrite.
    const live = reserveBenchmarkName(store, 'kept', 'nb201', join(home.benchmarks, 'kept.nb201.json'));
    writeFileSync(live.staging_path, '{}');
    registerReserved(store, live, ROW);
    const tempSibling = file('kept.nb201.json.tmp-123-1700000000000', old);
    // A live import in progress (this process), with an old staging file: kept.
    const busy = reserveBenchmarkName(store, 'busy', 'nb101', join(home.benchmarks, 'busy.nb101'));
    file(`busy.nb101.import-${busy.token}`, old);
    file(`busy.nb101.import-${busy.token}.4242-00ff00ff00ff.tmp`, old);
    // A dead import: its fresh staging file goes at once, with its reservation.
    const dead = reserveBenchmarkName(store, 'dead', 'nb201', join(home.benchmarks, 'dead.nb201.json'));
    const deadStaging = file(`dead.nb201.json.import-${dead.token}`, 0);
    // It died between publishing and committing: its fresh data file is unregistered and goes too.
    const deadData = file('dead.nb201.json', 0);
    store.db.prepare('UPDATE benchmark_reservations SET pid = ? WHERE name = ?').run(deadPid(), 'dead');
    // Unregistered data (killed between publishing and registering, or during a removal): old goes, recent stays.
    const orphan = file('orphan.live.json', old);
    mkdirSync(join(home.benchmarks, 'orphan-dir.nb301-yahpo'));
    utimesSync(join(home.benchmarks, 'orphan-dir.nb301-yahpo'), (Date.now() - old) / 1000, (Date.now() - old) / 1000);
    const recent = file('recent.nb101', 1000);
    // Files archwalk does not write: never touched, however old.
    file('nasbench_only108.tfrecord', old);
    file('notes.txt', old);
    file('my.nb101.backup', old);

    const result = sweepBenchmarkFolder(store, home);
    assert.deepEqual(result.staleReservations, ['dead']);
    assert.deepEqual(result.removed.sort(), [deadStaging, deadData, orphan, 'orphan-dir.nb301-yahpo', tempSibling].sort());
    assert.deepEqual(readdirSync(home.benchmarks).sort(), [
      `busy.nb101.import-${busy.token}`,
      `busy.nb101.import-${busy.token}.4242-00ff00ff00ff.tmp`,
      'kept.nb201.json',
      'my.nb101.backup',
      'nasbench_only108.tfrecord',
      'notes.txt',
      recent,
    ].sort());
    assert.deepEqual(listReservations(store).map((r) => r.name), ['busy']);
    // A second sweep finds nothing more.
    assert.deepEqual(sweepBenchmarkFolder(store, home).removed, []);
  });
});

test('at start the sweep says what it removed, and a store it cannot use postpones it instead of failing the start', () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (line: string) => warnings.push(line);
  try {
    withHome((store, home) => {
      const r = reserveBenchmarkName(store, 'gone', 'nb101', join(home.benchmarks, 'gone.nb101'));
      writeFileSync(r.staging_path, 'x');
      store.db.prepare('UPDATE benchmark_reservations SET pid = ?').run(deadPid());
      sweepAtStart(store, home);
      assert.deepEqual(warnings, [`archwalk: removed 1 leftover of unfinished imports or removals from ${home.benchmarks} (gone.nb101.import-${r.token}); released the names of imports whose process is gone (gone)`]);
      sweepAtStart(store, home);
      assert.equal(warnings.length, 1, 'nothing to say the second time');
      store.close();
      sweepAtStart(store, home);
      assert.match(warnings[1]!, /^archwalk: the benchmarks folder was not swept this time \(/);
    });
  } finally {
    console.warn = warn;
  }
});

test('archwalk names in the benchmarks folder: data paths, staging names, temp files of both writers', () => {
  for (const name of ['a.nb201.json', 'b.nb101', 'c.d.nb301-yahpo', 'e.nb301-xgb', 'f.live.json', 'g.nb101.import-00ff', 'g.nb101.import-00ff.77-abcdef.tmp', 'h.nb201.json.tmp-12-1700000000000', 'nb201-cifar10.nb201']) {
    assert.ok(isArchwalkBenchmarkEntry(name), name);
  }
  for (const name of ['nasbench_only108.tfrecord', 'x.csv', 'my.nb101.backup', '.nb101', 'x.nb201.json.bak', 'x.nb201.bak']) assert.ok(!isArchwalkBenchmarkEntry(name), name);
});

function queueExperiment(store: Store, benchmark: string): number[] {
  const result = validateExperimentConfig({ name: 'uses it', benchmark, budget: 5, seeds: 1, searchers: ['random-search', 'random-walk'] });
  assert.ok(result.ok);
  const id = store.insertExperiment(result.config, 'h', expandSearchRuns(result.config).map((r) => ({ config: r, configHash: 'h', appVersion: 'test', benchmarkSha256: null })));
  return store.listRuns({ experimentId: id }).map((r) => r.id);
}

test('remove: refused while queued or running runs use the benchmark (naming them); afterwards finished runs stay', () => {
  withHome((store, home) => {
    const r = reserveBenchmarkName(store, 'b', 'nb201', join(home.benchmarks, 'b.nb201.json'));
    writeFileSync(r.staging_path, '{}');
    registerReserved(store, r, ROW);
    const [first, second] = queueExperiment(store, 'b') as [number, number];
    queueExperiment(store, 'other');
    store.db.prepare("UPDATE runs SET status = 'running' WHERE id = ?").run(first);
    assert.throws(() => removeBenchmark(store, home, 'b'), new RegExp(`benchmark "b" is in use by 2 unfinished runs: run ${first} \\(running, experiment \\d+\\), run ${second} \\(queued, experiment \\d+\\); cancel them`));
    assert.ok(store.getBenchmark('b') && existsSync(join(home.benchmarks, 'b.nb201.json')), 'a refusal changes nothing');
    store.db.prepare("UPDATE runs SET status = 'succeeded' WHERE id = ?").run(first);
    store.db.prepare("UPDATE runs SET status = 'cancelled' WHERE id = ?").run(second);
    const removed = removeBenchmark(store, home, 'b');
    assert.equal(removed.dataRemoved, true);
    assert.equal(store.getBenchmark('b'), undefined);
    assert.ok(!existsSync(join(home.benchmarks, 'b.nb201.json')));
    assert.equal(store.getRun(first)?.status, 'succeeded', 'finished runs keep their results');
    assert.throws(() => removeBenchmark(store, home, 'b'), /there is no benchmark named "b"/);
  });
});

test('remove: refused while a queued training run names the benchmark among several (its second one too)', () => {
  withHome((store, home) => {
    for (const name of ['a', 'b']) store.insertBenchmark({ ...ROW, name, kind: 'nb201', data_path: join(home.benchmarks, `${name}.nb201.json`) });
    const result = validateExperimentConfig({ kind: 'train-agent', name: 'on both', benchmarks: ['a', 'b'], seeds: [1], agent: { name: 'w', budget: { envSteps: 10 } } });
    assert.ok(result.ok);
    const runs = expandRuns(result.config, resolveHyperparameters).map((r) => ({ config: r, configHash: 'h', appVersion: 'test', benchmarkSha256: null }));
    const id = store.insertExperiment(result.config, 'h', runs);
    const [run] = store.listRuns({ experimentId: id });
    assert.throws(() => removeBenchmark(store, home, 'b'), new RegExp(`benchmark "b" is in use by 1 unfinished run: run ${run!.id} \\(queued`));
    assert.ok(store.getBenchmark('b'), 'a refusal changes nothing');
  });
});

test('remove never deletes data outside the home', () => {
  withHome((store, home) => {
    const outside = join(home.root, 'elsewhere.nb201.json');
    writeFileSync(outside, '{}');
    store.insertBenchmark({ ...ROW, name: 'ext', kind: 'nb201', data_path: outside });
    assert.equal(removeBenchmark(store, home, 'ext').dataRemoved, false);
    assert.ok(existsSync(outside));
  });
});
