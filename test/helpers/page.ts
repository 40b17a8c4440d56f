/** Helpers the Chromium tests share: a page on the lab's server that records errors, and polling. */
import type { Browser, Page } from 'playwright-core';

/** A 1280×800 page at `#hash`, connected; console errors and page errors go into `errors`. */
export async function openPage(browser: Browser, url: string, hash: string, errors: string[], colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme, acceptDownloads: true });
  page.on('pageerror', (e) => errors.push(`${hash}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${hash}: ${m.text()}`);
  });
  await page.goto(`${url}#${hash}`);
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor();
  return page;
}

/** Polls `probe` every 50 ms until it returns something truthy. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
