/**
 * An agent's latent map in Chromium against a real `archwalk serve`: a tiny agent trained and
 * searching NB201 three times (queued through the CLI, run by the lab's serve), then from the Agents table to the
 * agent's page, the map computed in an analysis process (progress, then the drawing, the legend
 * and the trajectories), then, in the dark theme, the page's address opens it from the store.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { tinyAgentWithSearches } from '../helpers/tiny-agent.ts';
import { labPerFile, labSkip, SHOTS } from '../helpers/lab.ts';
import { waitFor } from '../helpers/page.ts';

const skip = labSkip;
const { lab, open, errors: pageErrors } = labPerFile();

const TRAIN_AND_SEARCH = tinyAgentWithSearches({ name: 'mapped', learnerSteps: 40, budget: 40, seeds: 3 });

test('Agents → an agent\'s page → its latent map: computed with progress, drawn with its trajectories, then from the store in the dark theme', { skip, timeout: 300_000 }, async () => {
  const file = join(lab().home.path, 'train.yaml');
  writeFileSync(file, TRAIN_AND_SEARCH);
  // Queued, and run by the lab's own serve (a second process running the queue would race it for the runs).
  const queued = archwalk(lab().home.path, ['queue', 'add', file]);
  assert.equal(queued.code, 0, queued.stderr);
  await waitFor('the training and the searches to finish', async () => {
    const runs = JSON.parse(archwalk(lab().home.path, ['runs', 'list', '--json']).stdout) as { status: string }[];
    assert.ok(runs.every((r) => !['failed', 'cancelled', 'interrupted'].includes(r.status)), JSON.stringify(runs));
    return runs.length === 4 && runs.every((r) => r.status === 'succeeded');
  }, 150_000);

  const page = await open('/agents');
  await page.getByTestId('agent-row').first().getByRole('button').click();
  await page.waitForURL(/#\/agents\/\d+$/);
  const id = /#\/agents\/(\d+)/.exec(page.url())![1]!;
  await page.getByTestId('agent-map-samples').fill('2000');
  await page.getByTestId('agent-map-compute').click();
  await page.getByTestId('agent-map-progress').waitFor();
  await page.getByTestId('agent-map-provenance').filter({ hasText: 'Computed' }).waitFor({ timeout: 120_000 });
  await page.waitForURL((url) => url.hash.startsWith(`#/agents/${id}?`) && url.hash.includes('map=1') && url.hash.includes('mapSamples=2000'));
  assert.equal(await page.getByTestId('agent-map-run').count(), 3);
  const canvas = page.getByTestId('agent-map-chart').locator('canvas').first();
  await canvas.waitFor();
  const box = await canvas.boundingBox();
  assert.ok(box && box.width > 400 && box.height > 400, `the map is drawn (${JSON.stringify(box)})`);
  await page.getByTestId('agent-map').screenshot({ path: join(SHOTS, 'agent-map.png') });
  await page.close();

  const dark = await open(`/agents/${id}?map=1&mapSamples=2000`, 'dark');
  await dark.getByTestId('agent-map-provenance').filter({ hasText: 'From the store' }).waitFor({ timeout: 15_000 });
  await dark.getByTestId('agent-map-chart').locator('canvas').first().waitFor();
  await dark.getByTestId('agent-map').screenshot({ path: join(SHOTS, 'agent-map-dark.png') });
  await dark.close();
  assert.deepEqual(pageErrors, []);
});
