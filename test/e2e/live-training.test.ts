/**
 * A live benchmark end to end in the browser: `archwalk serve` runs a search whose queries
 * train real (small) networks, and the run page shows which query is training, how far it
 * has got, and then the trained cells on the chart.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { bandsRecipe } from '../helpers/idx.ts';
import { labSkip, SHOTS, startLab, type Lab } from '../helpers/lab.ts';

let lab: Lab | undefined;

before(async () => {
  if (labSkip) return;
  lab = await startLab();
});

after(async () => {
  await lab?.close();
});

test('the run page shows the training of each live query, then its result', { skip: labSkip }, async () => {
  const { home, serve, browser } = lab!;
  const definition = join(home.path, 'bands-live.json');
  // More epochs than the unit tests: each query trains for a couple of seconds, long enough to watch.
  writeFileSync(definition, JSON.stringify({ recipe: bandsRecipe(home.path, { epochs: 12 }), seeds: [0], maxVertices: 4 }));
  const imported = archwalk(home.path, ['benchmark', 'import', 'live', definition, '--name', 'bands-live']);
  assert.equal(imported.code, 0, imported.stderr);
  const config = join(home.path, 'live.yaml');
  writeFileSync(config, 'name: e2e live training\nbenchmark: bands-live\nbudget: 3\nseeds: [0]\nsearchers: [random-walk]\n');
  const queued = archwalk(home.path, ['queue', 'add', config]);
  assert.equal(queued.code, 0, queued.stderr);

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${serve.url}#/experiments`);
  await page.getByTestId('experiment-row').filter({ hasText: 'e2e live training' }).click();
  await page.getByTestId('run-row').first().click();
  const panel = page.getByTestId('query-progress');
  await panel.waitFor({ timeout: 30000 });
  assert.match((await page.getByTestId('query-progress-text').textContent()) ?? '', /Training query \d+\s*—\s*cell [0-9a-f]{10} · seed 0 · epoch \d+\/12 · step \d+\/\d+ · loss \d+\.\d{3}/);
  const bar = page.getByTestId('query-progress-bar');
  const max = Number(await bar.getAttribute('aria-valuemax'));
  assert.equal(max, 12 * 10, '200 training images in batches of 20, 12 epochs');
  await page.screenshot({ path: join(SHOTS, 'run-live-training.png') });
  await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 60000 });
  await panel.waitFor({ state: 'detached' });
  assert.match((await page.getByTestId('curve-points').textContent()) ?? '', /3/);
  await page.close();
});
