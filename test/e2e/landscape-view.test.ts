/**
 * The landscape view in Chromium against a real `archwalk serve`: from the Benchmarks table to
 * the shipped NB201 table's landscape, computed in an analysis process (the progress shows, then
 * the charts), then, in the dark theme, served from the store at once.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { labPerFile, labSkip, SHOTS } from '../helpers/lab.ts';

const skip = labSkip;
const { open, errors: pageErrors } = labPerFile();

test('Benchmarks → landscape of nb201-cifar10: computed with progress, drawn, then served from the store', { skip }, async () => {
  const page = await open('/benchmarks');
  const row = page.getByTestId('benchmark-row').filter({ hasText: 'nb201-cifar10' }).filter({ hasNotText: '12ep' });
  await row.getByTestId('benchmark-analyse').click();
  await page.waitForURL(/#\/analysis\?benchmark=nb201-cifar10$/);
  await page.getByTestId('analysis-provenance').filter({ hasText: 'Computed' }).waitFor({ timeout: 120_000 });
  await page.getByTestId('analysis-distributions').filter({ hasText: 'all 15,625 cells of the table' }).waitFor();
  const alphas = await page.getByTestId('analysis-reward-table').locator('tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(alphas, ['1', '5', '10', '25', '50']);
  await page.getByTestId('analysis-alpha-choice').selectOption('25');
  await page.getByTestId('analysis-rho-table').filter({ hasText: 'paper' }).waitFor();
  for (const chart of ['accuracy', 'reward', 'rho', 'sizes']) {
    const canvas = page.getByTestId(`analysis-${chart}-chart`).locator('canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 150, `${chart} chart is drawn (${JSON.stringify(box)})`);
  }
  assert.equal(await page.getByTestId('analysis-alpha-choice').inputValue(), '25');
  await page.screenshot({ path: join(SHOTS, 'landscape-nb201.png') });
  await page.getByTestId('analysis-landscape').screenshot({ path: join(SHOTS, 'landscape-nb201-walks.png') });
  await page.close();

  const dark = await open('/analysis?benchmark=nb201-cifar10', 'dark');
  await dark.getByTestId('analysis-provenance').filter({ hasText: 'From the store' }).waitFor({ timeout: 15_000 });
  assert.equal(await dark.getByTestId('analysis-alpha-choice').inputValue(), '1', 'the first α is drawn until another is chosen');
  await dark.getByTestId('analysis-distributions').screenshot({ path: join(SHOTS, 'landscape-nb201-dark.png') });
  await dark.getByTestId('analysis-landscape').screenshot({ path: join(SHOTS, 'landscape-nb201-walks-dark.png') });
  await dark.close();
  assert.deepEqual(pageErrors, []);
});
