/**
 * Browser mode end to end: a real `archwalk serve` (real store, real run processes), driven
 * through Debian's Chromium with playwright-core. Queues a search from the UI and watches its
 * chart grow while the run is going.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { labSkip, SHOTS, startLab, type Lab } from '../helpers/lab.ts';
import type { ServeProcess } from '../helpers/serve.ts';

const skip = labSkip;

let home: Lab['home'];
let serve: ServeProcess;
let browser: Browser;

let lab: Lab | undefined;

before(async () => {
  if (skip) return;
  lab = await startLab();
  ({ home, serve, browser } = lab);
});

after(async () => {
  await lab?.close();
});

function pointsOf(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9]/g, '') || '0');
}

/** Polls the `curve-points` counter until `accept` holds (the chart batches updates per frame). */
async function waitForPoints(page: Page, accept: (points: number) => boolean, timeoutMs = 30000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const points = pointsOf(await page.getByTestId('curve-points').textContent());
    if (accept(points)) return points;
    if (Date.now() > deadline) throw new Error(`curve-points stayed at ${points}`);
    await page.waitForTimeout(50);
  }
}

test('queue a search from the UI and watch its chart grow live', { skip }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const failedRequests: string[] = [];
  page.on('requestfailed', (r) => failedRequests.push(r.url()));
  await page.goto(`${serve.url}#/new`);
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor();

  const config = [
    'name: e2e live',
    'benchmark: nb201-cifar10',
    'budget: 80',
    'seeds: [0, 1]',
    'queryDelayMs: 40',
    'searchers:',
    '  - kind: local-search',
    '    init: 5',
  ].join('\n');
  await page.getByTestId('new-experiment-text').fill(config.replace('budget: 80', 'budget: 0'));
  await page.getByTestId('validate-button').click();
  await page.getByTestId('config-issues').filter({ hasText: 'budget must be at least 1' }).waitFor();

  await page.getByTestId('new-experiment-text').fill(config);
  await page.getByTestId('queue-button').click();
  await page.getByTestId('config-issues').filter({ hasText: 'Queued' }).waitFor();
  await page.getByTestId('nav-experiments').click();
  const row = page.getByTestId('experiment-row').filter({ hasText: 'e2e live' });
  await row.waitFor();
  await row.click();

  await page.getByTestId('runs-table').waitFor();
  const firstRun = page.getByTestId('run-row').first();
  await firstRun.getByTestId('run-status').filter({ hasText: 'running' }).waitFor({ timeout: 15000 });
  await firstRun.click();
  await page.getByTestId('incumbent-chart').waitFor();

  const early = await waitForPoints(page, (n) => n >= 5);
  const later = await waitForPoints(page, (n) => n > early + 10);
  assert.ok(later > early, `the chart grew from ${early} to ${later} points while the run was going`);
  await page.screenshot({ path: join(SHOTS, 'run-live.png') });

  await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 30000 });
  await waitForPoints(page, (n) => n === 80);
  assert.match((await page.getByTestId('best-architecture').textContent()) ?? '', /nor_conv|skip_connect|avg_pool|none/);
  assert.match((await page.getByTestId('provenance').textContent()) ?? '', /[0-9a-f]{8}/);
  await page.screenshot({ path: join(SHOTS, 'run-done.png') });
  assert.deepEqual(failedRequests, [], 'no request failed');
  await page.close();
});

test('the benchmarks page lists the imported table and refuses a bad import with its message', { skip }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  await page.goto(`${serve.url}#/benchmarks`);
  await page.getByTestId('benchmark-row').filter({ hasText: 'nb201-cifar10' }).waitFor();
  await page.getByTestId('import-path').fill(join(home.path, 'missing.csv'));
  await page.getByTestId('import-name').fill('broken');
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-error').filter({ hasText: 'no such file' }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'benchmarks-dark.png') });
  await page.close();
});

test('the WebSocket refuses other origins', { skip }, async () => {
  const url = new URL(serve.url);
  const { WebSocket } = await import('ws');
  const refused = await new Promise<boolean>((resolve) => {
    const socket = new WebSocket(`ws://${url.host}/api`, { headers: { Origin: 'http://evil.example' } });
    socket.on('open', () => {
      socket.close();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
    socket.on('unexpected-response', () => resolve(true));
  });
  assert.equal(refused, true);
});
