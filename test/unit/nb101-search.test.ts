/**
 * NB101 wired into the product: loadBenchmark opens an imported table, the searchers run
 * on it unchanged with their rule sets (local search: naslib; random walk and regularized
 * evolution: paper), and a cell outside the table fails the run with its hash named —
 * a query never invents a value.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import { importNb101TfRecordSync, Nb101TableBenchmark } from '../../src-main/nas/benchmarks/nb101/index.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { runSearch } from '../../src-main/nas/search/run-search.ts';
import type { QueryRecord } from '../../src-main/nas/search/evaluator.ts';
import { nb101Space, type Nb101Cell, type Nb101Space } from '../../src-main/nas/spaces/nb101/index.ts';
import type { NeighbourRules } from '../../src-main/nas/spaces/types.ts';
import { resolveSearcherParams, type SearcherKind } from '#shared/searcher-specs.ts';
import { BENCHMARK_DATA, skipWithout } from '../helpers/data.ts';

const REAL30 = join(BENCHMARK_DATA, 'nb101', 'nb101_real30.tfrecord');
const skip = skipWithout(REAL30);

type SearchConfig = Parameters<typeof runSearch>[0]['config'];

function config(kind: SearcherKind, seed: number, budget: number, params: Record<string, unknown> = {}): SearchConfig {
  // Built by assertion so the test holds whether or not run configs carry a `kind` tag; the searcher's defaults filled in, as the app stores them.
  return { kind: 'search' as const, experiment: 't', benchmark: 'nb101', budget, queryDelayMs: 0, seed, searcher: { kind, label: kind, params: resolveSearcherParams(kind, params) } } as unknown as SearchConfig;
}

const dir = mkdtempSync(join(tmpdir(), 'nb101-search-'));
const tablePath = join(dir, 'real30.nb101');
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => {
  if (skip === false) importNb101TfRecordSync(REAL30, tablePath);
});

function openTable(): Nb101TableBenchmark {
  const benchmark = loadBenchmark({ name: 'nb101-real30', kind: 'nb101', dataPath: tablePath });
  assert.ok(benchmark instanceof Nb101TableBenchmark);
  return benchmark;
}

test('loadBenchmark opens kind nb101 under its registered name', { skip }, () => {
  const b = openTable();
  assert.equal(b.name, 'nb101-real30');
  assert.equal(b.size, 30);
  assert.equal(b.space.name, 'nb101');
  assert.throws(() => loadBenchmark({ name: 'x', kind: 'nb999', dataPath: tablePath }), /kind "nb999", which this archwalk cannot open \(known: nb201, nb101, nb301-yahpo, nb301-xgb, live\)/);
  assert.throws(() => loadBenchmark({ name: 'x', kind: 'nb101', dataPath: join(dir, 'missing.nb101') }), /ENOENT/);
});

// Budget 29, not 30: with the budget equal to the table size the evaluator never sees a new
// cell after the last query, so random search spins until it is declared stuck (evaluator.ts).
test('random search spends its budget on the 30-cell table, reproducibly, and ends at a real cell', { skip }, async () => {
  const b = openTable();
  const run = async (seed: number) => {
    const records: QueryRecord<Nb101Cell>[] = [];
    const outcome = await runSearch({ config: config('random-search', seed, 29), benchmark: b, onQuery: (r) => records.push(r as QueryRecord<Nb101Cell>) });
    return { records, outcome };
  };
  const a = await run(3);
  const again = await run(3);
  assert.equal(a.outcome.queries, 29);
  assert.equal(new Set(a.records.map((r) => r.hash)).size, 29, 'distinct cells of the table');
  assert.deepEqual(a.records.map((r) => [r.hash, r.metrics.valid]), again.records.map((r) => [r.hash, r.metrics.valid]), 'same seed, same trajectory and same sampled repeats');
  for (const r of a.records) assert.ok(b.has(r.hash));
  const best = a.outcome.incumbent!;
  assert.equal(best.valid, Math.max(...a.records.map((r) => r.metrics.valid)));
  await assert.rejects(runSearch({ config: config('random-search', 3, 31), benchmark: b }), /budget 31 exceeds the 30 architectures of nb101-real30/);
});

test('a neighbour outside the table fails the run with an error naming its hash', { skip }, async () => {
  const b = openTable();
  for (const kind of ['local-search', 'random-walk', 'regularized-evolution'] as const) {
    const params = kind === 'regularized-evolution' ? { population: 5, sampleSize: 2 } : kind === 'local-search' ? { init: 3 } : {};
    await assert.rejects(
      runSearch({ config: config(kind, 1, 30, params), benchmark: b }),
      (e: Error) => {
        const m = /^NAS-Bench-101 table nb101-real30 has no cell with hash ([0-9a-f]{32}) \(30 cells imported from nb101_real30\.tfrecord\); this table covers part of the space only/.exec(e.message);
        assert.ok(m, `${kind}: ${e.message}`);
        assert.ok(!b.has(m[1]!), 'the named hash is really absent');
        return true;
      },
    );
  }
  // The same message straight from a query of a cell the table lacks.
  const unknown: Nb101Cell = { matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: ['input', 'maxpool3x3', 'output'] };
  const hash = nb101Space.hash(unknown);
  assert.ok(!b.has(hash));
  assert.throws(() => b.query(unknown, { rng: new Rng(0) }), new RegExp(`table nb101-real30 has no cell with hash ${hash} \\(30 cells`));
});

test('the searchers ask the NB101 space for their own rule sets', { skip }, async () => {
  const table = openTable().table;
  for (const [kind, expected, params] of [
    ['local-search', 'naslib', { init: 3 }],
    ['random-walk', 'paper', {}],
    ['regularized-evolution', 'paper', { population: 5, sampleSize: 2 }],
  ] as const) {
    const asked = new Set<NeighbourRules | undefined>();
    const spy: Nb101Space = { ...nb101Space, neighbours: (arch, rules) => (asked.add(rules), nb101Space.neighbours(arch, rules)) };
    const b = new Nb101TableBenchmark(table, spy, 'spy');
    await runSearch({ config: config(kind, 2, 30, params), benchmark: b }).catch(() => undefined);
    assert.deepEqual([...asked], [expected], kind);
  }
  // And the space honours the parameter: on a cell with room for a vertex, 'paper' adds vertices, 'naslib' never does.
  const cell: Nb101Cell = { matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'output'] };
  const paper = nb101Space.neighbours(cell, 'paper').map((n) => nb101Space.hash(n.arch)).sort();
  const naslib = nb101Space.neighbours(cell, 'naslib').map((n) => nb101Space.hash(n.arch)).sort();
  assert.ok(naslib.length > 0);
  assert.ok(naslib.every((h) => paper.includes(h)), 'NASLib edits are among the paper edits here');
  assert.ok(paper.length > naslib.length);
});

test('a damaged table file: loading says what is wrong and what to do', { skip }, () => {
  const bad = join(dir, 'bad.nb101');
  const bytes = readFileSync(tablePath);
  bytes[bytes.length - 3]! ^= 0xff;
  writeFileSync(bad, bytes);
  assert.throws(() => loadBenchmark({ name: 'x', kind: 'nb101', dataPath: bad }), /bad\.nb101 is not a usable NB101 table: checksum mismatch .* Re-import it from the official \.tfrecord file/);
});
