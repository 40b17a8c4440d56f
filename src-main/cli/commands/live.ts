/**
 * `archwalk live …`: training NB101 cells for real.
 *
 *   train        trains cells read as JSON lines under a recipe and prints their metrics;
 *   build-table  trains every cell up to K vertices (per seed) into an NB101 table, in
 *                parallel worker processes, resumably (see nas/live/table-build.ts), and
 *                writes the table with its provenance when every training is done.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeNb101TableSync } from '../../nas/benchmarks/nb101/table-format.ts';
import { selectBackend } from '../../nas/ml/backend.ts';
import { preparedData } from '../../nas/live/dataset.ts';
import { checkRecipe, recipeKey, type TrainingRecipe } from '../../nas/live/recipe.ts';
import { assembleTable, buildJobs, JournalWriter, jobKey, readJournals, toJournalEntry } from '../../nas/live/table-build.ts';
import { trainCell } from '../../nas/live/train.ts';
import { writeFileAtomic } from '../../nas/io/atomic-file.ts';
import { cellToGraph, checkCellShape } from '../../nas/spaces/nb101/matrix.ts';
import { prune, prunedProblem } from '../../nas/spaces/nb101/prune.ts';
import { nb101Space } from '../../nas/spaces/nb101/space.ts';
import { APP_VERSION } from '#shared/version.ts';
import { print, UsageError } from '../context.ts';
import { LIVE_USAGE } from './live-usage.ts';
import { eachJsonLine, LineError } from '../json-lines.ts';

function loadRecipe(path: string | undefined): { recipe: TrainingRecipe; path: string } {
  if (!path) throw new UsageError(`--recipe FILE is required\n${LIVE_USAGE}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the recipe ${path}: ${(error as Error).message}`);
  }
  return { recipe: checkRecipe(raw), path: resolve(path) };
}

function intOption(text: string | undefined, name: string, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${text}"`);
  return n;
}

export async function liveCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      recipe: { type: 'string' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      work: { type: 'string' },
      out: { type: 'string' },
      'max-vertices': { type: 'string' },
      workers: { type: 'string' },
      limit: { type: 'string' },
      part: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\n${LIVE_USAGE}`);
  const { recipe, path } = loadRecipe(values.recipe);
  if (sub === 'train') return trainLines(recipe, intOption(values.seed, 'seed', 0, 0));
  if (sub !== 'build-table') throw new UsageError(LIVE_USAGE);
  if (!values.work) throw new UsageError('--work DIR (where the journals go) is required');
  const seeds = (values.seeds ?? '0').split(',').map((s) => intOption(s, 'seeds', 0, 0));
  const options: BuildOptions = {
    recipe,
    recipePath: path,
    work: resolve(values.work),
    out: values.out ? resolve(values.out) : null,
    maxVertices: intOption(values['max-vertices'], 'max-vertices', 5, 2),
    seeds,
    limit: values.limit === undefined ? null : intOption(values.limit, 'limit', 1),
  };
  if (values.part) {
    const match = /^(\d+)\/(\d+)$/.exec(values.part);
    if (!match || Number(match[1]) >= Number(match[2])) throw new UsageError('--part must be K/N with K < N');
    return buildPart(options, Number(match[1]), Number(match[2]));
  }
  return buildTable(options, intOption(values.workers, 'workers', 1));
}

function parseCellLine(line: string) {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new LineError('not JSON');
  }
  try {
    return checkCellShape(value);
  } catch (error) {
    throw new LineError((error as Error).message);
  }
}

async function trainLines(recipe: TrainingRecipe, seed: number): Promise<number> {
  const backend = await selectBackend();
  const data = preparedData(recipe.dataset);
  return eachJsonLine('live train', 'NB101 cell', parseCellLine, async (cell) => {
    const pruned = prune(cellToGraph(cell));
    const problem = prunedProblem(pruned);
    if (problem !== null || pruned === null) throw new LineError(`the cell is outside the NB101 space: ${problem ?? 'invalid'}`);
    const outcome = await trainCell(pruned, data, recipe, seed);
    return { hash: nb101Space.hash(cell), ...outcome, backend: backend.name };
  });
}

interface BuildOptions {
  recipe: TrainingRecipe;
  recipePath: string;
  work: string;
  out: string | null;
  maxVertices: number;
  seeds: number[];
  limit: number | null;
}

function jobsOf(options: BuildOptions) {
  const jobs = buildJobs(options.maxVertices, options.seeds);
  return options.limit === null ? jobs : jobs.filter((job) => job.index < options.limit!);
}

/** One worker: trains its share (job i where i mod parts = part) that the journals lack. */
async function buildPart(options: BuildOptions, part: number, parts: number): Promise<number> {
  const backend = await selectBackend();
  const data = preparedData(options.recipe.dataset);
  const key = recipeKey(options.recipe, data.fingerprint);
  const done = readJournals(options.work, key);
  const journal = new JournalWriter(options.work, part);
  const mine = jobsOf(options).filter((_, i) => i % parts === part).filter((job) => !done.has(jobKey(job.hash, job.seed)));
  for (const job of mine) {
    const outcome = await trainCell(job.graph, data, options.recipe, job.seed, { halfway: false });
    journal.append(toJournalEntry(job, outcome, key, backend.name));
  }
  return 0;
}

async function buildTable(options: BuildOptions, workers: number): Promise<number> {
  const data = preparedData(options.recipe.dataset);
  const key = recipeKey(options.recipe, data.fingerprint);
  const jobs = jobsOf(options);
  const before = readJournals(options.work, key).size;
  print(`recipe ${key}: ${jobs.length} trainings (${jobs.length / options.seeds.length} cells × ${options.seeds.length} seeds), ${before} already in ${options.work}`);
  const started = Date.now();
  const failures: string[] = [];
  const children = Array.from({ length: workers }, (_, part) =>
    new Promise<void>((resolvePart) => {
      const args = [...process.execArgv, process.argv[1]!, 'live', 'build-table', '--recipe', options.recipePath, '--work', options.work, '--max-vertices', String(options.maxVertices), '--seeds', options.seeds.join(','), '--part', `${part}/${workers}`];
      if (options.limit !== null) args.push('--limit', String(options.limit));
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('exit', (code, signal) => {
        if (code !== 0) failures.push(`worker ${part} ${signal ? `was killed by ${signal}` : `exited with ${code}`}`);
        resolvePart();
      });
    }),
  );
  const ticker = setInterval(() => {
    try {
      const now = readJournals(options.work, key).size;
      const rate = (now - before) / ((Date.now() - started) / 1000);
      const left = rate > 0 ? Math.round((jobs.length - now) / rate / 60) : NaN;
      print(`  ${now}/${jobs.length} trained${Number.isFinite(left) ? `, about ${left} min left` : ''}`);
    } catch (error) {
      // Progress is cosmetic; the workers decide the outcome.
      print(`  (progress unavailable: ${(error as Error).message})`);
    }
  }, 60_000);
  await Promise.all(children);
  clearInterval(ticker);
  if (failures.length > 0) {
    print(`stopped: ${failures.join('; ')}. Trained results are kept in ${options.work}; rerun to continue.`);
    return 1;
  }
  const done = readJournals(options.work, key);
  if (!options.out) {
    print(`${done.size}/${jobs.length} trained; pass --out DIR to write the table`);
    return 0;
  }
  writeTableAndProvenance(options, key, data.fingerprint, jobs, done, workers);
  return 0;
}

function writeTableAndProvenance(options: BuildOptions, key: string, fingerprint: string, jobs: ReturnType<typeof jobsOf>, done: ReturnType<typeof readJournals>, workers: number): void {
  mkdirSync(options.out!, { recursive: true });
  const tablePath = join(options.out!, 'table.nb101');
  const entries = jobs.map((job) => done.get(jobKey(job.hash, job.seed))!);
  const table = assembleTable(jobs, done, options.recipe.epochs, { file: 'trained by archwalk live build-table', bytes: 0 });
  writeNb101TableSync(table, tablePath);
  const times = entries.map((e) => Date.parse(e.finishedAt)).sort((a, b) => a - b);
  const validation = entries.map((e) => e.outcome.final.validation);
  const provenance = {
    format: 'archwalk-embedded-benchmark/1',
    space: `NAS-Bench-101 cells with at most ${options.maxVertices} vertices`,
    cells: jobs.length / options.seeds.length,
    seeds: options.seeds,
    recipeKey: key,
    recipe: options.recipe,
    dataset: {
      name: options.recipe.dataset.name,
      fingerprint,
      files: [options.recipe.dataset.trainImages, options.recipe.dataset.trainLabels, options.recipe.dataset.testImages, options.recipe.dataset.testLabels],
    },
    software: { archwalk: APP_VERSION, node: process.versions.node, backends: [...new Set(entries.map((e) => e.backend))] },
    hardware: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), workers },
    training: {
      firstFinished: new Date(times[0]!).toISOString(),
      lastFinished: new Date(times[times.length - 1]!).toISOString(),
      hoursFromFirstToLastFinished: Number(((times[times.length - 1]! - times[0]!) / 3.6e6).toFixed(2)),
      meanTrainSecondsPerCell: Number((entries.reduce((s, e) => s + e.outcome.trainSeconds, 0) / entries.length).toFixed(2)),
      sumOfTrainSeconds: Math.round(entries.reduce((s, e) => s + e.outcome.trainSeconds, 0)),
    },
    summary: {
      validation: { min: Math.min(...validation), max: Math.max(...validation), mean: validation.reduce((a, b) => a + b, 0) / validation.length },
    },
    tableBytes: statSync(tablePath).size,
  };
  writeFileAtomic(join(options.out!, 'provenance.json'), JSON.stringify(provenance, null, 2) + '\n');
  writeFileSync(join(options.out!, 'recipe.json'), JSON.stringify(options.recipe, null, 2) + '\n');
  print(`wrote ${tablePath} (${table.count} cells) and provenance.json`);
}
