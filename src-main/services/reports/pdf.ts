/**
 * PDF outside Electron: the HTML report printed by a locally installed Chromium or Chrome
 * in headless mode (the app prints the same HTML with webContents.printToPDF instead).
 * The page is a local file with no external resources, so the browser needs no network.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../user-error.ts';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome', 'microsoft-edge'];
const FIXED_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** ARCHWALK_CHROMIUM, then the usual names on PATH, then the usual install locations. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.ARCHWALK_CHROMIUM?.trim();
  if (configured) return executable(configured) ? configured : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      for (const candidate of process.platform === 'win32' ? [`${name}.exe`] : [name]) {
        const path = join(dir, candidate);
        if (executable(path)) return path;
      }
    }
  }
  return FIXED_PATHS.find(executable) ?? null;
}

export const NO_CHROMIUM_MESSAGE =
  'a PDF report needs Chromium or Google Chrome and none was found (looked at ARCHWALK_CHROMIUM, ' +
  `${NAMES.join(', ')} on PATH, and the usual install locations). Install one (Debian/Ubuntu: apt-get install chromium) ` +
  'or set ARCHWALK_CHROMIUM to its executable; or export --format html and print it from any browser.';

/** Prints the HTML to PDF bytes with headless Chromium. */
export async function printHtmlToPdf(html: string, options: { chromium?: string | null; timeoutMs?: number } = {}): Promise<Uint8Array> {
  const chromium = options.chromium === undefined ? findChromium() : options.chromium;
  if (!chromium) throw new UserError(NO_CHROMIUM_MESSAGE);
  const dir = mkdtempSync(join(tmpdir(), 'archwalk-report-'));
  try {
    const page = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    writeFileSync(page, html);
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Root in containers has no usable sandbox; the page is our own static file without scripts.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--user-data-dir=${join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      '--print-to-pdf-no-header',
      `--print-to-pdf=${pdf}`,
      pathToFileURL(page).href,
    ];
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new UserError(`could not start ${chromium} to print the PDF: ${error.message}`));
      });
      child.once('close', (exitCode) => {
        clearTimeout(timer);
        resolve({ code: exitCode, output });
      });
    });
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(pdf);
    } catch {
      throw new UserError(`${chromium} did not write the PDF (exit code ${code}); its last output:\n${output.trim().split('\n').slice(-8).join('\n')}`);
    }
    if (bytes.length < 5 || Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new UserError(`${chromium} wrote something that is not a PDF`);
    return bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
