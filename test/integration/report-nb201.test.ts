/**
 * Reports of real runs on the NAS-Bench-201 table (real store, real run processes): the
 * numbers in every format checked against the store's event log, recomputed here
 * independently; determinism; and `archwalk report` end to end through the CLI.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildReportModel, exportReport, parseTargets, renderCsv, renderHtml, renderJson, reportSource, type ReportModel } from '../../src-main/services/reports/index.ts';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { experimentYaml, nb201Services, type TestServices } from '../helpers/services.ts';

const skip = skipWithout(NB201_CSV);
const BUDGET = 40;
const SEARCHERS = ['random-search', 'regularized-evolution'];
const SEEDS = [0, 1, 2];

let services: TestServices;
let baselines: number;
let second: number;

before(async () => {
  if (skip) return;
  services = await nb201Services({ concurrency: 4 });
  const a = await services.api.createExperiment(experimentYaml({ name: 'report baselines', budget: BUDGET, seeds: SEEDS, searchers: SEARCHERS }));
  const b = await services.api.createExperiment(experimentYaml({ name: 'report local', budget: 30, seeds: [5, 6], searchers: ['local-search'] }));
  assert.ok(a.ok && b.ok);
  baselines = a.experiment.id;
  second = b.experiment.id;
  services.scheduler.start();
  await services.scheduler.whenIdle();
});

after(async () => {
  await services?.cleanup();
});

interface StoredQuery {
  query: number;
  hash: string;
  valid: number;
  test: number;
  incumbentValid: number;
  incumbentTest: number;
  incumbentHash: string;
  elapsedMs: number;
}

function storedQueries(runId: number): StoredQuery[] {
  return services.store.events(runId, { type: 'architecture' }).map((e) => e.data as StoredQuery);
}

/** Mean and standard error written out longhand, not through shared/curve-stats. */
function meanAndSe(values: number[]): { mean: number; se: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - m) * (v - m);
  return { mean: m, se: values.length > 1 ? Math.sqrt(squares / (values.length - 1)) / Math.sqrt(values.length) : 0 };
}

test('the mean ± s.e. table and the bands match the store, recomputed independently; the HTML shows them', { skip }, async () => {
  const model = await buildReportModel(reportSource(services), parseTargets([`exp:${baselines}`]), { budgets: [10, 25, BUDGET] });
  assert.deepEqual(model.groups.map((g) => g.label), SEARCHERS);
  const runs = services.store.listRuns({ experimentId: baselines });
  assert.equal(runs.length, SEARCHERS.length * SEEDS.length);
  assert.deepEqual(model.runs.map((r) => r.id), runs.map((r) => r.id).sort((x, y) => x - y));
  const html = renderHtml(model);
  for (const group of model.groups) {
    const members = runs.filter((r) => r.searcher === group.searcher);
    assert.deepEqual(group.seeds, SEEDS);
    for (const budget of [10, 25, BUDGET]) {
      const values = members.map((r) => storedQueries(r.id).find((q) => q.query === budget)!.incumbentTest);
      const expected = meanAndSe(values);
      const cell = group.atBudgets.find((c) => c.budget === budget)!;
      assert.equal(cell.n, SEEDS.length);
      assert.ok(Math.abs(cell.mean! - expected.mean) < 1e-12, `${group.label} @${budget} mean`);
      assert.ok(Math.abs(cell.se! - expected.se) < 1e-12, `${group.label} @${budget} s.e.`);
      assert.ok(html.includes(`${(expected.mean * 100).toFixed(2)} ± ${(expected.se * 100).toFixed(2)}`), `${group.label} @${budget} in the HTML table`);
    }
    assert.equal(group.band.length, BUDGET);
    for (const point of group.band) {
      const expected = meanAndSe(members.map((r) => storedQueries(r.id)[point.query - 1]!.incumbentTest));
      assert.ok(Math.abs(point.mean - expected.mean) < 1e-12 && Math.abs(point.se - expected.se) < 1e-12, `${group.label} band at ${point.query}`);
    }
    const bestValid = Math.max(...members.map((r) => r.best_valid!));
    assert.equal(group.best[0]!.valid, bestValid, 'the best architecture is the best incumbent of the searcher');
    assert.equal(typeof group.best[0]!.arch, 'string');
    assert.ok(html.includes(`>${(bestValid * 100).toFixed(2)} %<`));
  }
  for (const run of model.runs) {
    const row = services.store.getRun(run.id)!;
    assert.equal(run.provenance.configHash, row.config_hash);
    assert.equal(run.provenance.benchmarkSha256, row.benchmark_sha256);
    assert.ok(html.includes(row.config_hash), 'every config hash is in the HTML');
    assert.equal(run.best!.valid, row.best_valid);
    assert.equal(run.best!.test, row.best_test);
  }
  const benchmark = services.store.getBenchmark('nb201-cifar10')!;
  assert.equal(model.benchmarks[0]!.sourceSha256, benchmark.source_sha256);
  assert.ok(html.includes(benchmark.source_sha256));
  assert.equal((html.match(/<svg class="cell"/g) ?? []).length, model.groups.reduce((n, g) => n + g.best.length, 0), 'every best architecture drawn as a cell');
  // The benchmark's landscape, with the default parameters, computed once and then from the store.
  assert.deepEqual(model.landscapes.map((l) => l.benchmark), ['nb201-cifar10']);
  const landscape = model.landscapes[0]!;
  assert.equal(landscape.analysis.accuracy.stats.n, 15_625);
  assert.deepEqual(landscape.analysis.reward.byAlpha.map((r) => r.alpha), [1, 5, 10, 25, 50]);
  assert.ok(html.includes('<section id="landscapes"'));
  const rho1 = landscape.analysis.autocorrelation[0]!.rho[0]!;
  assert.ok(html.includes(`>${rho1.toFixed(3)}<`), 'ρ(1) in the HTML table');
  assert.equal((await services.api.getBenchmarkAnalysis('nb201-cifar10')).cached, true);
});

test('CSV rows are the architecture events of the store, row for row', { skip }, async () => {
  const model = await buildReportModel(reportSource(services), parseTargets([`exp:${baselines}`, `exp:${second}`]));
  const lines = renderCsv(model).trimEnd().split('\n');
  const header = lines.shift()!.split(',');
  const expected: string[][] = [];
  for (const row of services.store.listRuns().sort((a, b) => a.id - b.id)) {
    for (const q of storedQueries(row.id)) {
      expected.push([row.experiment_id, row.experiment_name, row.id, row.searcher, row.seed, q.query, q.hash, q.valid, q.test, q.incumbentValid, q.incumbentTest, q.incumbentHash, q.elapsedMs].map(String));
    }
  }
  assert.equal(lines.length, expected.length);
  assert.equal(lines.length, (SEARCHERS.length * SEEDS.length * BUDGET) + 2 * 30);
  // NB201 arch strings and these names hold no comma, quote or newline, so a plain split reads them.
  lines.forEach((line, i) => assert.deepEqual(line.split(','), expected[i], `row ${i + 1}`));
  assert.equal(header[header.length - 1], 'elapsed_ms');
});

test('deterministic: the same data gives the same report in every format apart from the timestamp', { skip }, async () => {
  const source = reportSource(services);
  const targets = [`exp:${second}`, `run:1`, `${baselines}`];
  const t1 = new Date('2030-01-01T00:00:00.000Z');
  const t2 = new Date('2031-02-02T02:02:02.000Z');
  for (const format of ['html', 'json', 'csv'] as const) {
    const a = await exportReport(source, { targets, format }, { now: t1 });
    await exportReport(source, { targets: [`run:2`], format: 'html' });
    const b = await exportReport(source, { targets, format }, { now: t2 });
    assert.equal(a.content.replaceAll(t1.toISOString(), 'T'), b.content.replaceAll(t2.toISOString(), 'T'), format);
    if (format !== 'csv') assert.ok(a.content.includes(t1.toISOString()), `${format} carries its timestamp`);
  }
  const json = JSON.parse((await exportReport(source, { targets, format: 'json' })).content) as ReportModel;
  assert.equal(json.schema, 'archwalk-report/1');
  assert.equal(json.scope, 'comparison');
  assert.deepEqual(json.groups.map((g) => g.label), [...SEARCHERS, 'local-search']);
  assert.equal(json.runs.length, SEARCHERS.length * SEEDS.length + 2, 'run:1 is part of its experiment and counted once');
});

test('archwalk report through the CLI: every format, --out, the default place, stdout, and clear errors', { skip }, () => {
  const home = services.home.root;
  const out = (name: string): string => join(home, name);
  const csv = archwalk(home, ['report', `exp:${baselines}`, '--format', 'csv', '--out', out('r.csv')]);
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stdout, /wrote the csv report of exp:\d+ \(6 runs, 6 searches, 2 searchers\) to .*r\.csv/);
  const html = archwalk(home, ['report', String(baselines), String(second), '--out', out('r.html'), '--budgets', '5,20']);
  assert.equal(html.code, 0, html.stderr);
  const page = readFileSync(out('r.html'), 'utf8');
  assert.match(page, /^<!doctype html>/);
  assert.match(page, /<th class="num">@5<\/th><th class="num">@20<\/th>/);
  const json = archwalk(home, ['report', `run:1`, '--format', 'json', '--out', '-']);
  assert.equal(json.code, 0, json.stderr);
  const model = JSON.parse(json.stdout) as ReportModel;
  assert.equal(model.scope, 'run');
  assert.equal(model.runs[0]!.evaluations.length, BUDGET);
  const fallback = archwalk(home, ['report', `exp:${second}`, '--format', 'json']);
  assert.equal(fallback.code, 0, fallback.stderr);
  assert.ok(existsSync(join(home, 'reports', `archwalk-exp${second}.json`)), `written to ARCHWALK_HOME/reports: ${readdirSync(join(home, 'reports'))}`);
  assert.ok(!readdirSync(home).some((f) => f.includes('.partial-')), 'no partial file left');

  const errors: [string[], RegExp][] = [
    [['report'], /usage: archwalk report ID/],
    [['report', 'exp:x'], /"exp:x" does not name a run or an experiment; use exp:N \(or a bare N\)/],
    [['report', 'exp:999'], /there is no experiment with id 999/],
    [['report', 'run:999'], /there is no run with id 999/],
    [['report', '1', '--format', 'docx'], /--format must be one of html, pdf, csv, json, got "docx"/],
    [['report', '1', '--budgets', '10,x'], /--budgets takes positive integers separated by commas/],
  ];
  for (const [args, message] of errors) {
    const result = archwalk(home, args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
  const help = archwalk(home, ['report', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--format/);
});

test('a PDF without any Chromium says so and what to do', { skip }, () => {
  const saved = { chromium: process.env.ARCHWALK_CHROMIUM };
  process.env.ARCHWALK_CHROMIUM = join(services.home.root, 'no-such-chromium');
  try {
    const result = archwalk(services.home.root, ['report', `exp:${baselines}`, '--format', 'pdf', '--out', join(services.home.root, 'r.pdf')]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /a PDF report needs Chromium or Google Chrome and none was found .*apt-get install chromium.*ARCHWALK_CHROMIUM.*--format html/s);
    assert.ok(!existsSync(join(services.home.root, 'r.pdf')));
  } finally {
    if (saved.chromium === undefined) delete process.env.ARCHWALK_CHROMIUM;
    else process.env.ARCHWALK_CHROMIUM = saved.chromium;
  }
});

test('the JSON report holds every evaluation of the store', { skip }, async () => {
  const model = JSON.parse(renderJson(await buildReportModel(reportSource(services), parseTargets([`exp:${baselines}`])))) as ReportModel;
  for (const run of model.runs) {
    const stored = storedQueries(run.id);
    assert.deepEqual(run.evaluations.map((e) => [e.query, e.hash, e.valid, e.test, e.incumbentTest]), stored.map((q) => [q.query, q.hash, q.valid, q.test, q.incumbentTest]));
  }
});
