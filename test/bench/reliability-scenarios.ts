/**
 * Issue 14's defects, tried from the outside: each scenario drives a checkout's own CLI or
 * `archwalk serve` as real processes in a fresh temporary ARCHWALK_HOME, N tries each, and
 * counts the tries in which the defect the issue describes was observed.
 *
 *   node test/bench/reliability-scenarios.ts [--checkout DIR] [--tries 3] [--only TEXT]
 *
 * --checkout: the repository whose bin/archwalk.mjs is driven (default: this one); it needs its
 * node_modules and, for the serve scenarios, its built renderer (npm run build). --only: run the
 * scenarios whose name contains TEXT. The wrong data is made from ../shared/benchmark-data (a
 * scenario whose data is missing says so). Prints a Markdown table (scenario, tries, failures,
 * what was observed), what each scenario did, and each try's particulars; exits 1 when a defect
 * was observed, 3 when a try was inconclusive. The run scenarios wait on real time (freezes of
 * 10–16 s): a complete pass takes several minutes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../helpers/data.ts';
import { IMPORT_SCENARIOS } from './reliability/import-scenarios.ts';
import { Lab } from './reliability/lab.ts';
import { RUN_SCENARIOS } from './reliability/run-scenarios.ts';
import type { Outcome, Scenario, TryResult } from './reliability/scenario.ts';
import { SERVE_SCENARIOS } from './reliability/serve-scenarios.ts';

const SCENARIOS: readonly Scenario[] = [...SERVE_SCENARIOS, ...RUN_SCENARIOS, ...IMPORT_SCENARIOS];

function options(): { checkout: string; tries: number; only: string | undefined } {
  const { values } = parseArgs({ options: { checkout: { type: 'string' }, tries: { type: 'string', default: '3' }, only: { type: 'string' } } });
  const tries = Number(values.tries);
  if (!/^\d+$/.test(values.tries) || tries < 1) throw new Error(`--tries must be a positive integer, got ${JSON.stringify(values.tries)}`);
  const checkout = resolve(values.checkout ?? REPO_ROOT);
  if (!existsSync(join(checkout, 'bin', 'archwalk.mjs'))) throw new Error(`--checkout ${checkout}: no bin/archwalk.mjs there`);
  return { checkout, tries, only: values.only };
}

async function attempt(scenario: Scenario, checkout: string): Promise<TryResult> {
  const lab = new Lab(checkout, scenario.env);
  try {
    return await scenario.run(lab);
  } catch (error) {
    // A step the scenario waits for never happened (or the checkout refused a setup command).
    return { outcome: 'inconclusive', observed: 'the setup did not complete', detail: oneLineOf((error as Error).message) };
  } finally {
    lab.cleanup();
  }
}

function oneLineOf(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

const NUMBER = /\d+(?:\.\d+)?/g;

/**
 * Equal observations once, with how many tries saw them; observations that differ only in their
 * numbers count as one, each number shown as the range the tries saw ("283–285 query events").
 */
function grouped(results: readonly TryResult[]): string {
  const groups = new Map<string, { text: string; numbers: number[][] }>();
  for (const r of results) {
    const shape = `${r.outcome}: ${r.observed.replace(NUMBER, '#')}`;
    const numbers = (r.observed.match(NUMBER) ?? []).map(Number);
    const group = groups.get(shape) ?? { text: r.observed, numbers: [] };
    group.numbers.push(numbers);
    groups.set(shape, group);
  }
  return [...groups.values()]
    .map(({ text, numbers }) => {
      let at = 0;
      const merged = text.replace(NUMBER, (first) => {
        const seen = numbers.map((n) => n[at]!);
        at++;
        const [low, high] = [Math.min(...seen), Math.max(...seen)];
        return low === high ? first : `${low}–${high}`;
      });
      return results.length > 1 ? `${numbers.length}× ${merged}` : merged;
    })
    .join('; ');
}

function count(results: readonly TryResult[], outcome: Outcome): number {
  return results.filter((r) => r.outcome === outcome).length;
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

async function main(): Promise<number> {
  const { checkout, tries, only } = options();
  const scenarios = SCENARIOS.filter((s) => only === undefined || s.name.includes(only));
  const commit = execFileSync('git', ['-C', checkout, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).trim();
  const started = new Date();
  const loadBefore = loadavg();
  const results: TryResult[][] = [];
  for (const scenario of scenarios) {
    const tried: TryResult[] = [];
    for (let i = 0; i < tries; i++) {
      const result = await attempt(scenario, checkout);
      process.stderr.write(`${scenario.name} · try ${i + 1}: ${result.outcome}: ${result.observed}${result.detail ? ` (${result.detail})` : ''}\n`);
      tried.push(result);
    }
    results.push(tried);
  }
  const loadAfter = loadavg();
  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
  const load = (l: number[]): string => l.map((x) => x.toFixed(1)).join(' ');
  console.log(`checkout ${checkout} at ${commit}`);
  console.log(`${started.toISOString()}, ${minutes} min, ${tries} tries per scenario; load average (1/5/15 min) ${load(loadBefore)} before, ${load(loadAfter)} after\n`);
  console.log('| scenario | tries | failures | observed |');
  console.log('| --- | ---: | ---: | --- |');
  scenarios.forEach((scenario, i) => {
    const tried = results[i]!;
    const notDriven = count(tried, 'not-driven');
    const inconclusive = count(tried, 'inconclusive');
    const failures = notDriven === tried.length ? 'not driven' : `${count(tried, 'defect')}${inconclusive ? ` (+${inconclusive} inconclusive)` : ''}`;
    console.log(`| ${cell(scenario.name)} | ${tried.length} | ${failures} | ${cell(grouped(tried))} |`);
  });
  console.log('\nFailure means, and how each scenario was driven:\n');
  for (const scenario of scenarios) console.log(`- **${scenario.name}** — failure: ${scenario.defect}. ${scenario.setup}.`);
  console.log('\nEach try:\n');
  scenarios.forEach((scenario, i) => {
    results[i]!.forEach((r, t) => {
      if (r.detail) console.log(`- ${scenario.name}, try ${t + 1}: ${r.detail}`);
    });
  });
  const all = results.flat();
  if (all.some((r) => r.outcome === 'defect')) return 1;
  return all.some((r) => r.outcome === 'inconclusive') ? 3 : 0;
}

process.exitCode = await main();
