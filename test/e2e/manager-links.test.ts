/**
 * Tables, links and recovery, in Chromium against a real `archwalk serve`: a runs table sorts by
 * best test and its top run opens; the experiment view's settings live in its address and come
 * back on reload; the "best architecture" link opens the best run's best cell; a failed run (its
 * run process killed) is retried from the UI and finishes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { labPerFile, labSkip, SHOTS } from '../helpers/lab.ts';

const skip = labSkip;
const { lab, open, errors: pageErrors } = labPerFile();

/** Queues a config through the New-experiment page and returns the experiment's id (the page is left on it). */
async function queue(page: Page, yaml: string): Promise<number> {
  await page.goto(`${lab().serve.url}#/new`);
  await page.getByTestId('new-experiment-text').fill(yaml);
  await page.getByTestId('work-estimate').filter({ hasText: 'Work:' }).waitFor();
  await page.getByTestId('queue-button').click();
  await page.getByTestId('queued-link').click();
  await page.getByTestId('experiment-status').waitFor();
  return Number(/#\/experiments\/(\d+)/.exec(page.url())?.[1]);
}

/** Polls until `probe` is true (the page's CSP forbids string-evaluated waits). */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function percent(text: string | null): number {
  return Number((text ?? '').replace('%', '').trim());
}

test('sort runs by best test and open the top one; the view settings come back on reload; the best architecture link', { skip }, async () => {
  const page = await open('/experiments');
  const id = await queue(page, 'name: sortable\nbenchmark: nb201-cifar10\nbudget: 20\nseeds: 4\nsearchers: [random-search, random-walk]\n');
  await page.getByTestId('experiment-status').filter({ hasText: 'finished' }).waitFor({ timeout: 60000 });
  const rows = page.getByTestId('run-row');
  await until('8 rows', async () => (await rows.count()) === 8);

  await page.getByTestId('sort-test').click();
  assert.match(page.url(), /runsSort=-test/);
  const tests = await rows.locator('td:nth-child(7)').allTextContents();
  const values = tests.map(percent);
  assert.deepEqual(values, [...values].sort((a, b) => b - a), `sorted by best test, high first: ${tests.join(' ')}`);
  const topId = await rows.first().getAttribute('data-run-id');
  await page.screenshot({ path: join(SHOTS, 'runs-sorted.png') });

  // Settings of the view, then a reload of its address.
  await page.getByTestId('metric-select').selectOption('valid');
  await page.getByTestId('band-select').selectOption('std');
  await page.getByTestId('logx-toggle').check();
  await page.getByTestId('budgets-input').fill('5, 15');
  await page.getByTestId('run-filter').fill('random-walk');
  await until('4 rows', async () => (await rows.count()) === 4);
  await until('the settings in the address', async () => page.url().includes('runsFilter=') && page.url().includes('budgets='));
  const linked = page.url();
  assert.match(linked, new RegExp(`#/experiments/${id}\\?`));
  const again = await lab().browser.newPage({ viewport: { width: 1280, height: 800 } });
  await again.goto(linked);
  await again.getByTestId('run-row').first().waitFor();
  assert.equal(await again.getByTestId('metric-select').inputValue(), 'valid');
  assert.equal(await again.getByTestId('band-select').inputValue(), 'std');
  assert.equal(await again.getByTestId('logx-toggle').isChecked(), true);
  assert.equal(await again.getByTestId('budgets-input').inputValue(), '5, 15');
  assert.equal(await again.getByTestId('run-filter').inputValue(), 'random-walk');
  assert.equal(await again.getByTestId('run-row').count(), 4);
  assert.equal(await again.locator('th[aria-sort="descending"]').filter({ hasText: 'Best test' }).count(), 1);
  await again.screenshot({ path: join(SHOTS, 'experiment-linked.png') });
  await again.close();

  // The top run opens from the sorted table.
  await page.getByTestId('run-filter').fill('');
  await until('8 rows', async () => (await rows.count()) === 8);
  assert.equal(await rows.first().getAttribute('data-run-id'), topId);
  await rows.first().click();
  await page.waitForURL(new RegExp(`#/runs/${topId}`));
  await page.getByTestId('best-architectures').waitFor();

  // The best architecture link: the run with the best validation accuracy, its best cell chosen.
  await page.goto(`${lab().serve.url}#/experiments/${id}`);
  await page.getByTestId('best-architecture-link').click();
  await page.waitForURL(/#\/runs\/\d+\?arch=best/);
  await page.locator('[data-testid="best-row"][data-rank="1"][aria-selected="true"]').waitFor();
  await page.getByTestId('cell-graph').waitFor();
  // The run view's settings live in its address too: the chosen architecture, the scatter's metric and zoom.
  await page.locator('[data-testid="best-row"][data-rank="3"]').click();
  await page.getByTestId('scatter-metric').selectOption('test');
  await page.getByTestId('scatter-zoom').uncheck();
  await until('the run settings in the address', async () => /arch=[^&]+/.test(page.url()) && page.url().includes('scatter=test') && page.url().includes('zoom=0'));
  await page.reload();
  await page.locator('[data-testid="best-row"][data-rank="3"][aria-selected="true"]').waitFor();
  assert.equal(await page.getByTestId('scatter-metric').inputValue(), 'test');
  assert.equal(await page.getByTestId('scatter-zoom').isChecked(), false);

  // Architecture insight: opened, it draws the run's architectures and the operation shares; a
  // chosen architecture (here the run's best, by its hash in the address) is drawn, and stays on reload.
  const bestHash = await page.locator('[data-testid="best-row"][data-rank="1"]').getAttribute('data-hash');
  // The run's address without its view settings (the server's token before the # stays).
  const runUrl = page.url().replace(/(#[^?]*)\?.*$/, '$1');
  await page.goto(`${runUrl}?insight=${encodeURIComponent(bestHash!)}`);
  await page.reload();
  await page.getByTestId('insight-parallel').locator('canvas').waitFor();
  assert.equal(await page.getByTestId('insight-shares').locator('tbody tr').count(), 5, 'the five NB201 operations');
  await page.getByTestId('insight-chosen').getByTestId('cell-graph').waitFor();
  await page.getByTestId('insight-topk').selectOption('50');
  await until('top k in the address', async () => page.url().includes('topk=50'));
  await page.reload();
  await page.getByTestId('insight-chosen').waitFor();
  assert.equal(await page.getByTestId('insight-topk').inputValue(), '50');
  await page.getByTestId('architecture-insight').screenshot({ path: join(SHOTS, 'architecture-insight.png') });

  // The experiment's insight, over all 8 runs: opened from the address, one line per distinct
  // cell; a click on a line (found by walking down the first axis) opens that cell on its run's page.
  await page.goto(`${runUrl.replace(/#.*$/, '')}#/experiments/${id}?insightOpen=1`);
  const insight = page.getByTestId('experiment-insight');
  await insight.getByTestId('insight-parallel').locator('canvas').waitFor();
  assert.match((await insight.getByTestId('insight-drawn').textContent()) ?? '', /\d+ architectures/);
  assert.equal(await insight.getByTestId('insight-shares').locator('tbody tr').count(), 5, 'the five NB201 operations');
  await insight.scrollIntoViewIfNeeded();
  await insight.screenshot({ path: join(SHOTS, 'experiment-insight.png') });
  await insight.getByTestId('insight-parallel').scrollIntoViewIfNeeded();
  const box = (await insight.getByTestId('insight-parallel').boundingBox())!;
  for (let y = box.y + 42; y < box.y + box.height - 30 && !page.url().includes('#/runs/'); y += 3) {
    await page.mouse.click(box.x + 40, y);
  }
  assert.match(page.url(), /#\/runs\/\d+\?insight=/, 'a clicked line opens its run');
  await page.getByTestId('insight-chosen').getByTestId('cell-graph').waitFor();
  await page.close();
  // The same insight in the dark theme, photographed.
  const dark = await open(`/experiments/${id}?insightOpen=1`, 'dark');
  const darkInsight = dark.getByTestId('experiment-insight');
  await darkInsight.getByTestId('insight-parallel').locator('canvas').waitFor();
  await darkInsight.scrollIntoViewIfNeeded();
  await dark.waitForTimeout(300);
  await darkInsight.screenshot({ path: join(SHOTS, 'experiment-insight-dark.png') });
  await dark.close();
  assert.deepEqual(pageErrors, []);
});

test('keyboard: / focuses the view\'s filter, ? lists the shortcuts', { skip }, async () => {
  const page = await open('/experiments');
  await page.getByTestId('experiments-table').waitFor();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate('document.activeElement && document.activeElement.dataset.testid'), 'experiment-filter');
  await page.keyboard.type('sortable');
  assert.match(page.url(), /filter=sortable/);
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-help');
  await help.filter({ hasText: 'Focus the filter' }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'shortcuts-help.png') });
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  await page.goto(`${lab().serve.url}#/benchmarks`);
  await page.getByTestId('benchmark-row').first().waitFor();
  await page.keyboard.press('/');
  await page.keyboard.type('space:nb101');
  await until('one benchmark row', async () => (await page.getByTestId('benchmark-row').count()) === 1);
  await page.close();
  assert.deepEqual(pageErrors, []);
});

/** The run processes `archwalk serve` started (its direct children). */
function runProcesses(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(lab().serve.child.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('run-process') || line.includes('worker.js'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

test('a failed run is retried from the UI and finishes', { skip }, async () => {
  const page = await open('/experiments');
  await queue(page, 'name: to fail\nbenchmark: nb201-cifar10\nbudget: 60\nqueryDelayMs: 100\nseeds: 1\nsearchers: [random-search]\n');
  const row = page.getByTestId('run-row').first();
  await row.getByTestId('run-status').filter({ hasText: 'running' }).waitFor({ timeout: 30000 });
  const runId = await row.getAttribute('data-run-id');
  await page.goto(`${lab().serve.url}#/runs/${runId}`);
  await until('5 queries', async () => Number(((await page.getByTestId('curve-points').textContent()) ?? '').replace(/\D/g, '') || '0') >= 5);
  const pids = runProcesses();
  assert.equal(pids.length, 1, 'one run process');
  process.kill(pids[0]!, 'SIGKILL');
  await page.getByTestId('run-status').filter({ hasText: 'failed' }).waitFor({ timeout: 30000 });
  await page.getByTestId('retry-button').filter({ hasText: 'Retry' }).click();
  await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 60000 });
  assert.match((await page.getByTestId('curve-points').textContent()) ?? '', /^60 points/);
  await page.close();
  assert.deepEqual(pageErrors, []);
});
