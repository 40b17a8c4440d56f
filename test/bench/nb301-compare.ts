/**
 * NB301 YAHPO surrogate batch queries: archwalk's ONNX runtimes against Python onnxruntime,
 * side by side, on the same model (YAHPO's new_model.onnx rewritten to a symbolic batch, as
 * archwalk runs it) and the same real inputs (`--rows` sampled architectures coded by
 * encoding.json, epochs 1..98).
 *
 * archwalk's side is YahpoModel.run (tensors in, predictions out) on:
 *   - onnxruntime-web, wasm, 1 thread (the path before the native runtime, and the fallback);
 *   - onnxruntime-node's native CPU build with 1 and with 2 threads.
 * Python's is onnxruntime's CPUExecutionProvider with 1 and 2 intra-op threads, in child
 * processes (test/bench/nb301_query_ort.py). Rounds are paired: every configuration runs
 * `--runs` batches per round, in the same round, and ratios are taken per round against
 * Python on one thread; the medians over rounds are reported.
 *
 *   node test/bench/nb301-compare.ts [--rows 512] [--rounds 7] [--runs 20] [--python python3]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withSymbolicBatch } from '../../src-main/nas/benchmarks/nb301/onnx-batch.ts';
import type { OnnxRuntimePreference } from '../../src-main/nas/benchmarks/nb301/onnx.ts';
import { parseYahpoEncoding, YahpoModel } from '../../src-main/nas/benchmarks/nb301/yahpo.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { nb301Space } from '../../src-main/nas/spaces/nb301/index.ts';
import { BENCHMARK_DATA, REPO_ROOT, skipWithout, tempDir } from '../helpers/data.ts';
import { median, startPythonTwin, type PythonTwin } from './python-twin.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '512' }, rounds: { type: 'string', default: '7' }, runs: { type: 'string', default: '20' }, python: { type: 'string', default: 'python3' } } });
const rows = Number(values.rows);
const rounds = Number(values.rounds);
const runs = Number(values.runs);

const ONNX = join(BENCHMARK_DATA, 'nb301', 'new_model.onnx');
const ENCODING = join(BENCHMARK_DATA, 'nb301', 'encoding.json');
const missing = skipWithout(ONNX) || skipWithout(ENCODING);
if (missing) throw new Error(missing);

const bytes = new Uint8Array(readFileSync(ONNX));
const codes = parseYahpoEncoding(JSON.parse(readFileSync(ENCODING, 'utf8')), ENCODING);
const rng = new Rng(3);

interface Side {
  label: string;
  /** Milliseconds of `n` runs of the batch. */
  times(n: number): Promise<number[]>;
  first(): Promise<number>;
  close(): Promise<void> | void;
}

async function archwalkSide(runtime: OnnxRuntimePreference, threads: number, cat: Int32Array, epochs: Float32Array): Promise<Side> {
  process.env.ARCHWALK_ONNX_THREADS = String(threads);
  const model = await YahpoModel.open(bytes, codes, ONNX, runtime);
  return {
    label: `archwalk, ${model.runtime.description}`,
    times: async (n) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        await model.run(cat, epochs);
        out.push(performance.now() - started);
      }
      return out;
    },
    first: async () => (await model.run(cat.subarray(0, cat.length / epochs.length), epochs.subarray(0, 1)))[0]!.validPercent,
    close: () => model.release(),
  };
}

function pythonSide(twin: PythonTwin): Side {
  return { label: twin.banner, times: (n) => twin.times(`RUNS ${n}`), first: async () => Number((await twin.request('PREDICT')).split(' ')[0]), close: () => twin.close() };
}

const tmp = tempDir('archwalk-nb301-compare-');
try {
  const archs = Array.from({ length: rows }, () => nb301Space.sample(rng));
  const epochs = Float32Array.from(archs, () => 1 + rng.int(98));
  const probe = await YahpoModel.open(bytes, codes, ONNX, 'web');
  const cat = probe.encode(archs);
  await probe.release();
  writeFileSync(join(tmp.path, 'model.onnx'), withSymbolicBatch(bytes));
  writeFileSync(join(tmp.path, 'cat.i32'), cat);
  writeFileSync(join(tmp.path, 'epochs.f32'), epochs);
  const script = join(REPO_ROOT, 'test/bench/nb301_query_ort.py');
  const python = async (threads: number): Promise<Side> =>
    pythonSide(await startPythonTwin(values.python!, script, [join(tmp.path, 'model.onnx'), join(tmp.path, 'cat.i32'), join(tmp.path, 'epochs.f32'), String(rows), String(threads)], 'onnxruntime (Python)'));
  const sides = [await python(1), await python(2), await archwalkSide('web', 1, cat, epochs), await archwalkSide('node', 1, cat, epochs), await archwalkSide('node', 2, cat, epochs)];
  const reference = await sides[0]!.first();
  for (const side of sides) {
    const first = await side.first();
    if (Math.abs(first - reference) > 1e-4) throw new Error(`${side.label} predicts ${first} % for the first row, Python onnxruntime ${reference} %`);
    await side.times(3); // warm-up
  }
  console.log(`NB301 YAHPO, batches of ${rows} rows, ${runs} runs per round, ${rounds} paired rounds; node ${process.version}`);
  const rates = sides.map(() => [] as number[]);
  const ratios = sides.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    const round: number[] = [];
    for (const side of sides) round.push((rows * 1000) / median(await side.times(runs)));
    round.forEach((rate, i) => {
      rates[i]!.push(rate);
      ratios[i]!.push(rate / round[0]!);
    });
  }
  for (let i = 0; i < sides.length; i++) {
    console.log(`  ${sides[i]!.label.padEnd(72)} ${Math.round(median(rates[i]!)).toLocaleString('en-US').padStart(9)} rows/s   ${median(ratios[i]!).toFixed(2)}× Python 1 thread`);
  }
  for (const side of sides) await side.close();
} finally {
  tmp.cleanup();
}
