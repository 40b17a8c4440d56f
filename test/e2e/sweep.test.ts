/**
 * A sweep from the UI, in Chromium against a real `archwalk serve`: the α-ablation template,
 * shrunk to a small budget, is queued from the New experiment page; its agents train, their
 * evaluations run after them without further clicks, and the experiment page shows the sweep's
 * table (best configuration highlighted), a sensitivity chart and parallel coordinates, in both
 * themes; "Train this one longer" opens the form with that configuration and a longer budget.
 * The form also turns the template's α grid into random draws and back, the YAML and the work
 * estimate following (nothing queued).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { Store } from '../../src-main/services/store.ts';
import { labPerFile, labSkip, SHOTS } from '../helpers/lab.ts';

const skip = labSkip;
const { open, errors, lab } = labPerFile();

/** What the store says of the failed runs (the table shows only their status). */
function failedErrors(home: string): string {
  const store = new Store(join(home, 'archwalk.db'));
  try {
    return store.listRuns({ statuses: ['failed'] }).map((r) => `run ${r.id}: ${r.error ?? '(no error)'}`).join('\n');
  } finally {
    store.close();
  }
}

/** The template as shipped, made small: 2 α values, 1 agent each of 6 s, 2 search seeds of 20 queries. */
function shrink(text: string): string {
  const small = text
    .replace(/^seeds: 3\b/m, 'seeds: 1')
    .replace(/^ {4}minutes: 3$/m, '    minutes: 0.1')
    .replace(/rewardAlpha: \[1, 3, 6, 12, 25, 50\]/, 'rewardAlpha: [1, 50]')
    .replace(/^ {4}budget: 100$/m, '    budget: 20')
    .replace(/^ {4}seeds: 30$/m, '    seeds: 2')
    .replace(/^ {4}at: \[25, 50, 100\]$/m, '    at: [10, 20]');
  for (const expected of ['seeds: 1', 'minutes: 0.1', 'rewardAlpha: [1, 50]', 'budget: 20', 'seeds: 2', 'at: [10, 20]']) assert.ok(small.includes(expected), `the template changed: ${expected} not made\n${text}`);
  return small;
}

test('the α-ablation template queues from the UI and its results appear without further clicks', { skip, timeout: 300_000 }, async () => {
  const page = await open('/new?template=alpha-ablation-nb201');
  const editor = page.getByTestId('new-experiment-text');
  await page.getByTestId('work-estimate').filter({ hasText: 'Work:' }).waitFor();
  // The full template's estimate, shown before queueing: 6 α × 3 agents × 3 minutes.
  await page.getByTestId('work-estimate').filter({ hasText: '18 training runs' }).filter({ hasText: '54 min of training' }).waitFor();
  // The form shows the sweep too, and its values are checked against the parameter's domain.
  const original = await editor.inputValue();
  const alphas = page.locator('#sweep-rewardAlpha');
  await alphas.waitFor();
  assert.equal(await alphas.inputValue(), '1, 3, 6, 12, 25, 50');
  await alphas.fill('1, 3, 2000');
  await alphas.press('Tab');
  await page.getByTestId('sweep-param').filter({ hasText: 'sweep.grid.rewardAlpha[2] must be at most 1000, got 2000' }).waitFor();
  assert.match(await editor.inputValue(), /rewardAlpha:\s*\[\s*1,\s*3,\s*2000\s*\]/);
  await editor.fill(shrink(original));
  await page.getByTestId('work-estimate').filter({ hasText: '12 runs' }).waitFor();
  await page.getByTestId('queue-button').click();
  await page.getByTestId('config-issues').filter({ hasText: 'Queued' }).waitFor();
  await page.getByTestId('queued-link').click();

  // One experiment; its evaluation runs wait for their agents, then run by themselves.
  await page.getByTestId('experiment-status').filter({ hasText: /finished|failed/ }).waitFor({ timeout: 240_000 });
  const status = (await page.getByTestId('experiment-status').innerText()).trim();
  const failedRuns = await page.locator('[data-testid="run-row"]').filter({ hasText: 'failed' }).allInnerTexts();
  assert.equal(status, 'finished', `the sweep ended ${status}; failed runs:\n${failedRuns.join('\n')}\n${failedErrors(lab().home.path)}`);
  const table = page.getByTestId('sweep-table');
  await table.waitFor();
  await page.getByTestId('sweep-row').nth(1).locator('td').nth(1).filter({ hasText: '±' }).waitFor();
  assert.equal(await page.getByTestId('sweep-row').count(), 2);
  assert.equal(await page.getByTestId('sweep-baseline').count(), 3);
  assert.equal(await page.locator('[data-testid="sweep-row"][data-best]').count(), 1);
  await page.getByTestId('sensitivity-rewardAlpha').waitFor();
  await page.getByTestId('parallel-chart').waitFor();
  await page.getByTestId('sweep-results').getByText('in-sample', { exact: false }).first().waitFor();
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.waitForTimeout(500);
  await page.getByTestId('sweep-results').screenshot({ path: join(SHOTS, 'sweep-light.png') });

  const experimentUrl = page.url();
  const dark = await open(experimentUrl.slice(experimentUrl.indexOf('#') + 1), 'dark');
  await dark.getByTestId('sweep-table').waitFor();
  await dark.getByTestId('parallel-chart').waitFor();
  await dark.setViewportSize({ width: 1280, height: 1500 });
  await dark.waitForTimeout(500);
  await dark.getByTestId('sweep-results').screenshot({ path: join(SHOTS, 'sweep-dark.png') });
  await dark.close();

  // The best configuration is one click from a longer training of it.
  const bestAlpha = (await page.locator('[data-testid="sweep-row"][data-best] td').first().innerText()).trim();
  await page.getByTestId('sweep-best').filter({ hasText: `rewardAlpha=${bestAlpha}` }).waitFor();
  await page.getByTestId('train-longer').click();
  await page.waitForURL(/#\/new\?clone=\d+&configuration=\d+/);
  const longer = page.getByTestId('new-experiment-text');
  let text = '';
  for (let i = 0; i < 100 && !text.includes('minutes: 0.4'); i++) {
    await page.waitForTimeout(100);
    text = await longer.inputValue();
  }
  assert.match(text, /minutes: 0\.4$/m, '4× the 0.1 minutes the sweep trained');
  assert.match(text, new RegExp(`rewardAlpha: ${bestAlpha}\\b`));
  assert.doesNotMatch(text, /sweep:/);
  await page.getByTestId('work-estimate').filter({ hasText: 'Work:' }).waitFor();
  assert.deepEqual(errors, []);
});

/** The YAML editor's text once it matches `pattern` (form edits reach it through the document). */
async function yamlMatching(page: Page, pattern: RegExp): Promise<string> {
  const editor = page.getByTestId('new-experiment-text');
  let text = '';
  for (let i = 0; i < 50 && !pattern.test(text); i++) {
    text = await editor.inputValue();
    if (!pattern.test(text)) await page.waitForTimeout(100);
  }
  assert.match(text, pattern);
  return text;
}

/** Opens the α-ablation template and switches its sweep to random draws in the form. */
async function randomAlpha(colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await open('/new?template=alpha-ablation-nb201', colorScheme);
  await page.getByTestId('work-estimate').filter({ hasText: '18 training runs' }).waitFor();
  await page.getByTestId('sweep-mode-random').check();
  return page;
}

test('the form switches the α grid to random draws and back; the YAML and the estimate follow', { skip, timeout: 120_000 }, async () => {
  const page = await randomAlpha('light');
  // 1..50 spans 50×: drawn in the log; as many draws as the grid had values.
  const text = await yamlMatching(page, /random:\n\s+draws: 6\n\s+seed: 0\n\s+ranges:\n\s+rewardAlpha:\n\s+min: 1\n\s+max: 50\n\s+scale: log\n/);
  assert.doesNotMatch(text, /^\s+grid:/m);
  await page.getByTestId('work-estimate').filter({ hasText: '18 training runs' }).filter({ hasText: '54 min of training' }).waitFor();
  assert.equal(await page.getByTestId('field-sweep.random.ranges.rewardAlpha.max').inputValue(), '50');

  const draws = page.getByTestId('field-sweep.random.draws');
  await draws.fill('4');
  await yamlMatching(page, /draws: 4\n/);
  await page.getByTestId('work-estimate').filter({ hasText: '12 training runs' }).filter({ hasText: '36 min of training' }).waitFor();

  // A validator issue shows at the field it names.
  const min = page.getByTestId('field-sweep.random.ranges.rewardAlpha.min');
  await min.fill('60');
  await page.getByTestId('field-error-sweep.random.ranges.rewardAlpha.min').filter({ hasText: 'sweep.random.ranges.rewardAlpha.min 60 is above sweep.random.ranges.rewardAlpha.max 50' }).waitFor();
  await min.fill('1');
  await page.getByTestId('work-estimate').filter({ hasText: '12 training runs' }).waitFor();

  // A second parameter starts as a range around its value now; the number of draws stays.
  await page.getByTestId('add-sweep-param').selectOption('gamma');
  await page.getByTestId('add-sweep-button').click();
  await yamlMatching(page, /\n\s+gamma:\n\s+min: [\d.]+\n\s+max: [\d.]+\n\s+scale: (log|linear)\n/);
  await page.getByTestId('sweep-summary').filter({ hasText: 'random draws over 2 parameters: 4 configurations' }).waitFor();
  await page.getByTestId('sweep-section').screenshot({ path: join(SHOTS, 'sweep-form-random-light.png') });
  await page.getByRole('button', { name: 'Stop sweeping gamma' }).click();
  await page.getByTestId('sweep-summary').filter({ hasText: 'random draws over 1 parameter' }).waitFor();
  const dark = await randomAlpha('dark');
  await dark.getByTestId('field-sweep.random.draws').waitFor();
  await dark.getByTestId('sweep-section').screenshot({ path: join(SHOTS, 'sweep-form-random-dark.png') });
  await dark.close();

  // Back to a grid: a short list over the range, in the log.
  await page.getByTestId('sweep-mode-grid').check();
  await yamlMatching(page, /grid:\n\s+rewardAlpha: \[ ?1, 3\.7, 14, 50 ?\]\n/);
  assert.equal(await page.locator('#sweep-rewardAlpha').inputValue(), '1, 3.7, 14, 50');
  await page.getByTestId('work-estimate').filter({ hasText: '12 training runs' }).waitFor();
  await page.getByTestId('sweep-section').screenshot({ path: join(SHOTS, 'sweep-form-grid-light.png') });
  assert.deepEqual(errors, []);
});
