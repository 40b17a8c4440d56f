/**
 * Wall time of 60 short NB201 runs drained from one PostgreSQL queue by 1, 2 and 3
 * `archwalk worker` processes (each with a home of its own holding the shipped nb201-cifar10,
 * concurrency 1), in a temporary local cluster from Debian's package with durable commits.
 * Every repetition queues the same experiment (3 searchers × 20 seeds, budget --budget) into a
 * fresh database and times from starting the workers until the last one exits with the queue
 * empty; worker counts alternate within a repetition, so load from other processes hits all.
 *
 *   node test/bench/lab-workers.ts [--runs=3] [--budget=100] [--workers=1,2,3]
 *
 * On one machine the workers share its cores: this measures the queue's overhead and how far
 * several processes scale here, not a lab of separate machines (there each worker has its own).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { parseStoreUrl } from '../../src-main/services/store-url.ts';
import type { PostgresUrl } from '../../src-main/services/postgres/connect.ts';
import { PostgresStore } from '../../src-main/services/postgres/store.ts';
import { REPO_ROOT, tempDir } from '../helpers/data.ts';
import { postgresSkip, startPostgres } from '../helpers/postgres.ts';
import { argInt, median } from './nb101-util.ts';

const runs = argInt('runs', 3);
const budget = argInt('budget', 100);
const workerCounts = (process.argv.find((a) => a.startsWith('--workers='))?.slice('--workers='.length) ?? '1,2,3').split(',').map(Number);
const BIN = join(REPO_ROOT, 'bin', 'archwalk.mjs');
const CONFIG = ['name: lab-bench', 'benchmark: nb201-cifar10', `budget: ${budget}`, 'seeds: 20', 'searchers:',
  '  - kind: random-search', '  - kind: local-search', '  - kind: regularized-evolution'].join('\n');

function cli(home: string, args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ARCHWALK_HOME: home }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`archwalk ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

if (postgresSkip) {
  console.error(postgresSkip);
  process.exit(2);
}
const cluster = await startPostgres({ durable: true });
const homes = Array.from({ length: Math.max(...workerCounts) }, () => tempDir('archwalk-lab-bench-'));
for (const home of homes) cli(home.path, ['benchmark', 'list']);
let databases = 0;

async function drain(workers: number): Promise<number> {
  const url = await cluster.createDatabase(`lab_bench_${++databases}`);
  cli(homes[0]!.path, ['store', 'init', url]);
  const config = join(homes[0]!.path, 'bench.yaml');
  writeFileSync(config, CONFIG);
  cli(homes[0]!.path, ['--store', url, 'queue', 'add', config]);
  const started = performance.now();
  const children = homes.slice(0, workers).map((home) => spawn(process.execPath, [BIN, '--store', url, 'worker'], { env: { ...process.env, ARCHWALK_HOME: home.path }, stdio: 'ignore' }));
  const codes = await Promise.all(children.map(async (child) => (await once(child, 'exit'))[0] as number));
  const seconds = (performance.now() - started) / 1000;
  if (codes.some((c) => c !== 0)) throw new Error(`a worker exited with ${codes.join(', ')}`);
  const store = await PostgresStore.open(parseStoreUrl(url) as PostgresUrl);
  try {
    const rows = await store.listRuns();
    const ok = rows.filter((r) => r.status === 'succeeded' && r.attempt === 1).length;
    if (ok !== 60) throw new Error(`${ok} of 60 runs succeeded once`);
  } finally {
    await store.close();
  }
  return seconds;
}

try {
  const results = new Map<number, number[]>(workerCounts.map((w) => [w, []]));
  for (let r = 0; r < runs; r++) for (const w of workerCounts) results.get(w)!.push(await drain(w));
  console.log(`lab workers: 60 NB201 runs (budget ${budget}) from one PostgreSQL queue, ${cpus().length} cores here, ${runs} repetitions; median wall time`);
  const one = median(results.get(workerCounts[0]!)!);
  for (const [w, values] of results) {
    const m = median(values);
    console.log(`  ${w} worker${w > 1 ? 's' : ' '}  ${m.toFixed(1)} s  (${(60 / m).toFixed(2)} runs/s, ${(one / m).toFixed(2)}× the speed of ${workerCounts[0]})   [${values.map((v) => v.toFixed(1)).join(', ')}]`);
  }
} finally {
  cluster.stop();
  for (const home of homes) home.cleanup();
}
