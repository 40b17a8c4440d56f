/**
 * Time to compute each benchmark analysis view (nas/analysis) with the app's default
 * parameters: NB201 CIFAR-10 and NB101-5V (shipped tables), and the YAHPO NB301 surrogate over
 * a sampled 10,000 architectures. Median of --runs runs (default 3), seconds per part.
 * Run: node test/bench/analysis-views.ts [--runs=3]
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { analyseLandscape, DEFAULT_LANDSCAPE_PARAMS, type LandscapeAnalysis } from '../../src-main/nas/analysis/landscape-analysis.ts';
import { benchmarkOracle } from '../../src-main/nas/analysis/oracle.ts';
import { loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import { importNb301Yahpo, loadNb301Yahpo } from '../../src-main/nas/benchmarks/nb301/yahpo.ts';
import { tableCells } from '../../src-main/nas/benchmarks/table-cells.ts';
import type { Benchmark } from '../../src-main/nas/benchmarks/types.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';

const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const runs = runsArg ? Number(runsArg.slice(7)) : 3;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const resources = (p: string): string => fileURLToPath(new URL(`../../resources/${p}`, import.meta.url));
const PARTS = ['accuracy', 'reward', 'autocorrelation', 'neighbourhoods'] as const;

async function measure(label: string, open: () => Benchmark<unknown>, table: boolean): Promise<void> {
  const times: Record<(typeof PARTS)[number] | 'total', number[]> = { accuracy: [], reward: [], autocorrelation: [], neighbourhoods: [], total: [] };
  let last: LandscapeAnalysis | null = null;
  for (let r = 0; r < runs; r++) {
    const bench = open(); // fresh each run: no query cache carried over
    const t = performance.now();
    const tableValid = table ? tableCells(bench)!.valid : undefined;
    const readSeconds = (performance.now() - t) / 1000;
    last = await analyseLandscape({ oracle: benchmarkOracle(bench), ...(tableValid ? { tableValid } : {}) }, DEFAULT_LANDSCAPE_PARAMS);
    times.accuracy.push(last.seconds.accuracy + readSeconds);
    for (const p of PARTS.slice(1)) times[p].push(last.seconds[p]);
    times.total.push((performance.now() - t) / 1000);
    await (bench as { close?: () => Promise<void> }).close?.();
  }
  const cells = [label, ...[...PARTS, 'total' as const].map((p) => median(times[p]).toFixed(2).padStart(8))];
  console.log(cells.join(' '));
  const a = last!;
  const rho = a.autocorrelation.map((w) => `${w.rules} ρ(1)=${w.rho[0]?.toFixed(3)} ρ(10)=${w.rho[9]?.toFixed(3)}`).join('; ');
  const sizes = a.neighbourhoods.map((n) => `${n.rules} ${n.stats.min}–${n.stats.max} (mean ${n.stats.mean.toFixed(1)})`).join('; ');
  console.log(`    ${a.accuracy.source} accuracies: ${a.accuracy.stats.n}; ${a.reward.pairs}/${a.reward.pairsDrawn} pairs; ${rho}; neighbourhoods ${sizes}`);
}

console.log(`node ${process.version}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (a shared machine); median of ${runs} runs`);
const p = DEFAULT_LANDSCAPE_PARAMS;
console.log(`parameters: ${p.samples} samples, ${p.pairs} pairs × α ${p.alphas.join('/')}, ${p.walks} walks × ${p.walkSteps} steps per rule set, lags 1–${p.maxLag}`);
console.log(`${'benchmark'.padEnd(26)} ${PARTS.map((x) => x.slice(0, 8).padStart(8)).join(' ')}    total  (seconds)`);
await measure('nb201-cifar10'.padEnd(26), () => loadBenchmark({ name: 'nb201-cifar10', kind: 'nb201', dataPath: resources('nb201-cifar10/table.nb201') }), true);
await measure('nb101-5v-fmnist'.padEnd(26), () => loadBenchmark({ name: 'nb101-5v-fmnist', kind: 'nb101', dataPath: resources('nb101-5v-fmnist/table.nb101') }), true);
const onnx = join(BENCHMARK_DATA, 'nb301', 'new_model.onnx');
const missing = skipWithout(onnx);
if (missing) {
  console.log(`nb301 (YAHPO): skipped, ${missing}`);
} else {
  const tmp = tempDir('archwalk-analysis-bench-');
  try {
    await importNb301Yahpo(onnx, join(BENCHMARK_DATA, 'nb301', 'encoding.json'), tmp.path);
    await measure('nb301-yahpo (10,000 sampled)'.padEnd(26), () => loadNb301Yahpo(tmp.path, 'bench') as Benchmark<unknown>, false);
  } finally {
    tmp.cleanup();
  }
}
