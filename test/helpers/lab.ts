/**
 * The end-to-end tests' lab: a fresh ARCHWALK_HOME with the real NB201 table imported,
 * a real `archwalk serve` on it, and Debian's Chromium driven by playwright-core.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { archwalk } from './cli.ts';
import { NB201_CSV, REPO_ROOT, skipWithout, tempDir } from './data.ts';
import { CHROMIUM_ARGS, startServe, type ServeProcess } from './serve.ts';

export const CHROMIUM = process.env.ARCHWALK_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = join(REPO_ROOT, 'test-results', 'e2e');

/** Why the lab cannot run here, or false. */
export const labSkip: string | false = skipWithout(NB201_CSV) || (existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium)`);

export interface Lab {
  home: ReturnType<typeof tempDir>;
  serve: ServeProcess;
  browser: Browser;
  close(): Promise<void>;
}

export async function startLab(): Promise<Lab> {
  const home = tempDir();
  // Opening the home registers the shipped nb201-cifar10 (the same numbers as NB201_CSV).
  const listed = archwalk(home.path, ['benchmark', 'list']);
  assert.match(listed.stdout, /nb201-cifar10/, listed.stderr);
  const serve = await startServe(home.path);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
  return {
    home,
    serve,
    browser,
    async close() {
      await browser.close();
      await serve.stop();
      home.cleanup();
    },
  };
}

/**
 * A page of the app at 1280×800 opened at `hash`, once connected; its uncaught errors are
 * added to `errors` (tests assert it stays empty).
 */
export async function openPage(lab: Lab, hash: string, errors: string[], colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await lab.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
  page.on('pageerror', (e) => errors.push(`${hash}: ${e.message}`));
  await page.goto(`${lab.serve.url}#${hash}`);
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor();
  return page;
}

/**
 * A test file's lab, started before its tests (unless the lab cannot run here) and closed after
 * them, with `open` for its pages and `errors`, the pages' uncaught errors.
 */
export function labPerFile(): { lab(): Lab; open(hash: string, colorScheme?: 'light' | 'dark'): Promise<Page>; errors: string[] } {
  let lab: Lab | undefined;
  const errors: string[] = [];
  before(async () => {
    if (!labSkip) lab = await startLab();
  });
  after(async () => {
    await lab?.close();
  });
  const current = (): Lab => {
    if (!lab) throw new Error('the lab is not running');
    return lab;
  };
  return { lab: current, open: (hash, colorScheme = 'light') => openPage(current(), hash, errors, colorScheme), errors };
}
