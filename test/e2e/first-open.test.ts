/**
 * The first open, in Chromium against a real `archwalk serve` on a fresh home: every template
 * that the page offers as ready queues without editing (each is deleted again at once, so no
 * search or training runs on), the others say what they need; a config's problems all show at
 * once, each once; a YAML syntax error gives the whole sentence and marks its line.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { labPerFile, labSkip, SHOTS } from '../helpers/lab.ts';

const skip = labSkip;
const { lab, open, errors: pageErrors } = labPerFile();

/** The templates a new home cannot queue yet, and what they must say they need; every other one must queue as it is. */
const NEEDS_SETUP: Record<string, RegExp> = { 'paper-nb301': /NAS-Bench-301/, 'transfer-compare': /trained agent/, 'compare-agent': /trained agent/ };

test('a fresh home: every ready template queues without editing; the others say what they need', { skip }, async () => {
  const page = await open('/new');
  await page.getByTestId('template-quick-demo').waitFor();
  const keys = (await page.getByTestId('templates').locator('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid'))))
    .map((id) => String(id).replace(/^template-/, ''));
  assert.ok(keys.length >= 8, `templates: ${keys.join(', ')}`);
  const ready = keys.filter((key) => !(key in NEEDS_SETUP));
  for (const key of ready) {
    await page.goto(`${lab().serve.url}#/new?template=${key}`);
    await page.getByTestId(`template-${key}`).and(page.locator('[aria-pressed="true"]')).waitFor();
    assert.equal(await page.getByTestId('template-missing').count(), 0, `${key} needs nothing`);
    await page.getByTestId('work-estimate').filter({ hasText: 'Work:' }).waitFor();
    await page.getByTestId('queue-button').click();
    await page.getByTestId('config-issues').filter({ hasText: 'Queued' }).waitFor();
    // Delete it again so that nothing searches or trains on in the background.
    await page.getByTestId('queued-link').click();
    await page.getByTestId('experiment-status').waitFor();
    await page.getByTestId('delete-button').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
    await page.waitForURL(/#\/experiments$/);
  }
  for (const [key, why] of Object.entries(NEEDS_SETUP)) {
    await page.goto(`${lab().serve.url}#/new?template=${key}`);
    await page.getByTestId('template-missing').filter({ hasText: why }).waitFor();
  }
  await page.goto(`${lab().serve.url}#/new?template=paper-nb101`);
  await page.getByTestId('template-summary').filter({ hasText: 'nb101-5v-fmnist' }).filter({ hasText: '720 minutes' }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'first-open-templates.png') });
  await page.close();
});

test('every problem of a config at once, each once; a syntax error names and marks its line', { skip }, async () => {
  const page = await open('/new');
  const editor = page.getByTestId('new-experiment-text');
  await editor.fill('name: typo\nbenchmark: nb201-cifar1O\nbudget: 0\nsearchers: [random-search]\n');
  const estimate = page.getByTestId('work-estimate');
  await estimate.filter({ hasText: '2 problems to fix' }).waitFor();
  await page.getByTestId('field-error-benchmark').filter({ hasText: 'nb201-cifar1O" is not registered' }).waitFor();
  await page.getByTestId('field-error-budget').filter({ hasText: 'budget must be at least 1' }).waitFor();
  await page.getByTestId('validate-button').click();
  await page.getByTestId('config-issues').filter({ hasText: '2 problems in the config' }).waitFor();
  assert.equal(await page.getByTestId('other-issues').count(), 0, 'the list is not shown twice');

  await editor.fill('name: broken\nbenchmark: nb201-cifar10\nbudget: [1,\nseeds: 3\n');
  const message = page.getByTestId('yaml-syntax-message');
  await message.filter({ hasText: 'at line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]' }).waitFor();
  const shown = await page.locator('main, body').first().innerText();
  assert.equal(shown.split('Flow sequence in block collection').length - 1, 1, 'the syntax message is shown once');
  const marker = await page.getByTestId('yaml-bad-line').boundingBox();
  const box = await editor.boundingBox();
  assert.ok(marker && box, 'the bad line is marked');
  const lineHeight = marker.height;
  assert.ok(Math.abs(marker.y - box.y - (5 + 3 * lineHeight + 1)) < 3, `the marker is on line 4 (${marker.y - box.y}px below the editor top, line height ${lineHeight})`);
  await page.screenshot({ path: join(SHOTS, 'first-open-syntax.png') });
  await page.close();
  const dark = await open('/new', 'dark');
  await dark.getByTestId('new-experiment-text').fill('name: broken\nbenchmark: nb201-cifar10\nbudget: [1,\nseeds: 3\n');
  await dark.getByTestId('yaml-bad-line').waitFor();
  await dark.screenshot({ path: join(SHOTS, 'first-open-syntax-dark.png') });
  await dark.close();
  assert.deepEqual(pageErrors, []);
});
