/**
 * One statistic everywhere: an experiment in which a run stopped early (cancelled after a few
 * queries) shows the same mean ± s.e. and the same number of runs per budget in the app's budget
 * table (the renderer's computeGroups over what the curves store loads), in
 * `archwalk report --format json`, and in the summary `archwalk run` prints.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectReport, searchSummary } from '../../src-main/cli/commands/run.ts';
import { reportBudgets } from '#shared/budgets.ts';
import { EARLY_STOP_RULE } from '#shared/curve-stats.ts';
import type { ReportModel } from '../../src-main/services/reports/model.ts';
import { computeGroups, curvesOf } from '../../src-renderer/src/lib/curve-groups.ts';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';
import { experimentYaml, nb201Services, waitFor } from '../helpers/services.ts';

const skip = skipWithout(NB201_CSV);
const BUDGET = 60;
const STOP_AFTER = 12;

/** "93.21 ± 0.12 (n=2)" cells of one searcher's row in the CLI table, in budget order. */
function cliCells(summary: string, searcher: string): { mean: string; se: string; n: number | null }[] {
  const row = summary.split('\n').find((line) => line.startsWith(`${searcher} `));
  assert.ok(row, `a row for ${searcher} in\n${summary}`);
  return [...row.matchAll(/(\d+\.\d+) ± (\d+\.\d+)(?: \(n=(\d+)\))?/g)].map((m) => ({ mean: m[1]!, se: m[2]!, n: m[3] ? Number(m[3]) : null }));
}

test('a run that stopped early: the app, archwalk report --format json and the CLI summary agree number for number', { skip }, async () => {
  const home = tempDir();
  const services = await nb201Services({ concurrency: 3 }, home);
  let experimentId: number;
  let cliSummary: string;
  let appRows: ReturnType<typeof computeGroups>;
  let stopped: number;
  try {
    const yaml = experimentYaml({ budget: BUDGET, seeds: [1, 2, 3], searchers: ['random-search', 'local-search'], queryDelayMs: 15 });
    const created = await services.api.createExperiment(yaml);
    assert.ok(created.ok, JSON.stringify(created));
    experimentId = created.experiment.id;
    const detail = await services.api.getExperiment(experimentId);
    stopped = detail.runs.find((r) => r.searcher === 'local-search' && r.seed === 2)!.id;
    services.scheduler.start();
    await waitFor(`run ${stopped} past ${STOP_AFTER} queries`, () => (services.store.getRun(stopped)?.queries ?? 0) >= STOP_AFTER, 60_000);
    await services.api.cancelRun(stopped);
    await services.scheduler.whenIdle();

    const runs = (await services.api.getExperiment(experimentId)).runs;
    const early = runs.find((r) => r.id === stopped)!;
    assert.equal(early.status, 'cancelled');
    assert.ok(early.queries >= STOP_AFTER && early.queries < BUDGET, `the cancelled run stopped early (${early.queries} queries)`);
    for (const r of runs) if (r.id !== stopped) assert.equal(r.status, 'succeeded');

    // The app: the experiment view's groups over the curves the curves store loads.
    const curves = await services.api.getExperimentCurves(experimentId);
    const budgets = reportBudgets(BUDGET);
    appRows = computeGroups(
      ['random-search', 'local-search'].map((searcher) => ({
        key: searcher,
        name: searcher,
        color: '#000',
        curves: curvesOf(
          runs.filter((r) => r.searcher === searcher),
          (id) => ({ points: curves[id]!, epoch: 0 }),
        ),
      })),
      { metric: 'test', band: 'se', regret: false, xLog: false, budget: BUDGET, budgets },
    );
    // The CLI: the summary `archwalk run` prints for this experiment.
    cliSummary = searchSummary(services, await collectReport(services, experimentId));
  } finally {
    await services.close();
  }
  try {
    const out = archwalk(home.path, ['report', `exp:${experimentId}`, '--format', 'json', '--out', '-']);
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout) as ReportModel;
    assert.equal(report.budgetRule, EARLY_STOP_RULE);
    assert.ok(cliSummary.includes(EARLY_STOP_RULE), 'the CLI states the rule under its table');
    const budgets = reportBudgets(BUDGET);
    assert.deepEqual(report.budgets, budgets);

    let sawThinnedCell = false;
    for (const app of appRows) {
      const group = report.groups.find((g) => g.searcher === app.key)!;
      const cli = cliCells(cliSummary, app.key);
      assert.equal(cli.length, budgets.length, `every budget in the CLI row of ${app.key}`);
      budgets.forEach((budget, j) => {
        const inApp = app.atBudgets[j]!;
        const inReport = group.atBudgets[j]!;
        assert.equal(inReport.budget, budget);
        assert.equal(inApp.n, inReport.n, `${app.key} @${budget}: n`);
        // The app shows percent; the report keeps fractions.
        assert.ok(Math.abs(inApp.mean - inReport.mean! * 100) < 1e-9, `${app.key} @${budget}: app ${inApp.mean} vs report ${inReport.mean! * 100}`);
        assert.ok(Math.abs(inApp.se - inReport.se! * 100) < 1e-9, `${app.key} @${budget}: s.e.`);
        assert.equal(cli[j]!.mean, (inReport.mean! * 100).toFixed(2), `${app.key} @${budget}: CLI mean`);
        assert.equal(cli[j]!.se, (inReport.se! * 100).toFixed(2), `${app.key} @${budget}: CLI s.e.`);
        assert.equal(cli[j]!.n ?? app.runs, inReport.n, `${app.key} @${budget}: CLI n`);
        if (inReport.n < app.runs) {
          sawThinnedCell = true;
          assert.ok(!inReport.runIds.includes(stopped), 'the cancelled run counts nowhere past its last query');
        }
      });
    }
    assert.ok(sawThinnedCell, 'the cancelled run is missing from the later budgets');
  } finally {
    home.cleanup();
  }
});
