import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Benchmark, Metrics } from '../../src-main/nas/benchmarks/types.ts';
import { mean, standardError } from '#shared/curve-stats.ts';
import { runSearch, SEARCHERS, type ClassicSearcherKind } from '../../src-main/nas/search/run-search.ts';
import type { QueryRecord } from '../../src-main/nas/search/evaluator.ts';
import { NB201_SIZE, nb201Space, type Nb201Cell } from '../../src-main/nas/spaces/nb201/space.ts';
import type { SearchRunConfig } from '#shared/config.ts';
import { resolveSearcherParams } from '#shared/searcher-specs.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';

const skip = skipWithout(NB201_CSV);

/** A run config as the app stores it: the searcher's defaults filled in. */
function config(kind: ClassicSearcherKind, seed: number, budget: number, params: SearchRunConfig['searcher']['params'] = {}): SearchRunConfig {
  return { kind: 'search', experiment: 't', benchmark: 'nb201-cifar10', budget, queryDelayMs: 0, seed, searcher: { kind, label: kind, params: resolveSearcherParams(kind, params) } };
}

/** Every searcher with its defaults, except BANANAS's predictor training, cut short so the shared contract tests stay quick. */
const QUICK_PARAMS: Partial<Record<ClassicSearcherKind, SearchRunConfig['searcher']['params']>> = { bananas: { epochs: 10 } };

async function trajectory(kind: ClassicSearcherKind, seed: number, budget: number, benchmark: Benchmark<Nb201Cell> = realNb201()) {
  const records: QueryRecord<Nb201Cell>[] = [];
  const outcome = await runSearch({ config: config(kind, seed, budget, QUICK_PARAMS[kind]), benchmark, onQuery: (r) => records.push(r) });
  return { records, outcome };
}

for (const kind of Object.keys(SEARCHERS) as ClassicSearcherKind[]) {
  test(`${kind}: spends exactly the budget on distinct architectures, reproducibly, with a monotone incumbent`, { skip }, async () => {
    const a = await trajectory(kind, 5, 120);
    const b = await trajectory(kind, 5, 120);
    const c = await trajectory(kind, 6, 120);
    assert.equal(a.records.length, 120);
    assert.equal(a.outcome.queries, 120);
    assert.equal(new Set(a.records.map((r) => r.hash)).size, 120);
    assert.deepEqual(a.records.map((r) => r.hash), b.records.map((r) => r.hash), 'same seed, same trajectory');
    assert.notDeepEqual(a.records.map((r) => r.hash), c.records.map((r) => r.hash), 'another seed, another trajectory');
    a.records.forEach((r, i) => {
      assert.equal(r.query, i + 1);
      const bestSoFar = Math.max(...a.records.slice(0, i + 1).map((x) => x.metrics.valid));
      assert.equal(r.incumbent.valid, bestSoFar);
      if (i > 0) assert.ok(r.incumbent.valid >= a.records[i - 1]!.incumbent.valid);
    });
    const final = a.records.at(-1)!.incumbent;
    assert.equal(final.test, realNb201().query(final.arch).test, 'incumbent test accuracy is the incumbent architecture\'s');
  });
}

test('a revisit costs no query: a searcher that keeps proposing one cell is declared stuck', async () => {
  const cell = [0, 0, 0, 0, 0, 0];
  let queries = 0;
  const benchmark: Benchmark<Nb201Cell> = {
    name: 'counting',
    space: { ...nb201Space, sample: () => cell },
    query(): Metrics {
      queries++;
      return { valid: 0.5, test: 0.5, cost: 0 };
    },
  };
  await assert.rejects(runSearch({ config: config('random-search', 0, 10), benchmark }), /moves without reaching an architecture it had not evaluated/);
  assert.equal(queries, 1);
});

/**
 * Exact expectation (and variance) of random search's incumbent test accuracy after n
 * distinct uniform queries, incumbent chosen by validation accuracy; ties in validation
 * are resolved by first-seen, which picks a uniform member of the tied group.
 */
function exactRandomSearch(valid: number[], testAcc: number[], n: number): { mean: number; std: number } {
  const N = valid.length;
  const order = valid.map((_, i) => i).sort((x, y) => valid[y]! - valid[x]!);
  // h(K) = P(a sample of n avoids K given elements) = C(N-K, n) / C(N, n), in logs.
  const logH = (K: number): number => {
    if (N - K < n) return Number.NEGATIVE_INFINITY;
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log((N - K - i) / (N - i));
    return s;
  };
  let e1 = 0;
  let e2 = 0;
  let K = 0;
  let start = 0;
  while (start < N) {
    let end = start + 1;
    while (end < N && valid[order[end]!] === valid[order[start]!]) end++;
    const group = order.slice(start, end);
    const p = Math.exp(logH(K)) - Math.exp(logH(K + group.length));
    e1 += p * mean(group.map((i) => testAcc[i]!));
    e2 += p * mean(group.map((i) => testAcc[i]! ** 2));
    K += group.length;
    start = end;
  }
  return { mean: e1, std: Math.sqrt(Math.max(0, e2 - e1 * e1)) };
}

test('random search over 20 seeds at 100 queries agrees with its exact expectation on the real table', { skip }, async () => {
  const bench = realNb201();
  const valid: number[] = [];
  const testAcc: number[] = [];
  for (let i = 0; i < NB201_SIZE; i++) {
    const m = bench.query([Math.floor(i / 3125) % 5, Math.floor(i / 625) % 5, Math.floor(i / 125) % 5, Math.floor(i / 25) % 5, Math.floor(i / 5) % 5, i % 5]);
    valid.push(m.valid);
    testAcc.push(m.test);
  }
  const exact = exactRandomSearch(valid, testAcc, 100);
  const finals: number[] = [];
  for (let seed = 0; seed < 20; seed++) finals.push((await trajectory('random-search', seed, 100)).outcome.incumbent!.test);
  const observed = mean(finals);
  const tolerance = 4 * exact.std / Math.sqrt(20);
  console.log(`random search @100, 20 seeds: observed ${(observed * 100).toFixed(3)} %, exact expectation ${(exact.mean * 100).toFixed(3)} % (sd of one run ${(exact.std * 100).toFixed(3)})`);
  assert.ok(Math.abs(observed - exact.mean) < tolerance, `observed ${observed} vs exact ${exact.mean} ± ${tolerance}`);
  // The exact value itself must be sensible: between the table's mean and its best test accuracy.
  assert.ok(exact.mean > mean(testAcc) && exact.mean < Math.max(...testAcc));
});

test('local search beats random search at 150 queries on the real table (20 seeds)', { skip }, async () => {
  const finals = async (kind: ClassicSearcherKind): Promise<number[]> => {
    const out: number[] = [];
    for (let seed = 0; seed < 20; seed++) out.push((await trajectory(kind, seed, 150)).outcome.incumbent!.test);
    return out;
  };
  const rs = await finals('random-search');
  const ls = await finals('local-search');
  console.log(`@150, 20 seeds: random search ${(mean(rs) * 100).toFixed(3)} ± ${(standardError(rs) * 100).toFixed(3)} %, local search ${(mean(ls) * 100).toFixed(3)} ± ${(standardError(ls) * 100).toFixed(3)} %`);
  assert.ok(mean(ls) > mean(rs), `local search ${mean(ls)} should beat random search ${mean(rs)}`);
});

test('a budget equal to the table size ends the run instead of revisiting forever', async () => {
  const cells = [[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [2, 0, 0, 0, 0, 0]];
  let next = 0;
  const benchmark: Benchmark<Nb201Cell> = {
    name: 'three cells',
    space: { ...nb201Space, sample: () => cells[next++ % 3]! },
    query: (): Metrics => ({ valid: 0.5, test: 0.5, cost: 0 }),
  };
  const outcome = await runSearch({ config: config('random-search', 0, 3), benchmark });
  assert.equal(outcome.queries, 3);
});
