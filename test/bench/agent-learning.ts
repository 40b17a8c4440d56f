/**
 * Does the agent learn? Train an agent on the real NAS-Bench-201 CIFAR-10 table for a
 * wall-clock budget, then compare the agent searcher with random walk, random search,
 * local search and regularized evolution over many seeds at equal query budgets: mean ±
 * standard error of the incumbent's test accuracy after 25, 50 and 100 queries.
 *
 *   node test/bench/agent-learning.ts [--minutes 15] [--seeds 30] [--budgets 25,50,100]
 *       [--preset cpu-small] [--hyper '{"rewardAlpha":10}'] [--threads auto|0|1]
 *       [--checkpoint /tmp/agent-learning.ckpt] [--skip-train] [--seed 1] [--out results.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { agentSearcher, loadAgentPolicy, trainAgent } from '../../src-main/nas/agent/index.ts';
import { resolveHyperparameters } from '../../src-main/services/agents.ts';
import type { AgentPresetName } from '#shared/agent-presets.ts';
import { runSearch } from '../../src-main/nas/search/run-search.ts';
import type { Searcher } from '../../src-main/nas/search/types.ts';
import { mean, standardError } from '#shared/curve-stats.ts';
import type { SearcherKind, SearchRunConfig } from '#shared/config.ts';
import { resolveSearcherParams } from '#shared/searcher-specs.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '15' },
    seeds: { type: 'string', default: '30' },
    budgets: { type: 'string', default: '25,50,100' },
    preset: { type: 'string', default: 'cpu-small' },
    hyper: { type: 'string', default: '{}' },
    threads: { type: 'string', default: 'auto' },
    checkpoint: { type: 'string', default: '/tmp/archwalk-agent-learning.ckpt' },
    'skip-train': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    epsilon: { type: 'string', default: '0' },
    out: { type: 'string' },
  },
});
const missing = skipWithout(NB201_CSV);
if (missing) {
  console.log(`skipped: ${missing}`);
  process.exit(0);
}

const bench = realNb201();
const budgets = values.budgets.split(',').map(Number);
const maxBudget = Math.max(...budgets);
const seeds = Number(values.seeds);
const hyper = resolveHyperparameters(values.preset as AgentPresetName, JSON.parse(values.hyper));

if (!values['skip-train']) {
  const threads = values.threads === 'auto' ? undefined : Number(values.threads);
  console.log(`training ${values.preset} for ${values.minutes} min on NB201 CIFAR-10: ${JSON.stringify(hyper)}`);
  const started = performance.now();
  let lastPrint = 0;
  const latest = new Map<string, number>();
  const result = await trainAgent({
    space: bench.space,
    benchmark: bench,
    hyper,
    budget: { seconds: Number(values.minutes) * 60 },
    seed: Number(values.seed),
    checkpointPath: values.checkpoint,
    checkpointEverySeconds: 120,
    resume: false,
    metricsEverySeconds: 10,
    actorWorkerBenchmark: { module: new URL('./agent-nb201-loader.ts', import.meta.url).href, exportName: 'loadNb201', args: [] },
    ...(threads !== undefined ? { actorThreads: threads } : {}),
    onMetric: (name, step, value) => {
      latest.set(name, value);
      if (performance.now() - lastPrint > 60_000) {
        lastPrint = performance.now();
        const pick = ['episode_return', 'episode_final_valid', 'loss', 'mean_q', 'td_error', 'env_steps_per_s', 'learner_updates_per_s', 'queries'];
        console.log(`  [${((performance.now() - started) / 60000).toFixed(1)} min] env ${step} ` + pick.map((k) => `${k} ${latest.get(k)?.toFixed(4) ?? '-'}`).join(', '));
      }
    },
    onLog: (level, message) => console.log(`  ${level}: ${message}`),
  });
  console.log(`trained: ${JSON.stringify(result.counters)} on ${result.backend}`);
}

const policy = await loadAgentPolicy(values.checkpoint);
const agentParams = resolveSearcherParams('agent', { checkpoint: 'bench', epsilon: Number(values.epsilon) });
const agent: Searcher<object> = (ctx) => agentSearcher(policy, ctx, agentParams);
const kinds: (SearcherKind | 'agent')[] = ['agent', 'random-walk', 'random-search', 'local-search', 'regularized-evolution'];
const results: Record<string, number[][]> = {};
const validResults: Record<string, number[][]> = {};
const bestValid = bench.best().valid;
const foundBest: Record<string, number[]> = {};
for (const kind of kinds) {
  results[kind] = budgets.map(() => []);
  validResults[kind] = budgets.map(() => []);
  foundBest[kind] = budgets.map(() => 0);
  for (let seed = 0; seed < seeds; seed++) {
    const at = new Map<number, number>();
    const atValid = new Map<number, number>();
    const config: SearchRunConfig = {
        kind: 'search',
        experiment: 'agent-learning',
        benchmark: 'nb201',
        budget: maxBudget,
        queryDelayMs: 0,
        seed: 1000 + seed,
        searcher: { kind: kind as SearcherKind, label: kind, params: kind === 'agent' ? agentParams : resolveSearcherParams(kind, {}) },
      };
    await runSearch({
      config,
      benchmark: bench,
      onQuery: (record) => {
        at.set(record.query, record.incumbent.test);
        atValid.set(record.query, record.incumbent.valid);
      },
      ...(kind === 'agent' ? { searcher: agent } : {}),
    });
    budgets.forEach((b, i) => {
      results[kind]![i]!.push(at.get(b)! * 100);
      validResults[kind]![i]!.push(atValid.get(b)! * 100);
      if (atValid.get(b)! >= bestValid) foundBest[kind]![i]! += 1;
    });
  }
}
policy.dispose();

console.log(`\nNB201 CIFAR-10 (test accuracy % of the incumbent chosen by validation), ${seeds} seeds, mean ± s.e.`);
console.log(`searcher               ${budgets.map((b) => `${b} queries`.padStart(16)).join('')}`);
for (const kind of kinds) {
  console.log(kind.padEnd(22) + results[kind]!.map((xs) => `${mean(xs).toFixed(2)} ± ${standardError(xs).toFixed(2)}`.padStart(16)).join(''));
}
console.log(`\nsame runs, validation accuracy % of the incumbent (what every searcher maximises); in brackets: runs that found the best-by-validation cell`);
for (const kind of kinds) {
  console.log(kind.padEnd(22) + validResults[kind]!.map((xs, i) => `${mean(xs).toFixed(2)} ± ${standardError(xs).toFixed(2)} [${foundBest[kind]![i]}]`.padStart(21)).join(''));
}
console.log(`optimum (best test in table): ${(bench.bestTest() * 100).toFixed(2)}; best-by-validation: ${(bench.best().test * 100).toFixed(2)}`);
if (values.out) writeFileSync(values.out, JSON.stringify({ hyper, budgets, seeds, results, validResults, foundBest }, null, 2));
