/**
 * The app on a lab's PostgreSQL store, in Debian's Chromium through `archwalk serve`: an
 * experiment queued from the UI is run by a worker process with a home of its own, and the
 * run's page shows it live (the doorbell of the shared store) with the machine it ran on.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';
import { CHROMIUM, SHOTS } from '../helpers/lab.ts';
import { postgresSkip, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { startArchwalk, type CliProcess } from '../helpers/processes.ts';
import { CHROMIUM_ARGS, startServe, type ServeProcess } from '../helpers/serve.ts';

const skip = postgresSkip || skipWithout(NB201_CSV) || (existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`);
let cluster: PostgresCluster | undefined;
let serve: ServeProcess | undefined;
let browser: Browser | undefined;
let url = '';
const homes = [tempDir('archwalk-lab-view-'), tempDir('archwalk-lab-view-')];

before(async () => {
  if (skip) return;
  cluster = await startPostgres();
  url = await cluster.createDatabase('view');
  assert.equal(archwalk(homes[0]!.path, ['store', 'init', url]).code, 0);
  serve = await startServe(homes[0]!.path, [], undefined, { ARCHWALK_STORE: url });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await serve?.stop();
  cluster?.stop();
  for (const home of homes) home.cleanup();
});

async function points(page: Page): Promise<number> {
  return Number(((await page.getByTestId('curve-points').textContent()) ?? '').replace(/[^0-9]/g, '') || '0');
}

test('on a lab store: queue from the UI, a worker elsewhere runs it, the run page grows live and says which machine ran it', { skip, timeout: 180_000 }, async () => {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${serve!.url}#/new`);
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor();
  const config = ['name: lab view', 'benchmark: nb201-cifar10', 'budget: 80', 'seeds: [0]', 'queryDelayMs: 60', 'searchers:', '  - kind: local-search'].join('\n');
  await page.getByTestId('new-experiment-text').fill(config);
  await page.getByTestId('queue-button').click();
  await page.getByTestId('config-issues').filter({ hasText: 'Queued' }).waitFor();

  let worker: CliProcess | undefined;
  try {
    await page.getByTestId('nav-experiments').click();
    // Nothing runs it until a worker comes: serve on a lab store runs nothing itself.
    await page.getByTestId('queue-summary').filter({ hasText: '0 running · 1 waiting' }).waitFor();
    assert.match((await page.getByTestId('queue-lab').textContent()) ?? '', /drained by the lab's workers · postgres:\/\/archwalk:\*\*\*@127\.0\.0\.1/);
    assert.equal(await page.getByTestId('concurrency-input').count(), 0, 'no limit to set here');
    await page.screenshot({ path: join(SHOTS, 'lab-queued.png') });
    worker = startArchwalk(homes[1]!.path, ['--store', url, 'worker']);
    await page.getByTestId('experiment-row').filter({ hasText: 'lab view' }).click();
    const run = page.getByTestId('run-row').first();
    await run.getByTestId('run-status').filter({ hasText: 'running' }).waitFor({ timeout: 30_000 });
    await run.click();
    await page.getByTestId('incumbent-chart').waitFor();
    const deadline = Date.now() + 30_000;
    let early = 0;
    while ((early = await points(page)) < 5 && Date.now() < deadline) await page.waitForTimeout(100);
    let later = early;
    while ((later = await points(page)) <= early + 10 && Date.now() < deadline + 30_000) await page.waitForTimeout(100);
    assert.ok(later > early + 10, `the chart grew live from ${early} to ${later} points`);
    await page.screenshot({ path: join(SHOTS, 'lab-run-live.png') });
    await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 60_000 });
    assert.equal((await worker.exited).code, 0, worker.stderr());
    const ranOn = (await page.getByTestId('run-attempts').textContent()) ?? '';
    assert.match(ranOn, /\(pid \d+\)/, `the page names the worker's machine and process: ${ranOn}`);
    await page.screenshot({ path: join(SHOTS, 'lab-run-done.png'), fullPage: true });
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('experiment-row').filter({ hasText: 'lab view' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'lab-experiments.png') });
    assert.deepEqual(errors, []);
  } finally {
    worker?.kill('SIGTERM');
    await page.close();
  }
});
