/**
 * NAS-Bench-101 through the real `archwalk` command: import of the official-format file,
 * queries against the official numbers, refusal of damaged files, the line tools
 * (hash, neighbours) with good and bad input, enumeration, and an experiment on the
 * imported table.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { embeddedTablePath } from '../../src-main/services/embedded.ts';
import { archwalk } from '../helpers/cli.ts';
import { BENCHMARK_DATA, REPO_ROOT, skipWithout, tempDir } from '../helpers/data.ts';
import { NB101_EXAMPLE_HASH, nb101Example } from '../helpers/fixtures.ts';

const REAL30 = join(BENCHMARK_DATA, 'nb101', 'nb101_real30.tfrecord');
const DUMMY = join(BENCHMARK_DATA, 'nb101', 'nb101_dummy.json');
const skipData = skipWithout(REAL30) || skipWithout(DUMMY);
/** The shipped nb101-5v-fmnist table, registered (and copied) into every new home when this checkout has it. */
const shippedTable = embeddedTablePath();

type Run = Record<string, number>;
type Dummy = Record<string, { fixed_metrics: { module_adjacency: number[][]; module_operations: string[]; trainable_parameters: number }; computed_metrics: Record<string, Run[]> }>;

interface BenchmarkInfo {
  name: string;
  kind: string;
  space: string;
  size: number;
  sourceSha256: string;
  bestValid: number;
  bestTest: number;
}

const home = tempDir('archwalk-nb101-');
after(() => home.cleanup());
let dummy: Dummy = {};

before(() => {
  if (skipData !== false) return;
  dummy = JSON.parse(readFileSync(DUMMY, 'utf8')) as Dummy;
  const imported = archwalk(home.path, ['benchmark', 'import', 'nb101', REAL30]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /^imported nb101: 30 architectures \(nb101\), best validation \d+\.\d+ % → test \d+\.\d+ %/);
});

const list = (): BenchmarkInfo[] => JSON.parse(archwalk(home.path, ['benchmark', 'list', '--json']).stdout) as BenchmarkInfo[];
const benchmarkFiles = (): string[] => readdirSync(join(home.path, 'benchmarks')).sort();
const cellJson = (hash: string): string => JSON.stringify({ matrix: dummy[hash]!.fixed_metrics.module_adjacency, ops: dummy[hash]!.fixed_metrics.module_operations });
const meanOf = (runs: Run[], key: string): number => runs.reduce((s, r) => s + (r[key] as number), 0) / runs.length;

test('import: registered as kind nb101 with 30 cells, the source SHA-256 and the best mean at 108 epochs', { skip: skipData }, () => {
  const [info] = list().filter((b) => b.name === 'nb101');
  assert.ok(info);
  assert.equal(info.kind, 'nb101');
  assert.equal(info.space, 'nb101');
  assert.equal(info.size, 30);
  assert.equal(info.sourceSha256, createHash('sha256').update(readFileSync(REAL30)).digest('hex'));
  let best = { valid: -1, test: -1 };
  for (const { computed_metrics } of Object.values(dummy)) {
    const runs = computed_metrics['108']!;
    const valid = meanOf(runs, 'final_validation_accuracy');
    if (valid > best.valid) best = { valid, test: meanOf(runs, 'final_test_accuracy') };
  }
  assert.ok(Math.abs(info.bestValid - best.valid) < 1e-12);
  assert.ok(Math.abs(info.bestTest - best.test) < 1e-12);
  assert.deepEqual(benchmarkFiles().filter((f) => f.endsWith('.nb101')), ['nb101-5v-fmnist.nb101', 'nb101.nb101'].filter((f) => f === 'nb101.nb101' || shippedTable !== null));
  const again = archwalk(home.path, ['benchmark', 'import', 'nb101', REAL30]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /a benchmark named "nb101" already exists; choose another name or remove it first/);
});

test('query: the mean over repeats and a sampled repeat match the official numbers', { skip: skipData }, () => {
  for (const hash of Object.keys(dummy).slice(0, 3)) {
    const runs = dummy[hash]!.computed_metrics['108']!;
    const mean = archwalk(home.path, ['benchmark', 'query', 'nb101', cellJson(hash), '--repeat', 'mean', '--epochs', '108', '--json']);
    assert.equal(mean.code, 0, mean.stderr);
    const m = JSON.parse(mean.stdout) as Record<string, unknown>;
    assert.equal(m['hash'], hash);
    assert.equal(m['epochs'], 108);
    assert.equal(m['repeat'], 'mean');
    assert.equal(m['params'], dummy[hash]!.fixed_metrics.trainable_parameters);
    for (const [field, key] of [['valid', 'final_validation_accuracy'], ['test', 'final_test_accuracy'], ['train', 'final_train_accuracy'], ['trainSeconds', 'final_training_time']] as const) {
      assert.ok(Math.abs((m[field] as number) - meanOf(runs, key)) < 1e-9, `${hash} ${field}`);
    }
    const seen = new Set<number>();
    for (const seed of ['0', '1', '2', '3']) {
      const sample = archwalk(home.path, ['benchmark', 'query', 'nb101', cellJson(hash), '--repeat', 'sample', '--seed', seed, '--json']);
      assert.equal(sample.code, 0, sample.stderr);
      const s = JSON.parse(sample.stdout) as Record<string, number>;
      const run = runs.find((r) => r['final_validation_accuracy'] === s['valid']);
      assert.ok(run, 'a sampled answer is one of the three repeats');
      assert.equal(s['test'], run['final_test_accuracy']);
      assert.equal(s['trainSeconds'], run['final_training_time']);
      seen.add(s['valid']!);
    }
    if (hash === Object.keys(dummy)[0]) assert.ok(seen.size > 1, 'different seeds draw different repeats');
  }
  const [first] = Object.keys(dummy);
  const text = archwalk(home.path, ['benchmark', 'query', 'nb101', cellJson(first!)]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, new RegExp(`^${first} \\(108 epochs, one repeat\\)\\n  validation \\d+\\.\\d+ %  test`));
});

test('query: bad arguments and cells the table lacks are refused with the reason', { skip: skipData }, () => {
  const [first] = Object.keys(dummy);
  const cases: [string[], RegExp][] = [
    [['--epochs', '36'], /--epochs 36 is not imported in nb101; its epoch budgets: 108/],
    [['--repeat', 'median'], /--repeat must be "sample" or "mean", got "median"/],
  ];
  for (const [extra, expected] of cases) {
    const r = archwalk(home.path, ['benchmark', 'query', 'nb101', cellJson(first!), ...extra]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, expected);
  }
  const unknown = archwalk(home.path, ['benchmark', 'query', 'nb101', '{"matrix":[[0,1,0],[0,0,1],[0,0,0]],"ops":["input","maxpool3x3","output"]}']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^archwalk: NAS-Bench-101 table nb101 has no cell with hash [0-9a-f]{32} \(30 cells imported from nb101_real30\.tfrecord\)/);
  const badCell = archwalk(home.path, ['benchmark', 'query', 'nb101', '{"matrix":[[0,1],[1,0]],"ops":["input","output"]}']);
  assert.equal(badCell.code, 2);
  assert.match(badCell.stderr, /matrix\[1\]\[0\] is 1 but the matrix must be upper-triangular/);
  const badJson = archwalk(home.path, ['benchmark', 'query', 'nb101', '{"matrix": [[0,1]']);
  assert.equal(badJson.code, 2);
  assert.match(badJson.stderr, /ARCH is not valid JSON/);
});

/** Byte offsets of the records of a TFRecord file. */
function recordOffsets(bytes: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = 0; at < bytes.length; at += 12 + Number(bytes.readBigUInt64LE(at)) + 4) offsets.push(at);
  return offsets;
}

test('a truncated or byte-flipped file is refused with the byte offset, leaving no file and no registry row', { skip: skipData }, () => {
  const bytes = readFileSync(REAL30);
  const offsets = recordOffsets(bytes);
  assert.equal(offsets.length, 90);
  const before = JSON.stringify(list());
  const filesBefore = benchmarkFiles();
  const truncatedAt = offsets[57]! + 100; // inside record 58's payload
  const flipped = Buffer.from(bytes);
  const flipAt = offsets[33]! + 12 + 40; // a byte of record 34's payload
  flipped[flipAt]! ^= 0x20;
  const cases: [string, Buffer, RegExp][] = [
    ['truncated', bytes.subarray(0, truncatedAt), new RegExp(`truncated record at byte ${offsets[57]}: the record needs \\d+ bytes but the file ends after 100`)],
    ['flipped', flipped, new RegExp(`corrupt record at byte ${offsets[33]}: the \\d+-byte payload fails its CRC-32C check`)],
    ['not-a-tfrecord', Buffer.from('{"hash": "not a tfrecord file"}\n'), /corrupt record at byte 0: the length field fails its CRC-32C check/],
  ];
  for (const [name, content, expected] of cases) {
    const path = join(home.path, `${name}.tfrecord`);
    writeFileSync(path, content);
    const r = archwalk(home.path, ['benchmark', 'import', 'nb101', path, '--name', name]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^archwalk: cannot import ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    assert.match(r.stderr, expected);
    assert.match(r.stderr, /Nothing was imported\.$/m);
    assert.deepEqual(benchmarkFiles(), filesBefore, `${name}: no table or temp file left behind`);
  }
  assert.equal(JSON.stringify(list()), before, 'no registry row from a failed import');
  const missing = archwalk(home.path, ['benchmark', 'import', 'nb101', join(home.path, 'nope.tfrecord'), '--name', 'nope']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file/);
});

// The example: edges 0→1,0→4,0→5,1→2,2→3,2→6,3→5,4→5,5→6.
const EXAMPLE = nb101Example();
const EXAMPLE_HASH = NB101_EXAMPLE_HASH;
// The same cell with a dangling vertex (fed by the input, feeding nothing) inserted before the output.
const PADDED = {
  matrix: [...EXAMPLE.matrix.slice(0, 6).map((row, i) => [...row.slice(0, 6), i === 0 ? 1 : 0, row[6]!]), [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]],
  ops: [...EXAMPLE.ops.slice(0, 6), 'maxpool3x3', 'output'],
};
const SMALL = { matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: ['input', 'conv1x1-bn-relu', 'output'] };

/** Input lines for the line tools: [line, expected error (null: good)]. */
const LINES: [string, RegExp | null][] = [
  [JSON.stringify(EXAMPLE), null],
  ['{"matrix": [[0, 1, 1], [0, 0, 1]], "ops": ["input", "conv3x3-bn-relu", "output"]}', /matrix must be square: row 0 has 3 entries, expected 2 entries/],
  ['{"matrix": [[0, 2], [0, 0]], "ops": ["input", "output"]}', /matrix\[0\]\[1\] is 2; entries must be 0 or 1/],
  ['', null], // blank lines are skipped
  ['{"matrix": [[0, 1, 0], [0, 0, 1], [1, 0, 0]], "ops": ["input", "conv3x3-bn-relu", "output"]}', /matrix\[2\]\[0\] is 1 but the matrix must be upper-triangular/],
  ['{"matrix": [[0, 1, 0], [0, 0, 1], [0, 0, 0]], "ops": ["input", "conv5x5", "output"]}', /ops\[1\] is "conv5x5"; allowed: input, conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3, output/],
  ['{"matrix": [[0, 1, 0], [0, 0, 1], [0, 0, 0]], "ops": ["input", "output"]}', /ops has 2 entries but the matrix has 3 vertices/],
  [JSON.stringify({ matrix: Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (j === i + 1 ? 1 : 0))), ops: ['input', ...Array(6).fill('conv3x3-bn-relu'), 'output'] }), /matrix has 8 vertices; NAS-Bench-101 cells have at most 7/],
  ['{"matrix": [[0, 1], [0, 0]], "ops": ["input", "output"]', /not valid JSON/],
  [JSON.stringify(PADDED), /8 vertices/], // more than 7 as given, even though pruning would leave 7
  [JSON.stringify(SMALL), null],
];

function runLines(args: string[], extra: string[] = []): { code: number | null; out: Record<string, unknown>[]; stderr: string; input: string[] } {
  const input = [...LINES.map(([l]) => l), ...extra];
  const r = archwalk(home.path, args, { input: `${input.join('\n')}\n` });
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.code, out, stderr: r.stderr, input };
}

function checkBadLines(out: Record<string, unknown>[], stderr: string, command: string): Record<string, unknown>[] {
  const answered = LINES.map(([, bad], i) => ({ bad, line: i + 1 })).filter((_, i) => LINES[i]![0] !== '');
  const good: Record<string, unknown>[] = [];
  answered.forEach(({ bad, line }, k) => {
    const o = out[k]!;
    if (bad === null) {
      assert.equal(o['error'], undefined, `line ${line}: ${JSON.stringify(o)}`);
      good.push(o);
    } else {
      assert.equal(o['line'], line);
      assert.match(o['error'] as string, bad, `line ${line}`);
      assert.match(stderr, new RegExp(`archwalk nb101 ${command}: line ${line}: `));
    }
  });
  return good;
}

test('nb101 hash: one JSON line per input line, errors with their line number, exit 1 at the end', () => {
  const disconnected = '{"matrix": [[0, 1, 0], [0, 0, 0], [0, 0, 0]], "ops": ["input", "conv3x3-bn-relu", "output"]}';
  const unpruned = JSON.stringify({ matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]], ops: ['input', 'conv1x1-bn-relu', 'maxpool3x3', 'output'] });
  const r = runLines(['nb101', 'hash'], [disconnected, unpruned]);
  assert.equal(r.code, 1);
  assert.equal(r.out.length, r.input.filter((l) => l !== '').length, 'one output line per non-blank input line');
  const [example, small] = checkBadLines(r.out.slice(0, -2), r.stderr, 'hash');
  assert.deepEqual(example, { valid: true, hash: EXAMPLE_HASH, matrix: EXAMPLE.matrix, ops: EXAMPLE.ops });
  assert.equal(small!['valid'], true);
  const [disc, pruned] = r.out.slice(-2);
  assert.equal(disc!['valid'], false);
  assert.match(disc!['error'] as string, /input and output are not connected/);
  assert.deepEqual({ matrix: pruned!['matrix'], ops: pruned!['ops'] }, SMALL, 'the answer is the pruned cell');
  assert.equal(pruned!['hash'], small!['hash']);
  assert.match(r.stderr, /8 of the input lines were bad/);
  // All good: exit 0 (a cell outside the space is an answer, not bad input).
  const ok = archwalk(home.path, ['nb101', 'hash'], { input: `${JSON.stringify(EXAMPLE)}\n${disconnected}\n` });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stderr, '');
});

for (const rules of ['paper', 'naslib'] as const) {
  test(`nb101 neighbours --rules ${rules}: distinct hashed neighbours with their edit; bad lines reported`, () => {
    const r = runLines(['nb101', 'neighbours', '--rules', rules]);
    assert.equal(r.code, 1);
    const [example, small] = checkBadLines(r.out, r.stderr, 'neighbours') as { hash: string; neighbours: { hash: string; matrix: number[][]; ops: string[]; edit: string }[] }[];
    assert.equal(example!.hash, EXAMPLE_HASH);
    for (const entry of [example!, small!]) {
      const hashes = entry.neighbours.map((n) => n.hash);
      assert.ok(hashes.length > 0);
      assert.equal(new Set(hashes).size, hashes.length, 'deduplicated by hash');
      assert.ok(!hashes.includes(entry.hash), 'the cell itself is excluded');
      for (const n of entry.neighbours) assert.match(n.edit, /^(op \d|edge \d->\d|remove vertex|add vertex)/);
      // Each neighbour's hash is the one `nb101 hash` gives it.
      const rehash = archwalk(home.path, ['nb101', 'hash'], { input: entry.neighbours.map((n) => JSON.stringify({ matrix: n.matrix, ops: n.ops })).join('\n') });
      assert.equal(rehash.code, 0, rehash.stderr);
      assert.deepEqual(rehash.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { hash: string }).hash), hashes);
    }
    const edits = small!.neighbours.map((n) => n.edit);
    if (rules === 'paper') assert.ok(edits.some((e) => e.startsWith('add vertex')), 'paper adds vertices to small cells');
    else assert.ok(!edits.some((e) => e.startsWith('add vertex') || e.startsWith('remove vertex')), 'naslib only changes ops and edges');
    const outside = archwalk(home.path, ['nb101', 'neighbours', '--rules', rules], { input: '{"matrix": [[0, 0], [0, 0]], "ops": ["input", "output"]}\n' });
    assert.equal(outside.code, 1);
    assert.match(outside.stdout, /"line":1,"error":"the cell is outside the NAS-Bench-101 space \(input and output are not connected/);
  });
}

test('nb101 line tools: usage errors exit 2', () => {
  const bad = archwalk(home.path, ['nb101', 'neighbours', '--rules', 'nasbench']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--rules must be one of paper, naslib, got "nasbench"/);
  const sub = archwalk(home.path, ['nb101', 'frobnicate']);
  assert.equal(sub.code, 2);
  assert.match(sub.stderr, /archwalk nb101 enumerate/);
});

test('nb101 enumerate --max-vertices 5 --json: the official sub-space counts', () => {
  const r = archwalk(home.path, ['nb101', 'enumerate', '--max-vertices', '5', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout) as { total: number; byVertices: Record<string, number>; seconds: number };
  assert.equal(result.total, 2532);
  assert.deepEqual(result.byVertices, { 2: 1, 3: 6, 4: 84, 5: 2441 });
  assert.equal(typeof result.seconds, 'number');
  const text = archwalk(home.path, ['nb101', 'enumerate', '--max-vertices', '4']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /total\s+91/);
  for (const k of ['1', '8', 'x']) {
    const bad = archwalk(home.path, ['nb101', 'enumerate', '--max-vertices', k]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-vertices must be an integer from 2 to 7/);
  }
});

test('an experiment on the imported table: random search succeeds; local search fails naming the missing cell', { skip: skipData }, () => {
  const config = join(home.path, 'nb101-small.yaml');
  writeFileSync(config, 'name: nb101 small\nbenchmark: nb101\nbudget: 25\nseeds: [0, 1]\nsearchers:\n  - random-search\n');
  const r = archwalk(home.path, ['run', config, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { runs: { status: string; queries: number; best: { arch: { matrix: number[][]; ops: string[] }; hash: string; valid: number; test: number }; curve: [number, number, number][] }[] };
  assert.equal(report.runs.length, 2);
  for (const run of report.runs) {
    assert.equal(run.status, 'succeeded');
    assert.equal(run.queries, 25);
    assert.equal(run.curve.length, 25);
    assert.ok(run.best.hash in dummy, 'the incumbent is a cell of the table');
    assert.deepEqual(run.best.arch.ops, dummy[run.best.hash]!.fixed_metrics.module_operations);
    const repeats = dummy[run.best.hash]!.computed_metrics['108']!;
    assert.ok(repeats.some((x) => x['final_validation_accuracy'] === run.best.valid && x['final_test_accuracy'] === run.best.test), 'its numbers are one real repeat');
  }
  const local = join(home.path, 'nb101-local.yaml');
  writeFileSync(local, 'name: nb101 local\nbenchmark: nb101\nbudget: 25\nseeds: [0]\nsearchers:\n  - kind: local-search\n    init: 3\n');
  const failed = archwalk(home.path, ['run', local, '--json']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /run \d+ \(local-search, seed 0\) failed: .*NAS-Bench-101 table nb101 has no cell with hash [0-9a-f]{32}/);
});

test('the example config resources/examples/nb101-baselines.yaml validates against an NB101 benchmark', { skip: skipData }, () => {
  const path = join(REPO_ROOT, 'resources', 'examples', 'nb101-baselines.yaml');
  assert.ok(existsSync(path));
  const example = parseYaml(readFileSync(path, 'utf8')) as { benchmark: string; budget: number };
  assert.equal(example.benchmark, 'nb101');
  // The 30-cell table is smaller than the example's budget: validation must say exactly that.
  const r = archwalk(home.path, ['run', path, '--json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`budget ${example.budget} exceeds the 30 architectures of nb101`));
});
