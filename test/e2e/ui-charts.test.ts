/**
 * Charts end to end, in Chromium against a real `archwalk serve` on the shipped NB201 table:
 * drag-to-zoom lands on round axis ends and resets; a chart downloads as PNG, SVG and CSV (the
 * CSV is the chart's data: its means agree with the budget table); in every-run mode a line
 * names its run and seed on hover and opens the run on click. Screenshots in both themes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Download, Page } from 'playwright-core';
import { labSkip, SHOTS, startLab, type Lab } from '../helpers/lab.ts';
import { openPage, waitFor } from '../helpers/page.ts';

const skip = labSkip;
let lab: Lab | undefined;
const pageErrors: string[] = [];
let experimentId = 0;

before(async () => {
  if (skip) return;
  lab = await startLab();
});

after(async () => {
  await lab?.close();
  assert.deepEqual(pageErrors, [], 'no console or page errors');
});

function open(hash: string, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  return openPage(lab!.browser, lab!.serve.url, hash, pageErrors, scheme);
}

async function saved(page: Page, testid: string): Promise<{ name: string; bytes: Buffer }> {
  const download: Promise<Download> = page.waitForEvent('download');
  await page.getByTestId(testid).click();
  const d = await download;
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

const CONFIG = `name: chart tools
benchmark: nb201-cifar10
budget: 60
seeds: 3
searchers:
  - kind: random-search
  - kind: regularized-evolution
    population: 10
    sampleSize: 3
`;

test('an experiment chart zooms by dragging to round ends, resets, and downloads as PNG, SVG and CSV', { skip }, async () => {
  const page = await open('/new');
  await page.getByTestId('new-experiment-text').fill(CONFIG);
  await page.getByTestId('work-estimate').filter({ hasText: '6 runs' }).waitFor();
  await page.getByTestId('queue-button').click();
  await page.getByTestId('queued-link').click();
  experimentId = Number(/#\/experiments\/(\d+)/.exec(page.url())?.[1]);
  await page.getByTestId('experiment-status').filter({ hasText: 'finished' }).waitFor({ timeout: 90000 });
  await page.getByTestId('budgets-input').fill('10, 60');
  await waitFor('the table at 60 queries', async () => (await page.getByTestId('budget-table').textContent())?.includes('60 queries'));

  const chart = page.getByTestId('incumbent-chart');
  const box = (await chart.boundingBox())!;
  assert.equal(await page.getByTestId('incumbent-chart-reset-zoom').count(), 0, 'no reset while unzoomed');
  // Drag across about queries 10..40 of 0..60 (the plot starts 64 px in, ends 24 px before the edge).
  const xAt = (q: number): number => box.x + 64 + ((box.width - 88) * q) / 60;
  const y = box.y + box.height / 2;
  await page.mouse.move(xAt(11.3), y);
  await page.mouse.down();
  await page.mouse.move(xAt(25), y, { steps: 5 });
  await page.mouse.move(xAt(38.7), y, { steps: 5 });
  await page.mouse.up();
  const zoom = await waitFor('a zoom window', async () => (await chart.getAttribute('data-zoom')) || null);
  const [lo, hi] = zoom.split('..').map(Number) as [number, number];
  assert.ok(lo <= 11.3 && lo >= 8 && hi >= 38.7 && hi <= 42, `the dragged stretch widened a little: ${zoom}`);
  assert.ok(Number.isInteger(lo / 2.5) && Number.isInteger(hi / 2.5), `round ends: ${zoom}`);
  await page.screenshot({ path: join(SHOTS, 'ui-chart-zoomed.png') });
  await page.getByTestId('incumbent-chart-reset-zoom').click();
  await waitFor('the zoom to reset', async () => (await chart.getAttribute('data-zoom')) === '');
  assert.equal(await page.getByTestId('incumbent-chart-reset-zoom').count(), 0);

  const png = await saved(page, 'incumbent-chart-png');
  assert.match(png.name, /\.png$/);
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(png.bytes.length > 10_000, `a drawn chart, not a blank: ${png.bytes.length} bytes`);

  const svg = await saved(page, 'incumbent-chart-svg');
  const svgText = svg.bytes.toString('utf8');
  assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svgText, /<path /);
  assert.match(svgText, /random-search/, 'the legend is in the drawing');

  const csv = await saved(page, 'incumbent-chart-csv');
  assert.match(csv.name, /\.csv$/);
  const lines = csv.bytes.toString('utf8').trim().split(/\r\n/);
  assert.equal(lines[0], 'series,queries,mean,lower,upper,seeds,of seeds');
  // One mean row per query and searcher (a band row too), all 3 seeds behind every mean.
  const means = lines.slice(1).map((l) => l.split(',')).filter((f) => f[2] !== '');
  assert.equal(means.length, 2 * 60);
  assert.ok(means.every((f) => f[5] === '3' && f[6] === '3'));
  // The CSV's mean at 60 queries is the budget table's.
  const table = (await page.getByTestId('budget-table').textContent()) ?? '';
  for (const searcher of ['random-search', 'regularized-evolution']) {
    const at60 = means.find((f) => f[0] === searcher && f[1] === '60');
    assert.ok(at60, `${searcher} at 60 queries`);
    assert.ok(table.includes(Number(at60[2]).toFixed(2)), `${searcher}: ${Number(at60[2]).toFixed(2)} in the table`);
  }
  await page.close();
});

test('every run: a line names its run and seed on hover and opens the run on click', { skip }, async () => {
  assert.ok(experimentId > 0, 'runs after the zoom test');
  const page = await open(`/experiments/${experimentId}`);
  await page.getByTestId('mode-select').selectOption('runs');
  const chart = page.getByTestId('incumbent-chart');
  await waitFor('the runs drawn', async () => (await page.getByTestId('curve-points').textContent())?.includes('360'));
  const box = (await chart.boundingBox())!;
  const hover = page.getByTestId('incumbent-chart-hover');
  // Walk down the plot at about query 50 until the pointer is on a line.
  const x = box.x + 64 + (box.width - 88) * (50 / 60);
  let found = false;
  for (let y = box.y + 20; y < box.y + box.height - 44 && !found; y += 2) {
    await page.mouse.move(x, y);
    found = (await hover.count()) > 0;
  }
  assert.ok(found, 'a line under the pointer');
  const text = (await hover.textContent()) ?? '';
  assert.match(text, /^(random-search|regularized-evolution) · run #(\d+) · seed [0-2]: \d+\.\d\d% at \d+ queries · click to open$/);
  const runId = /run #(\d+)/.exec(text)![1];
  await page.screenshot({ path: join(SHOTS, 'ui-chart-every-run.png') });
  await page.mouse.down();
  await page.mouse.up();
  await waitFor('the run page', async () => page.url().endsWith(`#/runs/${runId}`));
  await page.close();
});

test('the chart toolbar reads well in both themes', { skip }, async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open(`/experiments/${experimentId}`, scheme);
    await page.getByTestId('incumbent-chart-toolbar').waitFor();
    await waitFor('the chart drawn', async () => (await page.getByTestId('budget-row').count()) === 2);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `ui-chart-${scheme}.png`) });
    await page.close();
  }
});
