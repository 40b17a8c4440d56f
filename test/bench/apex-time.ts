/**
 * Where an Ape-X training spends its time (issue 17: would spreading actors over machines
 * pay?). Trains an agent on the real NAS-Bench-201 CIFAR-10 table for a wall-clock budget with
 * its actors in the learner's thread and in worker threads, and prints the learner thread's
 * time shares that training reports every interval (training-metrics.ts): learner steps, actor
 * steps run in that thread, moving transitions and weights (worker batches, replay inserts,
 * weight copies), and waiting for the actor threads; with the environment and learner rates.
 * The first interval (replay warm-up) is left out.
 *
 *   node test/bench/apex-time.ts [--seconds 60] [--preset cpu-small] [--threads 0,1]
 */

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { trainAgent } from '../../src-main/nas/agent/index.ts';
import { TIME_PARTS } from '../../src-main/nas/agent/training-metrics.ts';
import { resolveHyperparameters } from '../../src-main/services/agents.ts';
import type { AgentPresetName } from '#shared/agent-presets.ts';
import { mean } from '#shared/curve-stats.ts';
import { NB201_CSV, skipWithout, tempDir } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    preset: { type: 'string', default: 'cpu-small' },
    threads: { type: 'string', default: '0,1' },
  },
});
const missing = skipWithout(NB201_CSV);
if (missing) {
  console.log(`skipped: ${missing}`);
  process.exit(0);
}
const seconds = Number(values.seconds);
const bench = realNb201();
const hyper = resolveHyperparameters(values.preset as AgentPresetName, {});
const dir = tempDir('archwalk-apex-time-');
const rows: string[] = [];
try {
  for (const threads of values.threads.split(',').map(Number)) {
    const series = new Map<string, number[]>();
    await trainAgent({
      space: bench.space,
      benchmark: bench,
      hyper,
      budget: { seconds },
      seed: 1,
      checkpointPath: join(dir.path, `t${threads}.ckpt`),
      checkpointEverySeconds: 10 * seconds,
      resume: false,
      metricsEverySeconds: 5,
      actorWorkerBenchmark: { module: new URL('./agent-nb201-loader.ts', import.meta.url).href, exportName: 'loadNb201', args: [] },
      actorThreads: threads,
      onMetric: (name, _step, value) => series.set(name, [...(series.get(name) ?? []), value]),
      onLog: () => undefined,
    });
    const steady = (name: string): number => mean((series.get(name) ?? []).slice(1));
    const shares = TIME_PARTS.map((part) => steady(`time_${part}`));
    const other = Math.max(0, 1 - shares.reduce((a, b) => a + b, 0));
    rows.push(`| ${threads === 0 ? "learner's thread" : `${threads} worker thread${threads > 1 ? 's' : ''}`} | ${shares.map((s) => `${(s * 100).toFixed(0)} %`).join(' | ')} | ${(other * 100).toFixed(0)} % | ${steady('env_steps_per_s').toFixed(0)} | ${steady('learner_updates_per_s').toFixed(1)} |`);
  }
  console.log(`# Where an Ape-X training's learner thread spends its time (${values.preset}, NB201 CIFAR-10, ${seconds} s per row, mean of the 5-s intervals after the first)\n`);
  console.log(`| actors | ${TIME_PARTS.map((p) => p).join(' | ')} | other | env steps/s | learner updates/s |`);
  console.log(`| --- |${TIME_PARTS.map(() => ' ---: |').join('')} ---: | ---: | ---: |`);
  for (const row of rows) console.log(row);
} finally {
  dir.cleanup();
}
