/**
 * The experiment manager end to end, in Chromium against a real `archwalk serve` (real store,
 * real run processes) with the NB201 table imported through the CLI: a template becomes an
 * experiment through the form and the YAML editor, the chart grows while it runs, every
 * evaluated architecture is in the run's scatter (loaded, then grown live), the best few
 * open as cell graphs, two experiments are compared, the queue is reordered, an agent is
 * trained and listed (and told apart from searches), and every screen is photographed in
 * both themes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { labSkip, SHOTS, startLab, type Lab } from '../helpers/lab.ts';
import { openPage, waitFor } from '../helpers/page.ts';
import type { ServeProcess } from '../helpers/serve.ts';

const skip = labSkip;

let home: Lab['home'];
let serve: ServeProcess;
let browser: Browser;
const pageErrors: string[] = [];

let lab: Lab | undefined;

before(async () => {
  if (skip) return;
  lab = await startLab();
  ({ home, serve, browser } = lab);
});

after(async () => {
  await lab?.close();
});

function open(hash: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  return openPage(browser, serve.url, hash, pageErrors, colorScheme);
}

function numberIn(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9]/g, '') || '0');
}

async function yamlText(page: Page): Promise<string> {
  return page.getByTestId('new-experiment-text').inputValue();
}

let demoId = 0;

test('a template becomes an experiment through the form and the YAML; its chart grows live; the best architecture opens as a cell', { skip }, async () => {
  const page = await open('/new?template=quick-demo');
  await waitFor('the template text', async () => (await yamlText(page)).includes('name: quick demo'));

  // Form → YAML: values change in place and the template's comments stay.
  await page.getByTestId('field-seeds').fill('2');
  await page.getByTestId('field-queryDelayMs').fill('40');
  await page.getByTestId('field-budget').fill('abc');
  await page.getByTestId('field-error-budget').filter({ hasText: 'budget must be an integer, got "abc"' }).waitFor();
  assert.equal(await page.getByTestId('queue-button').isDisabled(), true, 'Queue waits for a valid config');
  await page.getByTestId('field-budget').fill('40');
  const yaml = await yamlText(page);
  assert.match(yaml, /^seeds: 2$/m);
  assert.match(yaml, /^budget: 40$/m);
  assert.match(yaml, /^queryDelayMs: 40 +# wait after each query/m);

  // YAML → form.
  await page.getByTestId('new-experiment-text').fill(yaml.replace('name: quick demo', 'name: ui demo'));
  await waitFor('the form to follow the YAML', async () => (await page.getByTestId('field-name').inputValue()) === 'ui demo');

  // The server's estimate: 3 searchers × 2 seeds × 40 queries.
  await page.getByTestId('work-estimate').filter({ hasText: '6 runs · 240 queries' }).waitFor();
  await page.getByTestId('queue-button').click();
  await page.getByTestId('config-issues').filter({ hasText: 'Queued ui demo with 6 runs' }).waitFor();
  await page.getByTestId('queued-link').click();

  await page.getByTestId('incumbent-chart').waitFor();
  demoId = Number(/#\/experiments\/(\d+)/.exec(page.url())?.[1]);
  assert.ok(demoId > 0);
  const early = await waitFor('first points', async () => {
    const n = numberIn(await page.getByTestId('curve-points').textContent());
    return n >= 5 ? n : null;
  });
  const later = await waitFor('the chart to grow', async () => {
    const n = numberIn(await page.getByTestId('curve-points').textContent());
    return n > early + 20 ? n : null;
  });
  assert.ok(later > early);
  assert.equal(await page.getByTestId('budget-row').count(), 3, 'one row per searcher in the budgets table');

  // The chart's switches.
  await page.getByTestId('band-select').selectOption('std');
  await page.getByTestId('logx-toggle').check();
  await page.getByTestId('regret-toggle').check();
  await page.getByText('regret = test accuracy of the benchmark’s best-by-validation architecture').first().waitFor();
  await page.getByTestId('regret-toggle').uncheck();
  await page.getByTestId('logx-toggle').uncheck();

  await page.getByTestId('experiment-status').filter({ hasText: 'finished' }).waitFor({ timeout: 60000 });
  await waitFor('all 240 points', async () => numberIn(await page.getByTestId('curve-points').textContent()) === 240);
  await page.getByTestId('budgets-input').fill('10, 40');
  await waitFor('the table at the chosen budgets', async () => (await page.getByTestId('budget-table').textContent())?.includes('40 queries'));
  assert.match((await page.getByTestId('budget-table').textContent()) ?? '', /\d+\.\d\d ± \d+\.\d\d/);
  await page.screenshot({ path: join(SHOTS, 'ui-experiment-live.png') });

  await page.getByTestId('run-row').first().click();
  await page.getByTestId('cell-graph').locator('svg').first().waitFor();
  assert.equal(await page.getByTestId('cell-graph').locator('rect.node').count(), 4, 'an NB201 cell has 4 nodes');
  const labels = await page.getByTestId('cell-graph').locator('text.edge-label').allTextContents();
  assert.equal(labels.length, 6);
  for (const label of labels) assert.match(label.trim(), /^(none|skip_connect|nor_conv_1x1|nor_conv_3x3|avg_pool_3x3)$/);
  assert.match((await page.getByTestId('best-architecture').textContent()) ?? '', /"arch": "\|[a-z_0-9]+~0\|\+/);

  // Every evaluated architecture is in the scatter: one per query of the finished run.
  await page.getByTestId('evaluated-chart').waitFor();
  await waitFor('the scatter to hold all 40 architectures', async () => numberIn(await page.getByTestId('evaluated-count').textContent()) === 40);
  assert.doesNotMatch((await page.getByTestId('scatter-note').textContent()) ?? '', /of them are drawn/, '40 points are drawn as they are');

  // The best five, each drawn as its cell with its metrics, hash and JSON.
  const bestRows = page.getByTestId('best-row');
  await waitFor('five best architectures', async () => (await bestRows.count()) === 5);
  const valids = (await bestRows.evaluateAll((rows) => rows.map((r) => r.children[2]?.textContent ?? ''))).map((t) => Number.parseFloat(t));
  for (let i = 1; i < valids.length; i++) assert.ok(valids[i - 1]! >= valids[i]!, `ranked by validation accuracy: ${valids.join(', ')}`);
  for (const rank of [2, 5]) {
    const row = page.locator(`[data-testid="best-row"][data-rank="${rank}"]`);
    const hash = ((await row.locator('td.hash').getAttribute('title')) ?? '').trim();
    assert.ok(hash.length > 0);
    await row.click();
    await page.getByTestId('best-meta').filter({ hasText: `#${rank}` }).waitFor();
    assert.equal(await row.getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByTestId('cell-graph').locator('rect.node').count(), 4, `architecture #${rank} is drawn as an NB201 cell`);
    assert.equal(await page.getByTestId('cell-graph').locator('text.edge-label').count(), 6);
    const shown = JSON.parse((await page.getByTestId('best-architecture').textContent()) ?? '{}') as { hash?: string; arch?: unknown };
    assert.equal(shown.hash, hash, 'the JSON is the chosen architecture');
    assert.equal(shown.arch, hash, 'an NB201 architecture is its own hash');
  }
  await page.close();
});

test('two experiments compared side by side; a clone; delete asks first and touches nothing else', { skip }, async () => {
  assert.ok(demoId > 0, 'runs after the template test');
  const page = await open('/experiments');
  const demoRow = page.locator(`[data-testid="experiment-row"][data-experiment-id="${demoId}"]`);
  await demoRow.getByTestId('clone-button').click();
  await waitFor('the cloned config', async () => (await yamlText(page)).includes('name: ui demo (copy)'));
  await page.getByTestId('field-queryDelayMs').fill('0');
  await page.getByTestId('work-estimate').filter({ hasText: '6 runs' }).waitFor();
  await page.getByTestId('queue-button').click();
  await page.getByTestId('config-issues').filter({ hasText: 'Queued ui demo (copy)' }).waitFor();

  await page.getByTestId('nav-experiments').click();
  const copyRow = page.getByTestId('experiment-row').filter({ hasText: 'ui demo (copy)' });
  await copyRow.waitFor();
  await demoRow.getByTestId('experiment-select').check();
  await copyRow.getByTestId('experiment-select').check();
  await page.getByTestId('compare-selected').click();

  await page.getByTestId('compare-count').filter({ hasText: '6 lines' }).waitFor();
  await waitFor('six rows in the table', async () => (await page.getByTestId('budget-row').count()) === 6);
  // Single runs from any experiment join the overlay.
  await page.getByTestId('run-source').selectOption({ label: 'ui demo' });
  await page.getByTestId('compare-run-check').first().check();
  await page.getByTestId('compare-count').filter({ hasText: '7 lines' }).waitFor();
  assert.match(page.url(), /#\/compare\?experiments=\d+,\d+&runs=\d+/);
  // The comparison exports as a report (the reports service renders it).
  const download = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  assert.match((await download).suggestedFilename(), /\.html$/);
  await page.screenshot({ path: join(SHOTS, 'ui-compare.png') });

  await page.getByTestId('nav-experiments').click();
  await copyRow.getByTestId('delete-button').click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.filter({ hasText: 'Other experiments are not touched' }).waitFor();
  await dialog.getByTestId('confirm-cancel').click();
  assert.equal(await copyRow.count(), 1, 'cancelling keeps it');
  await copyRow.getByTestId('delete-button').click();
  await dialog.getByTestId('confirm-button').click();
  await copyRow.waitFor({ state: 'detached' });
  await demoRow.waitFor();
  await page.close();
});

test('the queue: concurrency limit, reorder and cancel of waiting runs', { skip }, async () => {
  const page = await open('/experiments');
  await waitFor('the current limit', async () => (await page.getByTestId('concurrency-input').inputValue()) !== '');
  if ((await page.getByTestId('concurrency-input').inputValue()) !== '1') {
    await page.getByTestId('concurrency-input').fill('1');
    await page.getByTestId('concurrency-apply').click();
  }
  await waitFor('the limit to apply', async () => (await page.getByTestId('concurrency-apply').isDisabled()) && (await page.getByTestId('concurrency-input').inputValue()) === '1');

  await page.getByTestId('nav-new').click();
  await page.getByTestId('new-experiment-text').fill(
    ['name: queue test', 'benchmark: nb201-cifar10', 'budget: 30', 'seeds: 4', 'queryDelayMs: 150', 'searchers:', '  - kind: random-search', ''].join('\n'),
  );
  await page.getByTestId('work-estimate').filter({ hasText: '4 runs' }).waitFor();
  await page.getByTestId('queue-button').click();
  await page.getByTestId('config-issues').filter({ hasText: 'Queued queue test' }).waitFor();
  await page.getByTestId('nav-experiments').click();

  // Running rows come first, then the waiting ones in queue order.
  const waitingIds = async (): Promise<number[]> =>
    (await page.getByTestId('queue-row').evaluateAll((els) =>
      els.filter((e) => e.querySelector('[data-testid="run-status"]')?.textContent?.trim() === 'queued').map((e) => Number(e.getAttribute('data-run-id'))),
    )) as number[];
  const running = async (): Promise<number> => Number(/(\d+) running/.exec((await page.getByTestId('queue-summary').textContent()) ?? '')?.[1] ?? -1);
  const before = await waitFor('at least two runs waiting', async () => {
    const ids = await waitingIds();
    return ids.length >= 2 ? ids : null;
  });
  assert.ok((await running()) <= 1, 'one run at a time');
  const last = before[before.length - 1]!;

  // The running run's scatter grows from run-point pushes and ends with one point per query.
  const runningId = Number(
    await waitFor('a running run', async () =>
      page.getByTestId('queue-row').evaluateAll((els) => els.find((e) => e.querySelector('[data-testid="run-status"]')?.textContent?.trim() === 'running')?.getAttribute('data-run-id') ?? null),
    ),
  );
  const live = await open(`/runs/${runningId}`);
  await live.getByTestId('evaluated-chart').waitFor();
  const first = await waitFor('architectures in the scatter', async () => numberIn(await live.getByTestId('evaluated-count').textContent()) || null);
  await live.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 30000 });
  await waitFor('the scatter to hold all 30', async () => numberIn(await live.getByTestId('evaluated-count').textContent()) === 30);
  assert.ok(first < 30, `the scatter grew live (from ${first})`);
  assert.equal(numberIn(await live.getByTestId('curve-points').textContent()), 30, 'as many as the run has queries');
  await live.close();

  await page.locator(`[data-testid="queue-row"][data-run-id="${last}"]`).getByTestId('move-top').click();
  await waitFor('the last waiting run to move to the front', async () => (await waitingIds())[0] === last);
  await page.screenshot({ path: join(SHOTS, 'ui-queue.png') });

  const waiting = page.locator(`[data-testid="queue-row"][data-run-id="${last}"]`);
  await waiting.getByTestId('cancel-button').click();
  await waiting.getByTestId('cancel-button').filter({ hasText: 'Confirm cancel' }).click();
  await waiting.waitFor({ state: 'detached' });

  await page.getByTestId('concurrency-input').fill('2');
  await page.getByTestId('concurrency-apply').click();
  await waitFor('the queue to drain', async () => (await page.getByTestId('queue-summary').textContent())?.includes('0 running · 0 waiting'), 60000);
  await page.close();
});

test('an agent trains, is listed with its run and experiment, and every screen reads well in both themes', { skip }, async () => {
  const page = await open('/new?template=train-then-compare');
  await waitFor('the template', async () => (await yamlText(page)).includes('kind: train-agent'));
  await page.getByTestId('new-experiment-text').fill(
    [
      'kind: train-agent',
      'name: tiny agent',
      'benchmark: nb201-cifar10',
      'agent:',
      '  name: tiny',
      '  preset: cpu-small',
      '  hyper:',
      '    replayWarmup: 64',
      '    batchSize: 16',
      '    actors: 2',
      '  budget:',
      '    envSteps: 600',
      '    minutes: 2',
      '',
    ].join('\n'),
  );
  await page.getByTestId('kind-train-agent').isChecked();
  assert.equal(await page.getByTestId('field-agent.hyper.batchSize').inputValue(), '16');
  await page.getByTestId('work-estimate').filter({ hasText: '1 training run' }).waitFor();
  await page.getByTestId('queue-button').click();
  await page.getByTestId('queued-link').click();
  const trainingRun = page.getByTestId('run-row').first();
  await trainingRun.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 120000 });
  const trainingRunId = Number(await trainingRun.getAttribute('data-run-id'));

  // Lists tell training experiments apart from searches.
  await page.getByTestId('nav-experiments').click();
  const trainingRow = page.getByTestId('experiment-row').filter({ hasText: 'tiny agent' });
  await trainingRow.getByTestId('experiment-kind').filter({ hasText: 'training' }).waitFor();
  assert.equal(await trainingRow.getByTestId('experiment-select').isDisabled(), true, 'a training experiment has no curves to compare');
  // Its progress counts runs (the list refreshes within a second of the run's end).
  await trainingRow.filter({ hasText: /1 \/ 1 run(?!s)/ }).waitFor();
  assert.equal(await page.locator(`[data-testid="experiment-row"][data-experiment-id="${demoId}"]`).getByTestId('experiment-kind').count(), 0);
  await page.getByTestId('experiment-kind-filter').selectOption('train-agent');
  await waitFor('only training experiments', async () => (await page.getByTestId('experiment-row').count()) === 1);
  await page.getByTestId('experiment-kind-filter').selectOption('');

  await page.getByTestId('nav-agents').click();
  const agent = page.getByTestId('agent-row').filter({ hasText: 'tiny' });
  await agent.waitFor();
  assert.match((await agent.textContent()) ?? '', new RegExp(`run #${trainingRunId}`));
  await agent.getByTestId('compare-agent').click();
  await waitFor('the comparison config', async () => (await yamlText(page)).includes('checkpoint: tiny'));
  await page.getByTestId('work-estimate').filter({ hasText: '100 runs' }).waitFor();
  await page.close();

  const runId = Number(
    await (async () => {
      const p = await open(`/experiments/${demoId}`);
      const id = await p.getByTestId('run-row').first().getAttribute('data-run-id');
      await p.close();
      return id;
    })(),
  );
  const screens: Array<[string, string, string]> = [
    ['experiments', '/experiments', 'experiments-table'],
    ['new', '/new?template=baselines', 'experiment-form'],
    ['experiment', `/experiments/${demoId}`, 'budget-table'],
    ['run', `/runs/${runId}`, 'cell-graph'],
    ['training', `/runs/${trainingRunId}`, 'training-metrics'],
    ['compare', `/compare?experiments=${demoId}`, 'budget-table'],
    ['benchmarks', '/benchmarks', 'benchmarks-table'],
    ['agents', '/agents', 'agents-table'],
    ['system', '/system', 'ml-packages'],
  ];
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, hash, ready] of screens) {
      const p = await open(hash, scheme);
      await p.getByTestId(ready).first().waitFor();
      await p.waitForTimeout(400);
      await p.screenshot({ path: join(SHOTS, `ui-${name}-${scheme}.png`) });
      if (name === 'run') {
        await p.getByTestId('evaluated-architectures').evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await p.waitForTimeout(200);
        await p.screenshot({ path: join(SHOTS, `ui-run-evaluated-${scheme}.png`) });
        await p.getByTestId('best-row').first().waitFor();
        await p.getByTestId('best-architectures').evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await p.screenshot({ path: join(SHOTS, `ui-run-cell-${scheme}.png`) });
      }
      await p.close();
    }
  }
  assert.deepEqual(pageErrors, [], 'no page errors or console errors on any screen');
});
