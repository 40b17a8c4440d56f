/**
 * Layout at 1280×800 in both themes (issue 18, part 6): on every main screen, with an
 * experiment, its runs and an agent in the store, no table is wider than its card (a cut-off
 * Delete or Compare button) and the page never scrolls sideways. Every screen is photographed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { archwalk } from '../helpers/cli.ts';
import { labPerFile, labSkip, SHOTS } from '../helpers/lab.ts';
import { waitFor } from '../helpers/page.ts';
import { tinyAgentWithSearches } from '../helpers/tiny-agent.ts';

const skip = labSkip;
const { lab, open, errors: pageErrors } = labPerFile();

/**
 * What sticks out at the right: tables past their card (or needing a scroll box inside it), and
 * the page itself. Run in the page as text (the tests are typechecked without the DOM's types).
 */
const OVERFLOWS = `(() => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) out.push('the page is ' + (doc.scrollWidth - doc.clientWidth) + ' px wider than the window');
  document.querySelectorAll('table').forEach((table, i) => {
    const card = table.closest('.card') || table.closest('main');
    if (!card || table.getClientRects().length === 0) return;
    const name = table.getAttribute('data-testid') || table.getAttribute('aria-label') || 'table ' + i;
    const excess = Math.round(table.getBoundingClientRect().right - card.getBoundingClientRect().right);
    if (excess > 1) out.push(name + ' sticks out of its card by ' + excess + ' px');
    for (let el = table.parentElement; el && el !== card; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') out.push(name + ' needs sideways scrolling (' + (el.scrollWidth - el.clientWidth) + ' px)');
    }
  });
  return out;
})()`;
function overflows(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(OVERFLOWS);
}

test('every main screen fits 1280 px in both themes: no table wider than its card, no sideways page scroll', { skip, timeout: 300_000 }, async () => {
  const file = join(lab().home.path, 'train.yaml');
  writeFileSync(file, tinyAgentWithSearches({ name: 'layout', learnerSteps: 20, budget: 20, seeds: 2 }));
  const queued = archwalk(lab().home.path, ['queue', 'add', file]);
  assert.equal(queued.code, 0, queued.stderr);
  const runs = await waitFor('the training and the searches to finish', async () => {
    const list = JSON.parse(archwalk(lab().home.path, ['runs', 'list', '--json']).stdout) as { id: number; status: string; experimentId: number }[];
    assert.ok(list.every((r) => !['failed', 'cancelled', 'interrupted'].includes(r.status)), JSON.stringify(list));
    return list.length === 3 && list.every((r) => r.status === 'succeeded') ? list : null;
  }, 150_000);
  const search = runs.find((r) => r.id !== Math.min(...runs.map((x) => x.id)))!;
  const screens: [string, string][] = [
    ['experiments', '/experiments'],
    ['experiment', `/experiments/${search.experimentId}`],
    ['run', `/runs/${search.id}`],
    ['training-run', `/runs/${Math.min(...runs.map((r) => r.id))}`],
    ['compare', `/compare?experiments=${search.experimentId}`],
    ['agents', '/agents'],
    ['benchmarks', '/benchmarks'],
    ['system', '/system'],
    ['new', '/new'],
  ];
  const problems: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, hash] of screens) {
      const page = await open(hash, scheme);
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(SHOTS, `layout-${name}-${scheme}.png`), fullPage: true });
      for (const p of await overflows(page)) problems.push(`${name} (${scheme}): ${p}`);
      await page.close();
    }
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(pageErrors, [], 'no console or page errors');
});
