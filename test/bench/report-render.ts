/**
 * Time to build and render a report of a large experiment, from a synthetic source (no
 * store, no benchmark data): searchers × seeds runs of `budget` queries each. Prints the
 * time of each step (median of the repeats) and the size of each format.
 *
 *   node test/bench/report-render.ts [--searchers 4] [--seeds 20] [--budget 1000] [--repeats 3]
 */
import { parseArgs } from 'node:util';
import { formatNb201, nb201FromIndex } from '../../src-main/nas/spaces/nb201/space.ts';
import { buildReportModel, parseTargets, renderCsv, renderHtml, renderJson, type ReportSource } from '../../src-main/services/reports/index.ts';
import type { ReportEvaluation } from '../../src-main/services/reports/model.ts';
import type { RunSummary } from '#shared/api.ts';
import type { RunConfig } from '#shared/config.ts';

const { values } = parseArgs({
  options: { searchers: { type: 'string', default: '4' }, seeds: { type: 'string', default: '20' }, budget: { type: 'string', default: '1000' }, repeats: { type: 'string', default: '3' } },
});
const searchers = Array.from({ length: Number(values.searchers) }, (_, i) => `searcher-${i}`);
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
const budget = Number(values.budget);
const repeats = Number(values.repeats);

function evaluations(runId: number): ReportEvaluation[] {
  let s = runId * 7919;
  const rand = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out: ReportEvaluation[] = [];
  let best = { valid: -1, test: 0, hash: '' };
  for (let q = 1; q <= budget; q++) {
    const hash = formatNb201(nb201FromIndex(Math.floor(rand() * 15625)));
    const valid = 0.7 + 0.25 * rand();
    const test = valid + 0.01 * (rand() - 0.5);
    if (valid > best.valid) best = { valid, test, hash };
    out.push({ query: q, hash, arch: hash, valid, test, incumbentValid: best.valid, incumbentTest: best.test, incumbentHash: best.hash, elapsedMs: q * 2 });
  }
  return out;
}

const runs: { summary: RunSummary; config: RunConfig; evaluations: ReportEvaluation[] }[] = [];
for (const label of searchers) {
  for (const seed of seeds) {
    const id = runs.length + 1;
    runs.push({
      summary: {
        id, experimentId: 1, experimentName: 'bench', searcher: label, searcherKind: 'random-search', seed, benchmark: 'nb201', status: 'succeeded', queuePosition: null, queries: budget, budget,
        bestValid: null, bestTest: null, createdAt: '2030-01-01T00:00:00.000Z', startedAt: '2030-01-01T00:00:00.000Z', finishedAt: '2030-01-01T00:01:00.000Z', error: null,
      },
      config: { kind: 'search', experiment: 'bench', benchmark: 'nb201', budget, queryDelayMs: 0, seed, searcher: { kind: 'random-search', label, params: {} } },
      evaluations: evaluations(id),
    });
  }
}
const source: ReportSource = {
  async getExperiment() {
    return {
      experiment: {
        id: 1, kind: 'search', name: 'bench', benchmark: 'nb201', benchmarks: ['nb201'], searchers, budget, status: 'finished', runCounts: {}, totalRuns: runs.length, queries: 0, totalQueries: 0,
        bestValid: null, bestTest: null, createdAt: '2030-01-01T00:00:00.000Z', finishedAt: null,
      },
      config: { kind: 'search', name: 'bench', description: '', benchmark: 'nb201', budget, queryDelayMs: 0, seeds, searchers: searchers.map((label) => ({ kind: 'random-search', label, params: {} })), agent: null },
      configHash: '0'.repeat(64),
      runs: runs.map((r) => r.summary),
    };
  },
  async getRun(id) {
    const r = runs[id - 1]!;
    const provenance = { seed: r.summary.seed, configHash: '1'.repeat(64), appVersion: 'bench', mlBackend: 'none', device: null, benchmarkSha256: null };
    return { run: r.summary, config: r.config, provenance, attempts: [], curve: [], metrics: {}, best: null, logTail: [] };
  },
  async listBenchmarks() {
    return [];
  },
  async evaluations(id) {
    return runs[id - 1]!.evaluations;
  },
};

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times: Record<string, number[]> = { model: [], html: [], csv: [], json: [] };
const sizes: Record<string, number> = {};
for (let r = 0; r < repeats; r++) {
  let t = performance.now();
  const model = await buildReportModel(source, parseTargets(['exp:1']));
  times.model!.push(performance.now() - t);
  for (const [name, render] of [['html', renderHtml], ['csv', renderCsv], ['json', renderJson]] as const) {
    t = performance.now();
    sizes[name] = render(model).length;
    times[name]!.push(performance.now() - t);
  }
}
console.log(`${searchers.length} searchers × ${seeds.length} seeds × ${budget} queries (${runs.length * budget} rows), median of ${repeats}`);
for (const [name, ms] of Object.entries(times)) console.log(`${name.padEnd(6)} ${median(ms).toFixed(0).padStart(7)} ms${sizes[name] ? `  ${(sizes[name]! / 1e6).toFixed(2)} MB` : ''}`);
