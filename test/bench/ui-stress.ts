/**
 * How fast the app is on the stress data issue 18 was measured with: an 800-run experiment, a
 * 15,000-query run, 158 experiments with 296 runs waiting in the queue. The home holds only real
 * results: the shipped nb201-cifar10 table and searches run through the CLI (`archwalk run`, the
 * real run processes); the queued experiments are created through the Api and never run.
 * Debian's Chromium (playwright-core) at 1280×800 loads each view in a new page several times;
 * prints a markdown table of the median and range of each figure beside the figures the issue
 * quoted, and fails when a page throws.
 *
 *   node test/bench/ui-stress.ts [--home DIR] [--loads 5]
 *
 * --home DIR builds the home there, or reuses what an earlier run built there (building is the
 * slow part, ~13 min on 2 cores; measuring takes under a minute).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { rendererDir } from '../../src-main/cli/commands/serve.ts';
import { startServer } from '../../src-main/server/server.ts';
import { createForkLauncher } from '../../src-main/services/fork-launcher.ts';
import { createServices, type Services } from '../../src-main/services/index.ts';
import { CHROMIUM } from '../helpers/lab.ts';
import { CHROMIUM_ARGS } from '../helpers/serve.ts';
import { cliHome } from './cli-home.ts';
import { median } from './python-twin.ts';

const { values } = parseArgs({ options: { home: { type: 'string' }, loads: { type: 'string', default: '5' } } });
const loads = Number(values.loads);
if (!Number.isInteger(loads) || loads < 1) throw new Error('--loads must be a positive integer');
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set ARCHWALK_CHROMIUM)`);
const home = values.home ?? mkdtempSync(join(tmpdir(), 'archwalk-ui-stress-'));

const MANY_RUNS = 'stress: 800 runs';
const LONG_RUN = 'stress: 15000 queries';
const QUEUED = (i: number): string => `stress: queued ${i + 1}`;
const QUEUED_EXPERIMENTS = 158;
const QUEUED_RUNS = 296;
const SEARCHERS = ['random-search', 'random-walk', 'local-search', 'regularized-evolution'];
/** What issue 18 measured before its changes (seconds). */
const BEFORE = { table: 0.48, chart: 0.58, firstPoint: 2.4 };

const { archwalk, configFile } = cliHome(home);

/** The names of the home's experiments whose runs all succeeded (a step cut short is not reused). */
function finished(services: Services): Set<string> {
  return new Set(
    services.store
      .listExperiments()
      .filter((e) => services.store.listRuns({ experimentId: e.id }).every((r) => r.status === 'succeeded'))
      .map((e) => e.name),
  );
}

function experimentId(services: Services, name: string): number {
  const row = services.store.listExperiments().find((e) => e.name === name);
  if (!row) throw new Error(`the home has no experiment "${name}"`);
  return row.id;
}

/** Runs one experiment through `archwalk run` unless the home already holds it, finished. */
function search(services: Services, name: string, yaml: string): void {
  if (finished(services).has(name)) return;
  if (services.store.listExperiments().some((e) => e.name === name)) throw new Error(`"${name}" in ${home} did not finish; build a new home`);
  archwalk(['run', configFile(name.replace(/\W+/g, '-'), `name: ${JSON.stringify(name)}\nbenchmark: nb201-cifar10\n${yaml}`), '--concurrency', '2']);
}

async function buildHome(): Promise<Services> {
  // Opening the home registers the shipped nb201-cifar10.
  archwalk(['benchmark', 'list']);
  // No scheduler: nothing in this process may claim the queued runs.
  const services = await createServices({ home, launcher: createForkLauncher(), mode: 'browser', autoStart: false });
  // Small budgets because each run is a process of its own (the table lookups cost next to nothing):
  // the 800 runs are still ~13 min on 2 cores, most of building the home.
  search(services, MANY_RUNS, `budget: 20\nseeds: 200\nsearchers:\n${SEARCHERS.map((s) => `  - kind: ${s}`).join('\n')}\n`);
  search(services, LONG_RUN, 'budget: 15000\nseeds: [0]\nsearchers:\n  - kind: random-search\n');
  const names = new Set(services.store.listExperiments().map((e) => e.name));
  for (let i = 0; i < QUEUED_EXPERIMENTS; i++) {
    if (names.has(QUEUED(i))) continue;
    // 138 experiments of 2 seeds and 20 of one: 296 runs, as in the store issue 18 was walked through with.
    const seeds = i < QUEUED_RUNS - QUEUED_EXPERIMENTS ? 2 : 1;
    const result = await services.api.createExperiment(`name: ${JSON.stringify(QUEUED(i))}\nbenchmark: nb201-cifar10\nbudget: 100\nseeds: ${seeds}\nsearchers:\n  - kind: ${SEARCHERS[i % SEARCHERS.length]}\n`);
    if (!result.ok) throw new Error(`queueing ${QUEUED(i)} was refused: ${JSON.stringify(result)}`);
  }
  const queued = services.store.listRuns({ statuses: ['queued'] }).length;
  if (queued !== QUEUED_RUNS) throw new Error(`expected ${QUEUED_RUNS} queued runs in ${home}, found ${queued}`);
  return services;
}

/**
 * A text the page must show before a chart counts as drawn: a regular expression's source, tested
 * in the page (conditions travel as data because the page's CSP allows no eval).
 */
interface TextWanted {
  testid: string;
  pattern: string;
}

interface ProbeArgs {
  testid: string;
  mode: 'first' | 'settled';
  ready: TextWanted[];
}

/**
 * Installed in every page before its own scripts, as text (the bench is typechecked without the
 * DOM's types): `__chartProbe(args)` counts the chart's coloured pixels (the series; axes and
 * labels are grey) and returns false until they show and every `ready` text is there; then the
 * epoch time of the first coloured frame (`first`), or of the last frame that changed them once
 * they stayed unchanged for 400 ms (`settled`: every point drawn, ECharts' progressive passes
 * over large series included).
 */
const PROBE = `window.__chartProbe = ({ testid, mode, ready }) => {
  const canvas = document.querySelector('[data-testid="' + testid + '"] canvas');
  if (!canvas || canvas.width === 0) return false;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 128 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) count++;
  }
  const now = performance.timeOrigin + performance.now();
  const seen = (window.__drawn ??= {});
  const state = (seen[testid] ??= { count: 0, changedAt: now });
  if (count !== state.count) Object.assign(state, { count, changedAt: now });
  const holds = (t) => new RegExp(t.pattern).test(document.querySelector('[data-testid="' + t.testid + '"]')?.textContent ?? '');
  if (count === 0 || !ready.every(holds)) return false;
  if (mode === 'first') return state.changedAt;
  return now - state.changedAt >= 400 ? state.changedAt : false;
};`;

/** Epoch milliseconds at sub-millisecond resolution, comparable between this process and the page. */
const epochNow = (): number => performance.timeOrigin + performance.now();

/** The epoch time `PROBE` reports for the chart `testid` (see there). */
async function chartDrawn(page: Page, testid: string, mode: ProbeArgs['mode'], ready: TextWanted[] = []): Promise<number> {
  const handle = await page.waitForFunction((args) => (globalThis as unknown as { __chartProbe(a: ProbeArgs): number | false }).__chartProbe(args), { testid, mode, ready }, { polling: 'raf', timeout: 60000 });
  return (await handle.jsonValue()) as number;
}

interface Load {
  page: Page;
  /** Seconds from the start of the navigation to the epoch time `at`. */
  since(at: number): number;
}

/** Opens `hash` in a new 1280×800 page; the page's uncaught errors go to `errors`. */
async function load(browser: Browser, url: string, hash: string, errors: string[]): Promise<Load> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => errors.push(`${hash}: ${e.message}`));
  await page.addInitScript(PROBE);
  const started = epochNow();
  await page.goto(`${url}#${hash}`);
  return { page, since: (at) => (at - started) / 1000 };
}


async function main(): Promise<void> {
  const buildStarted = performance.now();
  const services = await buildHome();
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const manyRuns = experimentId(services, MANY_RUNS);
  const longRun = services.store.listRuns({ experimentId: experimentId(services, LONG_RUN) })[0]!.id;
  // `archwalk serve` is this server plus a scheduler, and the scheduler would run the queued
  // runs; serve has no way to hold the queue, so the same server runs here without one.
  const server = await startServer({ api: services.api, rendererDir: rendererDir(), log: (m, e) => process.stderr.write(`server: ${m} ${e ?? ''}\n`) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const errors: string[] = [];
  const figures: Record<string, number[]> = { table: [], chart: [], insight: [], scatter: [], firstPoint: [], openTable: [], openChart: [], lists: [] };
  const load1 = (hash: string): Promise<Load> => load(browser, server.url, hash, errors);
  try {
    for (let i = 0; i < loads; i++) {
      {
        const { page, since } = await load1(`/experiments/${manyRuns}`);
        await page.getByTestId('run-row').first().waitFor();
        figures.table!.push(since(epochNow()));
        figures.chart!.push(since(await chartDrawn(page, 'incumbent-chart', 'settled')));
        await page.close();
      }
      {
        // The experiment's architecture insight opened from its address: every run's architectures read, the lines drawn.
        const { page, since } = await load1(`/experiments/${manyRuns}?insightOpen=1`);
        figures.insight!.push(since(await chartDrawn(page, 'insight-parallel', 'settled', [{ testid: 'insight-drawn', pattern: 'architectures' }])));
        await page.close();
      }
      {
        const { page, since } = await load1(`/runs/${longRun}`);
        // Every query loaded: the count reads 15,000 and the note no longer says "Loading…".
        const all = [
          { testid: 'evaluated-count', pattern: '^15,?000 ' },
          { testid: 'scatter-note', pattern: '^(?![\\s\\S]*Loading)' },
        ];
        figures.scatter!.push(since(await chartDrawn(page, 'evaluated-chart', 'settled', all)));
        await page.close();
      }
      {
        // Opening the app: the experiments list first, then the 800-run experiment as its link would open it.
        const { page, since } = await load1('');
        await page.getByTestId('experiment-row').first().waitFor();
        // The same two figures as a page load's, now with the app already open (its code loaded, connected).
        const clicked = epochNow();
        await page.evaluate(`location.hash = '#/experiments/${manyRuns}'`);
        const first = await chartDrawn(page, 'incumbent-chart', 'first');
        figures.firstPoint!.push(since(first));
        await page.getByTestId('run-row').first().waitFor();
        figures.openTable!.push((epochNow() - clicked) / 1000);
        figures.openChart!.push((Math.max(first, await chartDrawn(page, 'incumbent-chart', 'settled')) - clicked) / 1000);
        await page.close();
      }
      {
        const { page, since } = await load1('/experiments');
        await page.getByTestId('experiment-row').first().waitFor();
        await page.getByTestId('queue-row').first().waitFor();
        await page.getByTestId('queue-summary').filter({ hasText: `${QUEUED_RUNS} waiting` }).waitFor();
        figures.lists!.push(since(epochNow()));
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await services.close();
  }

  const row = (what: string, xs: number[], before?: number): string =>
    `| ${what} | ${median(xs).toFixed(2)} | ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} | ${before === undefined ? '—' : before.toFixed(2)} |`;
  const lines = [
    `# The app under stress data (Chromium 1280×800, median of ${loads} page loads, seconds)`,
    '',
    `Home: ${home} (built or checked in ${buildSeconds.toFixed(0)} s). Load average while measuring: ${loadavg().map((l) => l.toFixed(2)).join(', ')}.`,
    '',
    '| figure | median | min–max | before (issue 18) |',
    '| --- | ---: | ---: | ---: |',
    row('800-run experiment, new page: runs table rendered', figures.table!, BEFORE.table),
    row('800-run experiment, new page: curves chart drawn', figures.chart!, BEFORE.chart),
    row('800-run experiment, new page with its architecture insight open: parallel coordinates drawn', figures.insight!),
    row('800-run experiment opened in the open app: runs table rendered', figures.openTable!, BEFORE.table),
    row('800-run experiment opened in the open app: curves chart drawn', figures.openChart!, BEFORE.chart),
    row('15,000-query run: every scatter point drawn', figures.scatter!),
    row('opening the app → first chart point (800-run experiment)', figures.firstPoint!, BEFORE.firstPoint),
    row(`${QUEUED_EXPERIMENTS + 2} experiments listed and ${QUEUED_RUNS} queued runs in the queue panel`, figures.lists!),
    '',
    errors.length === 0 ? `No uncaught page error in ${loads * 5} page loads.` : `Uncaught page errors:\n${errors.map((e) => `- ${e}`).join('\n')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.home === undefined) rmSync(home, { recursive: true, force: true });
  if (errors.length > 0) process.exitCode = 1;
}

await main();
