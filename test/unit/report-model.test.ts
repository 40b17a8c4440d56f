/**
 * The report model and its renderings, from a synthetic source: the numbers, ordering,
 * escaping of hostile strings, deterministic SVG, and the fallbacks (NB101 cells, unknown
 * spaces, agent training metrics). The real-data checks are in test/integration/report-nb201.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { reportBudgets } from '../../src-main/cli/format.ts';
import { analyseLandscape, DEFAULT_LANDSCAPE_PARAMS } from '../../src-main/nas/analysis/landscape-analysis.ts';
import { benchmarkOracle } from '../../src-main/nas/analysis/oracle.ts';
import { loadBenchmark } from '../../src-main/nas/benchmarks/load.ts';
import { tableCells } from '../../src-main/nas/benchmarks/table-cells.ts';
import { formatNb201 } from '../../src-main/nas/spaces/nb201/space.ts';
import { cellMarkup } from '../../src-main/services/reports/cells.ts';
import { normaliseSvg } from '../../src-main/services/reports/charts.ts';
import {
  buildReportModel,
  defaultBudgets,
  exportReport,
  parseTargets,
  renderCsv,
  renderHtml,
  renderJson,
  type ReportModel,
  type ReportSource,
} from '../../src-main/services/reports/index.ts';
import type { ReportEvaluation } from '../../src-main/services/reports/model.ts';
import type { BenchmarkInfo, ExperimentDetail, RunDetail, RunSummary } from '#shared/api.ts';
import type { ExperimentConfig, RunConfig } from '#shared/config.ts';
import { REPO_ROOT } from '../helpers/data.ts';

const EVIL = `<img src=x onerror="alert('x')">&amp;`;
const NOW = new Date('2030-01-02T03:04:05.000Z');

/** A deterministic pseudo-random stream for the synthetic accuracies. */
function lcg(seed: number): () => number {
  let s = seed * 2654435761 + 1;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

interface FakeRun {
  summary: RunSummary;
  config: RunConfig;
  evaluations: ReportEvaluation[];
  metrics?: RunDetail['metrics'];
}

function evaluations(seed: number, queries: number, arch: (i: number) => unknown, hash: (i: number) => string): ReportEvaluation[] {
  const rand = lcg(seed);
  const out: ReportEvaluation[] = [];
  let inc: ReportEvaluation | null = null;
  for (let q = 1; q <= queries; q++) {
    const valid = 0.8 + rand() * 0.15;
    const test = valid - 0.01 + rand() * 0.02;
    const e = { query: q, hash: hash(q + seed * 100), arch: arch(q + seed * 100), valid, test };
    if (!inc || valid > inc.valid) inc = { ...e, incumbentValid: valid, incumbentTest: test, incumbentHash: e.hash, elapsedMs: 0 };
    out.push({ ...e, incumbentValid: inc.valid, incumbentTest: inc.test, incumbentHash: inc.hash, elapsedMs: q * 3.5 });
  }
  return out;
}

function summary(fields: Partial<RunSummary> & Pick<RunSummary, 'id' | 'experimentId' | 'experimentName' | 'searcher' | 'searcherKind' | 'seed' | 'benchmark' | 'queries' | 'budget'>): RunSummary {
  return {
    status: 'succeeded',
    queuePosition: null,
    bestValid: null,
    bestTest: null,
    createdAt: '2030-01-01T00:00:00.000Z',
    startedAt: '2030-01-01T00:00:01.000Z',
    finishedAt: '2030-01-01T00:00:09.500Z',
    error: null,
    ...fields,
  };
}

function experimentConfig(name: string, benchmark: string, budget: number, labels: string[], kind: ExperimentConfig['kind'] = 'search'): ExperimentConfig {
  return {
    kind,
    name,
    description: '',
    benchmark,
    budget,
    queryDelayMs: 0,
    seeds: [0, 1, 2],
    searchers: labels.map((label) => ({ kind: label === EVIL ? 'random-walk' : 'random-search', label, params: {} })),
    agent: null,
  };
}

const NB101_ARCH = (i: number) => ({
  matrix: [
    [0, 1, 1, 0, 0],
    [0, 0, 0, 1, 0],
    [0, 0, 0, 0, 1],
    [0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0],
  ],
  ops: ['input', i % 2 ? 'conv3x3-bn-relu' : 'conv1x1-bn-relu', 'maxpool3x3', 'conv3x3-bn-relu', 'output'],
});

/**
 * Experiment 1 (nb201, budget 6): `rs` and EVIL × seeds 0..2; run 6 (EVIL, seed 2) failed after 4 queries.
 * Experiment 2 (nb101, budget 4): `rs` × seeds 0, 1 — same label as in experiment 1.
 * Experiment 3 (a space without a drawing): `rs` × seed 0. Experiment 4: agent training, seed 0, with metrics.
 */
function fakeSource(): ReportSource & { runs: Map<number, FakeRun>; experiments: Map<number, ExperimentDetail> } {
  const runs = new Map<number, FakeRun>();
  const experiments = new Map<number, ExperimentDetail>();
  const addExperiment = (id: number, config: ExperimentConfig, runIds: number[]): void => {
    experiments.set(id, {
      experiment: {
        id, kind: 'search', name: config.name, benchmark: config.benchmark, benchmarks: [config.benchmark], searchers: config.searchers.map((s) => s.label), budget: config.budget, status: 'finished',
        runCounts: {}, totalRuns: runIds.length, queries: 0, totalQueries: 0, bestValid: null, bestTest: null, createdAt: '2030-01-01T00:00:00.000Z', finishedAt: null,
      },
      config,
      configHash: `${id}`.repeat(64).slice(0, 64),
      runs: runIds.map((r) => runs.get(r)!.summary),
    });
  };
  const searchRun = (id: number, experimentId: number, name: string, benchmark: string, label: string, seed: number, budget: number, queries: number, arch: (i: number) => unknown, hash: (i: number) => string): void => {
    const config: RunConfig = { kind: 'search', experiment: name, benchmark, budget, queryDelayMs: 0, seed, searcher: { kind: 'random-search', label, params: {} } };
    runs.set(id, {
      summary: summary({ id, experimentId, experimentName: name, searcher: label, searcherKind: 'random-search', seed, benchmark, queries, budget, ...(queries < budget ? { status: 'failed', error: `killed <b>${EVIL}</b>` } : {}) }),
      config,
      evaluations: evaluations(id, queries, arch, hash),
    });
  };
  const nb201 = (i: number): string => formatNb201([i % 5, (i >> 1) % 5, (i >> 2) % 5, (i >> 3) % 5, (i >> 4) % 5, (i >> 5) % 5]);
  let id = 1;
  const exp1 = 'exp one ' + EVIL;
  for (const label of ['rs', EVIL]) {
    for (const seed of [0, 1, 2]) {
      const runId = id++;
      searchRun(runId, 1, exp1, 'nb201-c10', label, seed, 6, runId === 6 ? 4 : 6, nb201, nb201);
    }
  }
  addExperiment(1, experimentConfig(exp1, 'nb201-c10', 6, ['rs', EVIL]), [1, 2, 3, 4, 5, 6]);
  for (const seed of [0, 1]) searchRun(id++, 2, 'exp two', 'nb101-x', 'rs', seed, 4, 4, NB101_ARCH, (i) => `h${String(i).padStart(4, '0')}`);
  addExperiment(2, experimentConfig('exp two', 'nb101-x', 4, ['rs']), [7, 8]);
  searchRun(id++, 3, 'exp three', 'mystery', 'rs', 0, 3, 3, (i) => ({ genome: [i, i + 1], note: EVIL }), (i) => `m${i}`);
  addExperiment(3, experimentConfig('exp three', 'mystery', 3, ['rs']), [9]);
  const trainConfig = {
    kind: 'train-agent', experiment: 'train', benchmark: 'nb201-c10', seed: 0, agentName: 'walker', preset: 'cpu-small', hyper: {}, budget: { seconds: 60 }, checkpointEverySeconds: 30,
  } as unknown as RunConfig;
  runs.set(10, {
    summary: summary({ id: 10, experimentId: 4, experimentName: 'train', searcher: 'train walker', searcherKind: 'train-agent', seed: 0, benchmark: 'nb201-c10', queries: 0, budget: 0 }),
    config: trainConfig,
    evaluations: [],
    metrics: {
      loss: Array.from({ length: 1500 }, (_, i) => [i, 1 / (1 + i / 100)] as [number, number]),
      episode_return: Array.from({ length: 40 }, (_, i) => [i * 10, Math.log(1 + i)] as [number, number]),
      [EVIL]: [[0, 1], [5, 2]],
    },
  });
  addExperiment(4, { ...experimentConfig('train', 'nb201-c10', 0, []), kind: 'train-agent' }, [10]);

  const benchmarks: BenchmarkInfo[] = [
    { id: 1, name: 'nb201-c10', kind: 'nb201', space: 'nb201', size: 15625, sourcePath: '/data/x/cifar10_avg.csv', sourceSha256: 'a'.repeat(64), bestValid: 0.9, bestTest: 0.9, createdAt: '' },
    { id: 2, name: 'nb101-x', kind: 'nb101', space: 'nb101', size: 100, sourcePath: 'C:\\data\\nb101.tfrecord', sourceSha256: 'b'.repeat(64), bestValid: 0.9, bestTest: 0.9, createdAt: '' },
    { id: 3, name: 'mystery', kind: 'other', space: 'zz', size: 3, sourcePath: 'm.bin', sourceSha256: 'c'.repeat(64), bestValid: null, bestTest: null, createdAt: '' },
  ];
  return {
    runs,
    experiments,
    async getExperiment(eid) {
      const e = experiments.get(eid);
      if (!e) throw new Error(`there is no experiment with id ${eid}`);
      return e;
    },
    async getRun(rid) {
      const r = runs.get(rid);
      if (!r) throw new Error(`there is no run with id ${rid}`);
      return {
        run: r.summary,
        config: r.config,
        provenance: { seed: r.summary.seed, configHash: 'f'.repeat(64), appVersion: '9.9.9', mlBackend: 'none', device: null, benchmarkSha256: r.summary.experimentId === 2 && rid === 8 ? 'd'.repeat(64) : null },
        curve: r.evaluations.map((e) => [e.query, e.incumbentValid, e.incumbentTest]),
        metrics: r.metrics ?? {},
        best: null,
        logTail: [],
        attempts: [],
      };
    },
    async listBenchmarks() {
      return benchmarks;
    },
    async evaluations(rid) {
      return runs.get(rid)?.evaluations ?? [];
    },
  };
}

async function model(targets: string[], budgets?: number[], now = NOW): Promise<ReportModel> {
  return buildReportModel(fakeSource(), parseTargets(targets), { now, ...(budgets ? { budgets } : {}) });
}

function sampleSe(values: number[]): number {
  if (values.length < 2) return 0;
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1) / values.length);
}

test('groups, bands and budget cells: seeds of one searcher in one experiment; unfinished runs count only where they reached', async () => {
  const source = fakeSource();
  const m = await model(['exp:1'], [2, 4, 6]);
  assert.equal(m.scope, 'experiment');
  assert.deepEqual(m.groups.map((g) => g.label), ['rs', EVIL], 'config order');
  const evil = m.groups[1]!;
  assert.deepEqual(evil.runIds, [4, 5, 6]);
  const at = (runId: number, q: number): number => source.runs.get(runId)!.evaluations[q - 1]!.incumbentTest;
  const cell4 = evil.atBudgets.find((c) => c.budget === 4)!;
  assert.equal(cell4.n, 3);
  assert.ok(Math.abs(cell4.mean! - (at(4, 4) + at(5, 4) + at(6, 4)) / 3) < 1e-12);
  assert.ok(Math.abs(cell4.se! - sampleSe([at(4, 4), at(5, 4), at(6, 4)])) < 1e-12);
  const cell6 = evil.atBudgets.find((c) => c.budget === 6)!;
  assert.equal(cell6.n, 2, 'run 6 stopped at query 4 and does not count at 6');
  assert.deepEqual(cell6.runIds, [4, 5]);
  assert.deepEqual(evil.band.map((p) => p.n), [3, 3, 3, 3, 2, 2]);
  assert.match(m.notes.join(' '), /run 6 failed/);
  const best = m.groups[0]!.best;
  assert.ok(best.length >= 1 && best.length <= 3);
  for (let i = 1; i < best.length; i++) assert.ok(best[i - 1]!.valid >= best[i]!.valid, 'best first');
});

test('targets: comparison across experiments, duplicates once, order of IDs irrelevant, same label kept apart', async () => {
  const a = await model(['exp:2', 'run:1', '1', 'run:9', 'exp:1']);
  const b = await model(['exp:1', 'exp:2', 'run:9']);
  assert.equal(a.scope, 'comparison');
  assert.deepEqual(a.runs.map((r) => r.id), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(a.groups.map((g) => g.label), ['rs (exp 1)', EVIL, 'rs (exp 2)', 'rs (exp 3)']);
  assert.deepEqual(a.experiments.map((e) => [e.id, e.included]), [[1, 'all'], [2, 'all'], [3, 'some']]);
  assert.deepEqual(a.targets, ['exp:2', 'run:1', 'exp:1', 'run:9']);
  const strip = (m: ReportModel): unknown => ({ ...m, targets: null });
  assert.deepEqual(strip(a), strip(b));
  const run = await model(['run:8']);
  assert.equal(run.scope, 'run');
  assert.match(run.notes.join(' '), /different version of its benchmark/);
  assert.deepEqual(parseTargets(['3', 'exp:3', 'experiment:3', 'E:3', 'run:3', 'r:3']), [
    { kind: 'experiment', id: 3 },
    { kind: 'run', id: 3 },
  ]);
  for (const bad of ['run:', 'x:3', '0', '-1', '3.5', 'run:abc', '']) assert.throws(() => parseTargets([bad]), /does not name a run or an experiment; use exp:N/);
  assert.throws(() => parseTargets([]), /name at least one run or experiment/);
  await assert.rejects(model(['exp:99']), /there is no experiment with id 99/);
  await assert.rejects(model(['exp:1'], [0]), /budgets must be positive integers/);
});

test('default budgets agree with the CLI summary table', () => {
  for (const budget of [1, 5, 10, 11, 60, 150, 151, 1000, 12345, 200000]) assert.deepEqual(defaultBudgets(budget), reportBudgets(budget));
});

/** Every tag in the document is one the renderer writes: data never adds markup. */
const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'section', 'h1', 'h2', 'h3', 'p', 'div', 'span', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption', 'pre', 'code', 'time', 'strong', 'br', 'sup',
  'svg', 'g', 'path', 'rect', 'text', 'tspan', 'circle', 'polygon', 'defs', 'clippath',
]);

test('HTML: self-contained, escapes everything from data, no script, charts and cells for every space', async () => {
  const m = await model(['exp:1', 'exp:2', 'exp:3', 'exp:4']);
  const html = renderHtml(m);
  const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((t) => t[1]!.toLowerCase()));
  for (const tag of tags) assert.ok(ALLOWED_TAGS.has(tag), `unexpected tag <${tag}> in the report`);
  assert.ok(!html.includes('<img'), 'the hostile label is text, not markup');
  assert.ok(html.includes('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;amp;'));
  assert.doesNotMatch(html, /<script|javascript:|<[^>]*\son[a-z]+\s*=/i);
  assert.doesNotMatch(html, /(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i, 'no external resource');
  assert.doesNotMatch(html, /@import|url\((?!#)/i, 'no CSS imports or external urls');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(html, /\bzr\d+-/, 'ECharts ids are normalised');
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((x) => x[1]);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique in the page');
  for (const section of ['summary', 'results', 'training', 'best', 'runs', 'provenance', 'configs']) assert.match(html, new RegExp(`<section id="${section}"`));
  assert.ok((html.match(/<svg class="cell"/g) ?? []).length >= 3, 'NB201 and NB101 cells drawn');
  assert.match(html, /<pre class="arch-json">[^<]*genome/, 'unknown space: JSON fallback');
  assert.match(html, /<figcaption>episode_return<\/figcaption>[\s\S]*<figcaption>loss<\/figcaption>/, 'training metrics in the preferred order');
  assert.match(html, /cifar10_avg\.csv/);
  assert.doesNotMatch(html, /\/data\/x\//, 'only the source file name, not its path');
  assert.match(html, /9\.9\.9/, 'app version of the runs');
  assert.match(html, /@media print/);
  assert.match(html, /break-before: page/);
});

test('operation shares: per drawable benchmark, the best 10 distinct cells of the searches against all, as the app counts them; a section of the HTML', async () => {
  const source = fakeSource();
  const m = await model(['exp:1', 'exp:2', 'exp:3', 'exp:4']);
  assert.deepEqual(m.operationShares.map((o) => [o.benchmark, o.space, o.k]), [['nb101-x', 'nb101', 8], ['nb201-c10', 'nb201', 10]], 'k is 10, or the 8 cells of nb101-x; no entry for the unknown space');
  const nb201 = m.operationShares.find((o) => o.space === 'nb201')!;
  // Recomputed by hand: the distinct NB201 cells of the search runs (training runs evaluate none), best validation first.
  const byHash = new Map<string, ReportEvaluation>();
  for (const r of source.runs.values()) {
    if (r.summary.benchmark !== 'nb201-c10') continue;
    for (const e of r.evaluations) if (!byHash.has(e.hash) || e.valid > byHash.get(e.hash)!.valid) byHash.set(e.hash, e);
  }
  const distinct = [...byHash.values()].sort((a, b) => b.valid - a.valid);
  assert.equal(nb201.distinct, distinct.length);
  const convShare = (cells: ReportEvaluation[]): number => cells.reduce((n, e) => n + (String(e.arch).match(/nor_conv_3x3/g) ?? []).length, 0) / (6 * cells.length);
  const conv = nb201.shares.find((s) => s.op === 'conv 3×3')!;
  assert.ok(Math.abs(conv.top - convShare(distinct.slice(0, 10))) < 1e-12);
  assert.ok(Math.abs(conv.all - convShare(distinct)) < 1e-12);
  assert.ok(Math.abs(nb201.shares.reduce((s, x) => s + x.all, 0) - 1) < 1e-12, 'shares of all slots sum to 1');
  const html = renderHtml(m);
  assert.match(html, /<section id="operations"[\s\S]*Share of the best 10[\s\S]*conv 3×3/);
});

test('cells: NB201 arch strings drawn with their six operations, NB101 DAGs, JSON for anything else', () => {
  const arch = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|';
  const svg = cellMarkup('nb201', arch);
  assert.match(svg, /^<svg class="cell"/);
  assert.equal((svg.match(/conv 3×3/g) ?? []).length, 2);
  for (const label of ['avg pool 3×3', 'skip', 'conv 1×1', 'none']) assert.ok(svg.includes(`>${label}<`), label);
  assert.equal((svg.match(/<polygon/g) ?? []).length, 5, 'an arrowhead per edge except none');
  const nb101 = cellMarkup('nb101', NB101_ARCH(1));
  assert.match(nb101, /^<svg class="cell"/);
  assert.equal((nb101.match(/<rect/g) ?? []).length, 5, 'a box per vertex');
  assert.equal((nb101.match(/<polygon/g) ?? []).length, 5, 'an arrowhead per edge');
  assert.match(cellMarkup('nb201', '|bogus~0|'), /^<pre class="arch-json">/);
  assert.match(cellMarkup('nb101', { matrix: [[0]], ops: ['input'] }), /^<pre class="arch-json">/);
  assert.match(cellMarkup('zz', `</pre><script>`), /^<pre class="arch-json">&quot;&lt;\/pre&gt;&lt;script&gt;&quot;<\/pre>$/);
});

test('deterministic: the same data gives the same HTML, JSON and CSV apart from the timestamp, whatever ECharts drew before', async () => {
  const first = await model(['exp:1', 'exp:4'], undefined, NOW);
  const html1 = renderHtml(first);
  renderHtml(await model(['exp:2']));
  const second = await model(['exp:1', 'exp:4'], undefined, new Date('2031-05-06T07:08:09.000Z'));
  const html2 = renderHtml(second);
  assert.notEqual(html1, html2, 'the timestamps differ');
  const clean = (s: string): string => s.replaceAll(first.generatedAt, 'T').replaceAll(second.generatedAt, 'T');
  assert.equal(clean(html1), clean(html2));
  assert.equal(clean(renderJson(first)), clean(renderJson(second)));
  assert.equal(renderCsv(first), renderCsv(second));
  const svg = '<svg width="10" height="10"><g class="zr7-cls-3"></g><clipPath id="zr7-c0"></clipPath><path clip-path="url(#zr7-c0)" class="zr7-cls-3" ecmeta_series_index="1"/></svg>';
  assert.equal(normaliseSvg(svg, 'p'), '<svg role="img" class="chart" width="10" height="10"><g class="p-0"></g><clipPath id="p-1"></clipPath><path clip-path="url(#p-1)" class="p-0"/></svg>');
});

test('CSV: one row per query, RFC 4180 quoting, formula-looking text defused', async () => {
  const m = await model(['exp:1', 'exp:2']);
  const csv = renderCsv(m);
  const rows = parseCsv(csv);
  const header = rows.shift()!;
  assert.deepEqual(header, ['experiment_id', 'experiment', 'run_id', 'searcher', 'seed', 'query', 'arch_hash', 'valid_accuracy', 'test_accuracy', 'incumbent_valid_accuracy', 'incumbent_test_accuracy', 'incumbent_hash', 'elapsed_ms']);
  const expected = m.runs.flatMap((r) => r.evaluations.map((e) => [String(r.experimentId), r.experimentName, String(r.id), r.searcher, String(r.seed), String(e.query), e.hash, String(e.valid), String(e.test), String(e.incumbentValid), String(e.incumbentTest), e.incumbentHash, String(e.elapsedMs)]));
  assert.deepEqual(rows, expected);
  const { csvCell } = await import('../../src-main/services/reports/csv.ts');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('-1'), "'-1");
  assert.equal(csvCell(-1), '-1');
  assert.equal(csvCell(null), '');
});

/** A small RFC 4180 reader, independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

test('JSON: the model with its schema version, every top-level field documented in schema.md', async () => {
  const m = await model(['exp:1', 'exp:4']);
  const parsed = JSON.parse(renderJson(m)) as Record<string, unknown>;
  assert.equal(parsed.schema, 'archwalk-report/1');
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(m)));
  const doc = readFileSync(join(REPO_ROOT, 'src-main', 'services', 'reports', 'schema.md'), 'utf8');
  for (const key of Object.keys(parsed)) assert.match(doc, new RegExp(`\\| \`${key}\` \\|`), `${key} is documented`);
  const run = (parsed.runs as Record<string, unknown>[])[0]!;
  for (const key of Object.keys(run)) assert.ok(doc.includes(`\`${key}\``), `run.${key} is documented`);
  const group = (parsed.groups as Record<string, unknown>[])[0]!;
  for (const key of Object.keys(group)) assert.ok(doc.includes(`\`${key}\``), `group.${key} is documented`);
});

test('exportReport: file name, MIME type and encoding per format; PDF through the injected printer', async () => {
  const source = fakeSource();
  const csv = await exportReport(source, { targets: ['exp:1', 'run:9'], format: 'csv' }, { now: NOW });
  assert.equal(csv.filename, 'archwalk-exp1-run9.csv');
  assert.equal(csv.mime, 'text/csv; charset=utf-8');
  assert.equal(csv.encoding, 'utf8');
  let printed = '';
  const pdf = await exportReport(source, { targets: ['1'], format: 'pdf', budgets: [3] }, {
    now: NOW,
    printPdf: async (html) => {
      printed = html;
      return new TextEncoder().encode('%PDF-1.7 fake');
    },
  });
  assert.equal(pdf.encoding, 'base64');
  assert.equal(Buffer.from(pdf.content, 'base64').toString(), '%PDF-1.7 fake');
  assert.match(printed, /<th class="num">@3<\/th>/);
  await assert.rejects(exportReport(source, { targets: ['1'], format: 'docx' as 'pdf' }), /format must be one of html, pdf, csv, json/);
});

test('landscapes: one section per analysed benchmark, with its charts and α table; a failed analysis is a note, not a failed report', async () => {
  const bench = loadBenchmark({ name: 'nb201-cifar10', kind: 'nb201', dataPath: join(REPO_ROOT, 'resources', 'nb201-cifar10', 'table.nb201') });
  const analysis = await analyseLandscape({ oracle: benchmarkOracle(bench), tableValid: tableCells(bench)!.valid }, { ...DEFAULT_LANDSCAPE_PARAMS, alphas: [1, 10, 50], samples: 200, pairs: 300, walks: 4, walkSteps: 60 });
  const asked: string[] = [];
  const source: ReportSource = {
    ...fakeSource(),
    async landscape(name) {
      asked.push(name);
      if (name !== 'nb201-c10') throw new Error(`no table for ${name}`);
      return { benchmark: name, contentSha256: 'e'.repeat(64), cached: true, computedAt: NOW.toISOString(), analysis };
    },
  };
  const m = await buildReportModel(source, parseTargets(['exp:1', 'exp:2']), { now: NOW });
  assert.deepEqual(asked, m.benchmarks.filter((b) => b.kind !== null).map((b) => b.name));
  assert.deepEqual(m.landscapes.map((l) => l.benchmark), ['nb201-c10']);
  assert.ok(m.notes.some((n) => /The landscape of .+ could not be computed: no table for/.test(n)));
  const html = renderHtml(m);
  const section = html.slice(html.indexOf('<section id="landscapes"'), html.indexOf('</section>', html.indexOf('<section id="landscapes"')));
  assert.equal((section.match(/<svg role="img" class="chart"/g) ?? []).length, 3, 'accuracy, reward and autocorrelation charts');
  assert.match(section, /shaped reward r, α = 10/, 'the middle α is drawn');
  for (const r of analysis.reward.byAlpha) assert.ok(section.includes(`<td class="num">${r.alpha}</td>`), `α ${r.alpha} in the table`);
  assert.ok(section.includes(`>${analysis.autocorrelation[0]!.rho[0]!.toFixed(3)}<`));
  assert.match(section, /paper: always 24/);
  const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((t) => t[1]!.toLowerCase()));
  for (const tag of tags) assert.ok(ALLOWED_TAGS.has(tag), `unexpected tag <${tag}> in the report`);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((x) => x[1]);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique in the page');
  assert.deepEqual(JSON.parse(renderJson(m)).landscapes[0].analysis.params.alphas, [1, 10, 50]);
});
