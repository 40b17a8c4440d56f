import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { autocorrelation, correlationLength, randomWalks } from '../../src-main/nas/analysis/autocorrelation.ts';
import { countValues, histogram, sampleStats } from '../../src-main/nas/analysis/histogram.ts';
import { analyseLandscape, DEFAULT_LANDSCAPE_PARAMS } from '../../src-main/nas/analysis/landscape-analysis.ts';
import { benchmarkOracle, type AccuracyOracle } from '../../src-main/nas/analysis/oracle.ts';
import { ignoreProgress } from '../../src-main/nas/analysis/progress.ts';
import { neighbourPairs, rewardDistribution } from '../../src-main/nas/analysis/reward-distribution.ts';
import { loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import { tableCells } from '../../src-main/nas/benchmarks/table-cells.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import type { SearchSpace } from '../../src-main/nas/spaces/types.ts';

const NB201 = fileURLToPath(new URL('../../resources/nb201-cifar10/table.nb201', import.meta.url));
const NB101_5V = fileURLToPath(new URL('../../resources/nb101-5v-fmnist/table.nb101', import.meta.url));

/** A hand-made landscape: architectures are the integers 0..n-1, neighbours given by `edges`, accuracy by `value`. */
function toyOracle(n: number, edges: (i: number) => number[], value: (i: number) => number | null): AccuracyOracle<number> {
  const space: SearchSpace<number> = {
    name: 'toy',
    sample: (rng) => rng.int(n),
    neighbours: (i) => edges(i).map((j) => ({ arch: j, edit: `${i}->${j}` })),
    neighbourRuleSets: ['paper'],
    hash: String,
    encode: () => new Float32Array(0),
    encodingSize: 0,
    validate: (v) => v as number,
    toJSON: (v) => v,
    fromJSON: (v) => v as number,
  };
  return { space, sample: space.sample, valid: async (archs) => archs.map(value) };
}

test('autocorrelation of a short series by hand', () => {
  // μ = 2.5, σ² = 1.25; lag 1 products 0.75, −0.25, 0.75 → mean 1.25/3 → ρ = 1/3.
  const [rho1, rho2, rho4] = [...autocorrelation([[1, 2, 3, 4]], 2), autocorrelation([[1, 2, 3, 4]], 4)[3]];
  assert.ok(Math.abs(rho1! - 1 / 3) < 1e-12);
  // lag 2: (−1.5)(0.5) + (−0.5)(1.5) = −1.5 over 2 pairs → −0.75 / 1.25 = −0.6.
  assert.ok(Math.abs(rho2! + 0.6) < 1e-12);
  assert.ok(Number.isNaN(rho4!), 'no pair is 4 steps apart');
  assert.equal(correlationLength(Math.exp(-0.5)), 2);
  assert.equal(correlationLength(-0.2), null);
});

test('a walk on an alternating ring has autocorrelation (−1)^k exactly', async () => {
  // Ring of 10 with accuracies 0.4, 0.6, 0.4, …: every step flips the value.
  const oracle = toyOracle(10, (i) => [(i + 1) % 10, (i + 9) % 10], (i) => (i % 2 === 0 ? 0.4 : 0.6));
  const walks = await randomWalks(oracle, 'paper', 7, 51, new Rng(3), ignoreProgress); // 52 points each: mean exactly 0.5
  const rho = autocorrelation(walks.series, 10);
  rho.forEach((r, i) => assert.ok(Math.abs(r - (-1) ** (i + 1)) < 1e-12, `lag ${i + 1}: ${r}`));
});

test('a walk on a complete graph has autocorrelation (−1/(n−1))^k', async () => {
  // On K_n the next value is the mean of the n − 1 others: ρ(1) = −1/(n−1) for any values.
  const n = 5;
  const values = [0.1, 0.9, 0.3, 0.5, 0.7];
  const oracle = toyOracle(n, (i) => [...Array(n).keys()].filter((j) => j !== i), (i) => values[i]!);
  const walks = await randomWalks(oracle, 'paper', 40, 2000, new Rng(5), ignoreProgress);
  const rho = autocorrelation(walks.series, 3);
  for (let k = 1; k <= 3; k++) assert.ok(Math.abs(rho[k - 1]! - (-1 / (n - 1)) ** k) < 0.015, `lag ${k}: ${rho[k - 1]} vs ${(-1 / (n - 1)) ** k}`);
});

test('a walk stops where the landscape has no value and is counted as cut short', async () => {
  // A path 0-1-2-…; cell 5 has no accuracy.
  const oracle = toyOracle(10, (i) => [Math.max(0, i - 1), Math.min(9, i + 1)], (i) => (i === 5 ? null : i / 10));
  const walks = await randomWalks(oracle, 'paper', 30, 200, new Rng(1), ignoreProgress);
  assert.ok(walks.cutShort > 0);
  for (const s of walks.series) assert.ok(s.every((v) => v !== 0.5));
});

test('histogram, statistics and value counts', () => {
  const h = histogram([0, 0.5, 1, 1, 2], 4);
  assert.deepEqual(h.edges, [0, 0.5, 1, 1.5, 2]);
  assert.deepEqual(h.counts, [1, 1, 2, 1], 'the last bin is closed');
  assert.deepEqual(histogram([3, 3], 2).counts, [0, 2]);
  const s = sampleStats([1, 2, 3, 4]);
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.sd - Math.sqrt(5 / 3)) < 1e-12);
  assert.equal(s.quantiles.p50, 2.5);
  assert.deepEqual(countValues([24, 20, 24]), [{ value: 20, count: 1 }, { value: 24, count: 2 }]);
  assert.throws(() => histogram([1], 0), /positive whole number of bins, got 0/);
});

test('the reward distribution on NB201 agrees with a direct computation of the shaped reward', { skip: existsSync(NB201) ? false : 'resources/nb201-cifar10 missing' }, async () => {
  const bench = loadBenchmark({ name: 'nb201-cifar10', kind: 'nb201', dataPath: NB201 });
  const { pairs, drawn } = await neighbourPairs(benchmarkOracle(bench), 2000, new Rng(11), ignoreProgress);
  assert.equal(drawn, 2000);
  assert.equal(pairs.length, 2000, 'the NB201 table is complete: every neighbour has an accuracy');
  const alphas = [1, 10, 50];
  const bins = 20;
  const result = rewardDistribution(pairs, alphas, bins);
  alphas.forEach((alpha, a) => {
    // The paper's formula, written out here independently of agent/reward.ts.
    const direct = pairs.map(({ acc, accNext }) => Math.exp(alpha * (accNext - 1)) - Math.exp(alpha * (acc - 1)));
    const got = result.byAlpha[a]!;
    assert.equal(got.alpha, alpha);
    const mean = direct.reduce((x, y) => x + y, 0) / direct.length;
    assert.ok(Math.abs(got.stats.mean - mean) < 1e-12, `α=${alpha}: mean ${got.stats.mean} vs ${mean}`);
    assert.equal(got.stats.min, Math.min(...direct));
    assert.equal(got.stats.max, Math.max(...direct));
    const lo = Math.min(...direct);
    const width = (Math.max(...direct) - lo) / bins;
    const counts = new Array<number>(bins).fill(0);
    for (const r of direct) counts[Math.min(bins - 1, Math.floor((r - lo) / width))]! += 1;
    assert.deepEqual(got.histogram.counts, counts);
    assert.equal(got.nearZero, direct.filter((r) => Math.abs(r) < 1e-3).length / direct.length);
  });
  // Shaping by a large α spreads steps near the top and squashes the rest: more near-zero rewards.
  assert.ok(result.byAlpha[2]!.nearZero > result.byAlpha[0]!.nearZero);
});

test('the full analysis of the shipped NB201 table', { skip: existsSync(NB201) ? false : 'resources/nb201-cifar10 missing' }, async () => {
  const bench = loadBenchmark({ name: 'nb201-cifar10', kind: 'nb201', dataPath: NB201 });
  const cells = tableCells(bench)!;
  const phases = new Set<string>();
  const params = { ...DEFAULT_LANDSCAPE_PARAMS, samples: 500, pairs: 1000, walks: 8, walkSteps: 200 };
  const a = await analyseLandscape({ oracle: benchmarkOracle(bench), tableValid: cells.valid }, params, (phase) => phases.add(phase));
  assert.equal(a.accuracy.source, 'table');
  assert.equal(a.accuracy.stats.n, 15_625);
  assert.equal(a.accuracy.histogram.counts.reduce((x, y) => x + y, 0), 15_625);
  assert.deepEqual(a.neighbourhoods.map((n) => [n.rules, n.counts]), [['paper', [{ value: 24, count: 500 }]]]);
  assert.equal(a.autocorrelation.length, 1);
  const rho = a.autocorrelation[0]!.rho as number[];
  assert.equal(rho.length, 10);
  // One-op changes keep NB201 clearly correlated (ρ(1) ≈ 0.54 over 20 × 500 steps), and it decorrelates with distance.
  assert.ok(rho[0]! > 0.3 && rho[0]! < 1, `ρ(1) = ${rho[0]}`);
  assert.ok(rho[9]! < rho[0]!);
  assert.equal(a.autocorrelation[0]!.cutShort, 0);
  assert.deepEqual([...phases].sort(), ['neighbourhood sizes (paper)', 'random walks (paper)', 'reward pairs']);
  // Same parameters, same answer (the seconds aside).
  const again = await analyseLandscape({ oracle: benchmarkOracle(bench), tableValid: cells.valid }, params);
  assert.deepEqual({ ...again, seconds: null }, { ...a, seconds: null });
});

test('the shipped NB101-5V table: both rule sets, walks stay in the table', { skip: existsSync(NB101_5V) ? false : 'resources/nb101-5v-fmnist missing' }, async () => {
  const bench = loadBenchmark({ name: 'nb101-5v-fmnist', kind: 'nb101', dataPath: NB101_5V });
  const params = { ...DEFAULT_LANDSCAPE_PARAMS, samples: 300, pairs: 500, walks: 4, walkSteps: 100 };
  const a = await analyseLandscape({ oracle: benchmarkOracle(bench), tableValid: tableCells(bench)!.valid }, params);
  assert.equal(a.accuracy.stats.n, 2532);
  assert.deepEqual(a.autocorrelation.map((w) => w.rules), ['paper', 'naslib']);
  assert.deepEqual(a.neighbourhoods.map((n) => n.rules), ['paper', 'naslib']);
  for (const w of a.autocorrelation) assert.equal(w.cutShort, 0, `${w.rules}: every neighbour of a ≤5-vertex cell is in the table`);
  assert.ok(a.neighbourhoods[0]!.counts.length > 1, 'NB101 neighbourhood sizes vary');
  assert.equal(a.reward.pairs, 500);
});
