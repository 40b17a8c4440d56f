/**
 * Reports end to end through the real CLI: an NB201 experiment run by `archwalk run`, then
 * `archwalk report` as HTML (loaded in Chromium with the network blocked: it must ask for
 * nothing but itself) and as PDF (turned into images with pdftoppm: the pages are there and
 * the chart and cell pages are drawn, not blank).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { archwalk } from '../helpers/cli.ts';
import { NB201_CSV, REPO_ROOT, skipWithout, tempDir } from '../helpers/data.ts';
import { CHROMIUM_ARGS } from '../helpers/serve.ts';

const CHROMIUM = process.env.ARCHWALK_CHROMIUM ?? '/usr/bin/chromium';
const hasTool = (name: string): boolean => spawnSync(name, ['-v'], { encoding: 'utf8' }).error === undefined;
const noChromium = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set ARCHWALK_CHROMIUM)`;
const skip = skipWithout(NB201_CSV) || noChromium;
const skipPdf = skip || (hasTool('pdftoppm') && hasTool('pdftotext') ? false : 'pdftoppm/pdftotext not installed (apt-get install poppler-utils)');
const SHOTS = join(REPO_ROOT, 'test-results', 'report');

let home: ReturnType<typeof tempDir>;
let browser: Browser;

before(async () => {
  if (skip) return;
  home = tempDir();
  // nb201-cifar10 ships with archwalk: every new home has it.
  const config = join(home.path, 'exp.yaml');
  writeFileSync(config, 'name: report e2e\nbenchmark: nb201-cifar10\nbudget: 40\nseeds: [0, 1, 2]\nsearchers:\n  - random-search\n  - regularized-evolution\n');
  const run = archwalk(home.path, ['run', config]);
  assert.equal(run.code, 0, run.stderr);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  home?.cleanup();
});

test('the HTML report asks for nothing but itself, with the network blocked, and renders its charts', { skip }, async () => {
  const file = join(home.path, 'report.html');
  const result = archwalk(home.path, ['report', 'exp:1', '--format', 'html', '--out', file]);
  assert.equal(result.code, 0, result.stderr);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.route('**', (route) => (route.request().url() === url ? route.continue() : route.abort('blockedbyclient')));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  assert.deepEqual(requests, [url], 'the only request is the document');
  assert.deepEqual(problems, [], 'no console errors (a CSP violation would show here)');
  // Strings and locators rather than DOM-typed callbacks: the tests compile without the DOM lib.
  const layout = {
    chartPaths: await page.locator('#results svg.chart path').count(),
    cells: await page.locator('svg.cell').count(),
    h1Size: await page.evaluate<string>('getComputedStyle(document.querySelector("h1")).fontSize'),
    chartWidth: (await page.locator('#results svg.chart').boundingBox())?.width ?? 0,
    rows: await page.locator('#runs tbody tr').count(),
  };
  assert.ok(layout.chartPaths > 10, `the chart has its lines and axes (${layout.chartPaths} paths)`);
  assert.ok(layout.cells >= 2, 'best architectures drawn');
  assert.equal(layout.h1Size, '24px', 'the inline styles apply');
  assert.ok(layout.chartWidth > 800, 'the chart fills the column');
  assert.equal(layout.rows, 6);
  await page.screenshot({ path: join(SHOTS, 'report-html.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(SHOTS, 'report-print.png'), fullPage: true });
  await page.close();
});

test('the PDF report has its pages, and the chart and cell pages are drawn', { skip: skipPdf }, () => {
  const pdf = join(home.path, 'report.pdf');
  const result = archwalk(home.path, ['report', 'exp:1', '--format', 'pdf', '--out', pdf]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-');
  // Kept under test-results/ so that the pages can be looked at after a run.
  const images = join(SHOTS, 'pdf-pages');
  rmSync(images, { recursive: true, force: true });
  mkdirSync(images, { recursive: true });
  const converted = spawnSync('pdftoppm', ['-png', '-r', '60', pdf, join(images, 'page')], { encoding: 'utf8' });
  assert.equal(converted.status, 0, converted.stderr);
  const pages = readdirSync(images).filter((f) => f.endsWith('.png')).sort();
  assert.ok(pages.length >= 5, `summary+chart, best architectures, runs, provenance, configs: ${pages.length} pages`);
  const textOf = (n: number): string => spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
  const pageWith = (heading: string): number => {
    for (let n = 1; n <= pages.length; n++) if (textOf(n).includes(heading)) return n;
    throw new Error(`no page has "${heading}"`);
  };
  const chartPage = pageWith('Incumbent test accuracy');
  const cellsPage = pageWith('Best architectures found');
  assert.equal(chartPage, 1, 'the chart is on the first page, under the summary');
  assert.ok(cellsPage > chartPage, 'sections start new pages');
  assert.match(textOf(chartPage), /random-search/);
  assert.match(textOf(pageWith('Provenance')), /[0-9a-f]{16}/, 'hashes are printed (wrapped in their column)');
  pages.forEach((name, i) => {
    const image = decodePng(readFileSync(join(images, name)));
    const { ink, colour } = inkOf(image);
    assert.ok(ink > 0.002, `page ${i + 1} is not blank (${(ink * 100).toFixed(2)} % ink)`);
    if (i + 1 === chartPage || i + 1 === cellsPage) assert.ok(colour > 800, `page ${i + 1} has coloured drawing (${colour} coloured pixels)`);
  });
  const chart = inkOf(decodePng(readFileSync(join(images, pages[chartPage - 1]!))));
  assert.ok(chart.ink > 0.02, `the chart page is mostly drawn, not empty (${(chart.ink * 100).toFixed(2)} % ink)`);
});

interface Image {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

/** Share of non-white pixels, and the number of clearly coloured (not grey) ones. */
function inkOf(image: Image): { ink: number; colour: number } {
  let ink = 0;
  let colour = 0;
  const { pixels, channels } = image;
  for (let i = 0; i < image.width * image.height; i++) {
    const r = pixels[i * channels]!;
    const g = pixels[i * channels + (channels >= 3 ? 1 : 0)]!;
    const b = pixels[i * channels + (channels >= 3 ? 2 : 0)]!;
    if (Math.min(r, g, b) < 235) ink++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
  }
  return { ink: ink / (image.width * image.height), colour };
}

/** A minimal PNG reader for 8-bit, non-interlaced grey/RGB/RGBA images (what pdftoppm writes). */
function decodePng(data: Buffer): Image {
  assert.equal(data.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.subarray(offset + 4, offset + 8).toString('latin1');
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      assert.equal(bitDepth, 8);
      assert.equal(interlace, 0);
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType!]!;
      assert.ok(channels, `colour type ${colourType}`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      let value = line[x]!;
      if (filter === 1) value += a;
      else if (filter === 2) value += b;
      else if (filter === 3) value += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        value += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = value & 0xff;
    }
  }
  return { width, height, channels, pixels };
}
