/**
 * Import of a full-size NB101 file, and the compact store it produces.
 * Run: node test/bench/nb101-import.ts [--runs=3] [--import-runs=1] [--queries=200000] [--keep]
 *
 * 1. Builds a synthetic file in the official format in a temp folder: every cell of the
 *    real enumeration (423,624 cells, official hashes, pruned adjacency and ops strings),
 *    3 repeats × 1 budget (108 epochs), synthetic metrics from a seeded Rng, each row the
 *    official JSON [hash, epochs, adjacency bits, ops, base64 ModelMetrics protobuf] with
 *    the official TFRecord framing and masked CRC-32Cs (~500 MB, like nasbench_only108).
 * 2. Imports it (importNb101TfRecordSync, what `archwalk benchmark import nb101` runs) in a
 *    fresh child process each time: wall time and the child's peak RSS (getrusage maxRSS).
 * 3. Loads the compact store in fresh child processes (what a run process does at start):
 *    load time, then random queries per second (query by cell: prune + official hash +
 *    lookup, the searchers' path; and by hash: the lookup alone), medians of --runs.
 * Targets (issue 3): import < 60 s and < 1.5 GB peak; load < 1 s.
 * The temp folder is deleted at the end (--keep leaves it, for profiling).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTfRecordInto, importNb101TfRecordSync, loadNb101Table, loadNb101TableSync } from '../../src-main/nas/benchmarks/nb101/index.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { enumerateNb101, labelOp, NB101_SIZE, type CellGraph, type Nb101Cell } from '../../src-main/nas/spaces/nb101/index.ts';
import { argInt, fmt, median } from './nb101-util.ts';

const SELF = fileURLToPath(import.meta.url);
const REPEATS = 3;
const EPOCHS = 108;

// ── child phases ──────────────────────────────────────────────────────────────

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024; // KiB → MiB
}

function childImport(src: string, dest: string): void {
  const t = performance.now();
  const summary = importNb101TfRecordSync(src, dest);
  const seconds = (performance.now() - t) / 1000;
  process.stdout.write(JSON.stringify({ seconds, peakRssMb: peakRssMb(), models: summary.models, records: summary.records, bytes: summary.bytes, sha256: summary.sourceSha256, best: summary.best }));
}

async function childLoad(path: string, queries: number, useAsync: boolean): Promise<void> {
  const t = performance.now();
  const bench = useAsync ? await loadNb101Table(path) : loadNb101TableSync(path);
  const loadSeconds = (performance.now() - t) / 1000;
  const rng = new Rng(7);
  const cells: Nb101Cell[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < queries; i++) {
    const k = rng.int(bench.size);
    cells.push(bench.cellAt(k));
    hashes.push(bench.hashAt(k));
  }
  const qrng = new Rng(8);
  let sink = 0;
  let t0 = performance.now();
  for (const h of hashes) sink += bench.queryHash(h, { rng: qrng }).valid;
  const byHash = queries / ((performance.now() - t0) / 1000);
  // By cell: cold (every isomorphism class hashed the first time it is met), then warm (memo hits).
  t0 = performance.now();
  for (const c of cells) sink += bench.query(c, { rng: qrng }).valid;
  const byCellCold = queries / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (const c of cells) sink += bench.query(c, { rng: qrng, repeat: 'mean' }).valid;
  const byCellWarm = queries / ((performance.now() - t0) / 1000);
  process.stdout.write(JSON.stringify({ loadSeconds, byHash, byCellCold, byCellWarm, peakRssMb: peakRssMb(), sink }));
}

// ── generator ─────────────────────────────────────────────────────────────────

/** Builds the official ModelMetrics protobuf of one repeat into `out`; returns its length. */
function modelMetrics(out: Uint8Array, view: DataView, rng: Rng, params: number, quality: number): number {
  let p = 0;
  const double = (field: number, x: number): void => {
    out[p++] = (field << 3) | 1;
    view.setFloat64(p, x, true);
    p += 8;
  };
  const f32 = (x: number): number => Math.fround(x);
  const noise = (s: number): number => (rng.next() - 0.5) * s;
  const time = f32(1000 + 2000 * rng.next());
  const evaluations: [number, number, number, number, number][] = [
    [0, 0, 0.1, 0.1, 0.1],
    [54, f32(time / 2), f32(0.6 + 0.3 * quality + noise(0.05)), f32(0.55 + 0.3 * quality + noise(0.05)), f32(0.55 + 0.3 * quality + noise(0.05))],
    [EPOCHS, time, 1, f32(0.75 + 0.2 * quality + noise(0.02)), f32(0.74 + 0.2 * quality + noise(0.02))],
  ];
  for (const [epoch, t, tr, va, te] of evaluations) {
    out[p++] = (1 << 3) | 2;
    out[p++] = 45; // five doubles, 9 bytes each
    double(1, epoch);
    double(2, t);
    double(3, tr);
    double(4, va);
    double(5, te);
  }
  out[p++] = (2 << 3) | 0; // trainable_parameters, varint
  for (let v = params; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      out[p++] = v;
      break;
    }
    out[p++] = (v & 0x7f) | 0x80;
  }
  double(3, time); // total_time
  return p;
}

function adjacencyBits(g: CellGraph): string {
  let s = '';
  for (let i = 0; i < g.n; i++) for (let j = 0; j < g.n; j++) s += ((g.out[i] as number) >>> j) & 1 ? '1' : '0';
  return s;
}

function generate(path: string): { cells: number; records: number; bytes: number; seconds: number } {
  const t = performance.now();
  const rng = new Rng(101);
  const fd = openSync(path, 'w');
  const buffer = new Uint8Array(16 << 20);
  const proto = new Uint8Array(512);
  const protoView = new DataView(proto.buffer);
  const encoder = new TextEncoder();
  let used = 0;
  let bytes = 0;
  let records = 0;
  const flush = (): void => {
    let written = 0;
    while (written < used) written += writeSync(fd, buffer, written, used - written);
    bytes += used;
    used = 0;
  };
  const result = enumerateNb101({
    onCell: (graph, hash) => {
      const ops = graph.labels.map(labelOp).join(',');
      const bits = adjacencyBits(graph);
      const params = 200_000 + Math.floor(rng.next() * 40_000_000);
      const quality = rng.next();
      for (let r = 0; r < REPEATS; r++) {
        const n = modelMetrics(proto, protoView, rng, params, quality);
        const metrics = Buffer.from(proto.buffer, 0, n).toString('base64');
        // The official rows are json.dumps output: ", " between items.
        const row = encoder.encode(`["${hash}", ${EPOCHS}, "${bits}", "${ops}", "${metrics}"]`);
        if (used + row.length + 16 > buffer.length) flush();
        used += encodeTfRecordInto(row, buffer, used);
        records++;
      }
    },
  });
  flush();
  closeSync(fd);
  return { cells: result.total, records, bytes, seconds: (performance.now() - t) / 1000 };
}

// ── main ──────────────────────────────────────────────────────────────────────

type Numbers = Record<string, number>;

function child(args: string[]): Numbers {
  const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', SELF, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child ${args[0]} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Numbers;
}

async function main(): Promise<void> {
  const [phase, a, b] = process.argv.slice(2);
  if (phase === '--phase=import') return childImport(a!, b!);
  if (phase === '--phase=load') return childLoad(a!, Number(b), process.argv.includes('--async'));

  const runs = argInt('runs', 3);
  const importRuns = argInt('import-runs', 1);
  const queries = argInt('queries', 200_000);
  const keep = process.argv.includes('--keep');
  const base = tmpdir();
  const fs = statfsSync(base);
  const free = fs.bavail * fs.bsize;
  if (free < 2e9) throw new Error(`${base} has ${(free / 1e9).toFixed(1)} GB free; the bench needs about 1 GB (set TMPDIR elsewhere)`);
  const dir = mkdtempSync(join(base, 'nb101-import-bench-'));
  console.log(`node ${process.version}, ${base}: ${(free / 1e9).toFixed(0)} GB free; temp folder ${dir}`);
  try {
    const src = join(dir, 'nasbench_synthetic108.tfrecord');
    const gen = generate(src);
    if (gen.cells !== NB101_SIZE) throw new Error(`the enumeration gave ${gen.cells} cells, expected ${NB101_SIZE}`);
    console.log(`generated ${fmt(gen.records)} records of ${fmt(gen.cells)} cells, ${(gen.bytes / 1e6).toFixed(1)} MB, in ${gen.seconds.toFixed(1)} s`);

    const dest = join(dir, 'table.nb101');
    const imports: Numbers[] = [];
    for (let r = 0; r < importRuns; r++) {
      rmSync(dest, { force: true });
      const result = child(['--phase=import', src, dest]);
      if (result['models'] !== NB101_SIZE || result['records'] !== NB101_SIZE * REPEATS) throw new Error(`import gave ${result['models']} cells / ${result['records']} rows`);
      imports.push(result);
      console.log(`  import run ${r + 1}: ${result['seconds']!.toFixed(1)} s, peak RSS ${result['peakRssMb']!.toFixed(0)} MiB`);
    }
    const store = statSync(dest).size;
    const seconds = median(imports.map((x) => x['seconds']!));
    const rss = Math.max(...imports.map((x) => x['peakRssMb']!));
    console.log(
      `import: ${seconds.toFixed(1)} s (${(gen.bytes / 1e6 / seconds).toFixed(0)} MB/s), peak RSS ${rss.toFixed(0)} MiB  ` +
        `[target < 60 s, < 1536 MiB: ${seconds < 60 && rss < 1536 ? 'OK' : 'MISSED'}]`,
    );
    console.log(`compact store: ${(store / 1e6).toFixed(1)} MB (${((100 * store) / gen.bytes).toFixed(1)} % of the source)`);

    for (const mode of ['sync', 'async'] as const) {
      const loads: Numbers[] = [];
      for (let r = 0; r < runs; r++) loads.push(child(['--phase=load', dest, String(queries), ...(mode === 'async' ? ['--async'] : [])]));
      const m = (k: string): number => median(loads.map((x) => x[k]!));
      console.log(
        `load (${mode}, fresh process): ${(m('loadSeconds') * 1000).toFixed(0)} ms [target < 1 s: ${m('loadSeconds') < 1 ? 'OK' : 'MISSED'}], ` +
          `peak RSS ${m('peakRssMb').toFixed(0)} MiB; random queries/s (median of ${runs}, ${fmt(queries)} each): ` +
          `by hash ${fmt(m('byHash'))}, by cell ${fmt(m('byCellCold'))} cold / ${fmt(m('byCellWarm'))} warm (mean of repeats)`,
      );
    }
  } finally {
    if (keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
