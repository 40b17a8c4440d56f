/**
 * Recovery, in Chromium against a real `archwalk serve` that is stopped mid-session and started
 * again on the same port and token: the New-experiment page, first opened while the server is
 * down, appears once it is back (it stayed blank before); the failed stylesheet preload is
 * handled (no uncaught "Unable to preload CSS"), with a reload offered. And copying falls back to
 * a selected text field where the page may not use the clipboard (plain-http remote serve).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { archwalk } from '../helpers/cli.ts';
import { tempDir } from '../helpers/data.ts';
import { CHROMIUM, labSkip, SHOTS } from '../helpers/lab.ts';
import { CHROMIUM_ARGS, startServe, type ServeProcess } from '../helpers/serve.ts';

const skip = labSkip;
let home: ReturnType<typeof tempDir>;
let browser: Browser;
let serve: ServeProcess | undefined;
let args: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

before(async () => {
  if (skip) return;
  home = tempDir();
  archwalk(home.path, ['benchmark', 'list']);
  const tokenFile = join(home.path, 'token');
  writeFileSync(tokenFile, 'recovery-test-token-0123456789');
  args = ['--port', String(await freePort()), '--token-file', tokenFile];
  serve = await startServe(home.path, args);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await serve?.stop();
  home?.cleanup();
});

test('a view first opened while the server is down appears when it is back; the failed preload is handled', { skip }, async () => {
  const errors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${serve!.url}#/experiments`);
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor();

  await serve!.stop();
  await page.getByTestId('connection-state').filter({ hasText: 'Disconnected' }).waitFor({ timeout: 15000 });
  await page.getByTestId('nav-new').click();
  await page.getByTestId('reload-banner').waitFor({ timeout: 15000 });
  await page.screenshot({ path: join(SHOTS, 'recovery-down.png') });

  serve = await startServe(home.path, args);
  // The page reconnects by itself (with backoff).
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 45000 });
  await page.getByTestId('template-quick-demo').waitFor({ timeout: 20000 });
  await page.getByTestId('template-quick-demo').click();
  await page.getByTestId('work-estimate').filter({ hasText: 'Work:' }).waitFor();
  // Its stylesheet came with it: the banner that offered a reload is gone.
  await page.getByTestId('reload-banner').waitFor({ state: 'detached' });
  await page.screenshot({ path: join(SHOTS, 'recovery-back.png') });
  assert.deepEqual(errors, [], 'no uncaught error');
  await page.close();
});

test('copying falls back to a selected field where the clipboard API is unavailable', { skip }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // What a plain-http page on another host gets: no navigator.clipboard.
  await page.addInitScript('Object.defineProperty(navigator, "clipboard", { value: undefined })');
  await page.goto(`${serve!.url}#/system`);
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor();
  await page.getByRole('button', { name: 'Copy' }).first().click();
  const field = page.getByTestId('copy-fallback');
  await field.waitFor();
  assert.equal(await field.inputValue(), home.path);
  assert.equal(await field.evaluate((el: { selectionStart: number; selectionEnd: number }) => el.selectionEnd - el.selectionStart), home.path.length, 'the text is selected');
  await page.screenshot({ path: join(SHOTS, 'copy-fallback.png') });
  await page.keyboard.press('Escape');
  await field.waitFor({ state: 'detached' });
  await page.close();
});
