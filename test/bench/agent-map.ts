/**
 * Time to compute an agent's latent map (nas/analysis/agent-map.ts) with the app's default
 * parameters (3,000 sampled cells, UMAP 15 neighbours / 200 epochs) on the shipped NB201 CIFAR-10
 * and NB101-5V tables, for a `cpu-small` agent (d = 64, 2 layers, N = 24) with 5 trajectories of
 * 100 queries each (random walks of the space standing in for searches: the cost is the same).
 * The network's weights are random: the time depends on its shape, not on what it learned.
 * Median of --runs runs (default 3), seconds per part, on the ML backend selectBackend picks.
 * Run: node test/bench/agent-map.ts [--runs=3]
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { presetHyperparameters } from '#shared/agent-presets.ts';
import { networkShape } from '../../src-main/nas/agent/learner.ts';
import { NetworkPolicy } from '../../src-main/nas/agent/policy.ts';
import { QNetwork } from '../../src-main/nas/agent/q-network.ts';
import { computeAgentMap, DEFAULT_AGENT_MAP_PARAMS, type AgentMap } from '../../src-main/nas/analysis/agent-map.ts';
import { benchmarkOracle } from '../../src-main/nas/analysis/oracle.ts';
import { isTabular } from '../../src-main/nas/agent/environment.ts';
import { loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import type { Benchmark } from '../../src-main/nas/benchmarks/types.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { Rng } from '../../src-main/nas/rng.ts';

const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const runs = runsArg ? Number(runsArg.slice(7)) : 3;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const resources = (p: string): string => fileURLToPath(new URL(`../../resources/${p}`, import.meta.url));
const PARTS = ['sample', 'embed', 'layout'] as const;
const TRAJECTORIES = 5;
const QUERIES = 100;

/** Random walks of `QUERIES` distinct-or-not cells: the shape of a search's trajectory. */
function walks<A>(bench: Benchmark<A>, rng: Rng): { runId: number; seed: number; archs: A[] }[] {
  return Array.from({ length: TRAJECTORIES }, (_, k) => {
    const archs = [isTabular(bench) ? bench.sample(rng) : bench.space.sample(rng)];
    while (archs.length < QUERIES) archs.push(rng.pick(bench.space.neighbours(archs.at(-1)!, 'paper')).arch);
    return { runId: k + 1, seed: k, archs };
  });
}

async function measure(label: string, open: () => Benchmark<unknown>): Promise<void> {
  const times: Record<(typeof PARTS)[number] | 'total', number[]> = { sample: [], embed: [], layout: [], total: [] };
  let last: AgentMap | null = null;
  for (let r = 0; r < runs; r++) {
    const bench = open();
    const hyper = presetHyperparameters('cpu-small');
    const policy = new NetworkPolicy(QNetwork.create(networkShape(hyper, bench.space.encodingSize), new Rng(r)), { spaceName: bench.space.name, benchmarkName: label, hyper, envSteps: 0, learnerSteps: 0 });
    const t = performance.now();
    last = await computeAgentMap({ oracle: benchmarkOracle(bench), agent: policy, trajectories: walks(bench, new Rng(100 + r)), ...(isTabular(bench) ? { cells: bench.size } : {}) }, DEFAULT_AGENT_MAP_PARAMS);
    times.total.push((performance.now() - t) / 1000);
    for (const p of PARTS) times[p].push(last.seconds[p]);
    policy.dispose();
  }
  console.log([label, ...[...PARTS, 'total' as const].map((p) => median(times[p]).toFixed(2).padStart(8))].join(' '));
  const m = last!;
  console.log(`    ${m.points.filter((p) => p.sampled).length} sampled + ${m.points.filter((p) => !p.sampled).length} trajectory cells, latent ${m.latentDim}, neighbour agreement ${m.neighbourAgreement?.toFixed(3)} (random network)`);
}

const backend = await selectBackend();
console.log(`node ${process.version}; ML backend ${backend.description}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (a shared machine); median of ${runs} runs`);
const p = DEFAULT_AGENT_MAP_PARAMS;
console.log(`parameters: ${p.samples} samples, ${TRAJECTORIES} trajectories × ${QUERIES} queries, UMAP ${p.nNeighbors} neighbours, min. distance ${p.minDist}, ${p.epochs} epochs; agent cpu-small`);
console.log(`${'benchmark'.padEnd(18)} ${PARTS.map((x) => x.padStart(8)).join(' ')}    total  (seconds)`);
await measure('nb201-cifar10'.padEnd(18), () => loadBenchmark({ name: 'nb201-cifar10', kind: 'nb201', dataPath: resources('nb201-cifar10/table.nb201') }));
await measure('nb101-5v-fmnist'.padEnd(18), () => loadBenchmark({ name: 'nb101-5v-fmnist', kind: 'nb101', dataPath: resources('nb101-5v-fmnist/table.nb101') }));
