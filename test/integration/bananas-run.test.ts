/**
 * BANANAS as a product searcher: queued from a config beside random search, run by the real run
 * process on the real NB201 table, its predictor trainings in the run's log, its ML backend
 * recorded, and its runs in the experiment's report like any other searcher's.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, test } from 'node:test';
import { buildReportModel, parseTargets, renderCsv, renderHtml, reportSource } from '../../src-main/services/reports/index.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { nb201Services, type TestServices } from '../helpers/services.ts';

const skip = skipWithout(NB201_CSV);
const BUDGET = 30;
let services: TestServices;
let experiment: number;

before(async () => {
  if (skip) return;
  services = await nb201Services({ concurrency: 2 });
  const yaml = [
    'name: bananas integration',
    'benchmark: nb201-cifar10',
    `budget: ${BUDGET}`,
    'seeds: [0, 1]',
    'searchers:',
    '  - random-search',
    '  - { kind: bananas, epochs: 30 }',
  ].join('\n');
  const created = await services.api.createExperiment(yaml);
  assert.ok(created.ok, JSON.stringify(created));
  experiment = created.experiment.id;
  services.scheduler.start();
  await services.scheduler.whenIdle();
});

after(async () => {
  await services?.cleanup();
});

test('BANANAS runs succeed through the run process, log each predictor it trains and record the ML backend', { skip }, async () => {
  const runs = services.store.listRuns({ experimentId: experiment });
  assert.deepEqual(runs.map((r) => `${r.searcher} ${r.status}`), ['random-search succeeded', 'random-search succeeded', 'bananas succeeded', 'bananas succeeded']);
  for (const run of runs.filter((r) => r.searcher === 'bananas')) {
    const detail = await services.api.getRun(run.id, { curve: true });
    assert.equal(detail.run.queries, BUDGET);
    assert.equal(detail.curve.at(-1)![0], BUDGET, "the curve reaches the budget");
    assert.match(run.ml_backend ?? '', /wasm|cpu|tensorflow/);
    assert.deepEqual(detail.attempts.map((a) => [a.attempt, a.host, a.outcome]), [[1, hostname(), 'succeeded']], 'one attempt, on this machine');
    const predictorLines = detail.logTail.filter((line) => /predictor \d+: trained on \d+ architectures in [\d.]+ s/.test(line));
    // Fits after 10 and 20 queries; none once the budget is spent.
    assert.deepEqual(predictorLines.map((line) => Number(/trained on (\d+)/.exec(line)![1])), [10, 20], detail.logTail.join('\n'));
  }
});

test('the report groups BANANAS beside random search, in HTML and CSV', { skip }, async () => {
  const model = await buildReportModel(reportSource(services), parseTargets([`exp:${experiment}`]), { budgets: [10, BUDGET] });
  assert.deepEqual(model.groups.map((g) => g.label).sort(), ['bananas', 'random-search']);
  assert.match(renderHtml(model), /bananas/);
  assert.ok(renderCsv(model).split('\n').some((line) => line.includes('bananas')));
});
