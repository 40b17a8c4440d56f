/**
 * Layout at 1280×800 in both themes (issue 18, part 6): on every main screen, with a training
 * experiment, three search experiments, their runs and an agent in the store, no table is wider
 * than its card (a cut-off Delete or Compare button), the page never scrolls sideways, no scroll
 * area sits in a scroll area in the scrolling page, and no form help text is cut off. Every
 * screen is photographed (Compare with four experiments: the wrapped legend and line styles;
 * a cell drawing: the arrowheads at its output node).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { archwalk } from '../helpers/cli.ts';
import { labPerFile, labSkip, SHOTS } from '../helpers/lab.ts';
import { waitFor } from '../helpers/page.ts';
import { experimentYaml } from '../helpers/services.ts';
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

/**
 * Scroll areas inside scroll areas, three deep (a scrolling table in a scrolling card in the
 * scrolling page): each wheel turn scrolls whichever happens to be under the pointer.
 */
const NESTED_SCROLLS = `(() => {
  const scrolls = (el) => {
    if (el === document.scrollingElement) return el.scrollHeight > el.clientHeight + 1;
    const s = getComputedStyle(el);
    return ['auto', 'scroll'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1 && el.getClientRects().length > 0;
  };
  const out = [];
  const name = (el) => el.getAttribute('data-testid') || (el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
  document.querySelectorAll('*').forEach((el) => {
    if (el === document.scrollingElement || !scrolls(el)) return;
    const chain = [name(el)];
    for (let up = el.parentElement; up; up = up.parentElement) if (scrolls(up)) chain.push(name(up));
    if (chain.length >= 3) out.push(chain.join(' in '));
  });
  return out;
})()`;

/** Form help texts cut off (an ellipsis, or text hidden past the field's width). */
const CUT_HELP = `[...document.querySelectorAll('.cfield-msg .hint')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent)`;

test('every main screen fits 1280 px in both themes: no table wider than its card, no sideways page scroll, no scroll area in a scroll area in the page, help texts in full', { skip, timeout: 300_000 }, async () => {
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
  // Three search experiments of four searchers each, so Compare has four experiments (the same
  // searcher three times) and more lines than one legend row holds.
  const searchers = ['random-search', 'random-walk', 'local-search', 'regularized-evolution'];
  for (const name of ['layout-search-a', 'layout-search-b', 'layout-search-c']) {
    const yaml = join(lab().home.path, `${name}.yaml`);
    writeFileSync(yaml, experimentYaml({ name, budget: 20, seeds: 2, searchers }));
    const added = archwalk(lab().home.path, ['queue', 'add', yaml]);
    assert.equal(added.code, 0, added.stderr);
  }
  const searches = await waitFor('the search experiments to finish', async () => {
    const list = JSON.parse(archwalk(lab().home.path, ['runs', 'list', '--json']).stdout) as { id: number; status: string; experimentId: number }[];
    return list.length === 3 + 24 && list.every((r) => r.status === 'succeeded') ? list : null;
  }, 120_000);
  const searchExperiments = [...new Set(searches.map((r) => r.experimentId))].filter((id) => id !== search.experimentId);
  const screens: [string, string][] = [
    ['experiments', '/experiments'],
    ['experiment', `/experiments/${search.experimentId}`],
    ['run', `/runs/${search.id}`],
    ['training-run', `/runs/${Math.min(...runs.map((r) => r.id))}`],
    ['compare', `/compare?experiments=${search.experimentId}`],
    ['search-experiment', `/experiments/${searchExperiments[0]}`],
    ['compare-searches', `/compare?experiments=${[search.experimentId, ...searchExperiments].join(',')}`],
    ['agents', '/agents'],
    ['benchmarks', '/benchmarks'],
    ['system', '/system'],
    ['new', '/new'],
    ['new-bananas', '/new?template=bananas'],
  ];
  const problems: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, hash] of screens) {
      const page = await open(hash, scheme);
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(SHOTS, `layout-${name}-${scheme}.png`), fullPage: true });
      for (const p of await overflows(page)) problems.push(`${name} (${scheme}): ${p}`);
      for (const p of await page.evaluate<string[]>(NESTED_SCROLLS)) problems.push(`${name} (${scheme}): nested scroll areas ${p}`);
      for (const p of await page.evaluate<string[]>(CUT_HELP)) problems.push(`${name} (${scheme}): help text cut off: ${p}`);
      await page.close();
    }
  }
  // The best cell of a search run: the arrowheads into its output node (photographed to look at).
  const cellPage = await open(`/runs/${searches.find((r) => searchExperiments.includes(r.experimentId))!.id}?arch=best`, 'dark');
  await cellPage.getByTestId('cell-graph').screenshot({ path: join(SHOTS, 'layout-cell-dark.png') });
  await cellPage.close();
  assert.deepEqual(problems, []);
  assert.deepEqual(pageErrors, [], 'no console or page errors');
});
