import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { agreement, readNaslibNb301, spearman } from '../../src-main/nas/benchmarks/nb301/agreement.ts';
import {
  importNb301Yahpo,
  loadNb301Yahpo,
  NB301_SMOKE_GENOTYPE,
  NB301_YAHPO_LABEL,
  Nb301YahpoBenchmark,
  parseYahpoEncoding,
  setNb301YahpoCalibration,
  YahpoModel,
} from '../../src-main/nas/benchmarks/nb301/yahpo.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { observedBananas } from '../../src-main/nas/search/bananas/bananas.ts';
import { runSearch } from '../../src-main/nas/search/run-search.ts';
import { resolveSearcherParams } from '#shared/searcher-specs.ts';
import { nb301Space } from '../../src-main/nas/spaces/nb301/index.ts';
import { BENCHMARK_DATA, REPO_ROOT, skipWithout, tempDir } from '../helpers/data.ts';

const NB301 = join(BENCHMARK_DATA, 'nb301');
const ONNX = join(NB301, 'new_model.onnx');
const ENCODING = join(NB301, 'encoding.json');
const ZC_500 = join(NB301, 'zc_nasbench301_v20220514_500archs.json');
const ZC_725 = join(NB301, 'zc_nasbench301_v20220518_725archs.json');
const skip = skipWithout(ONNX) || skipWithout(ENCODING);

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let bench: Nb301YahpoBenchmark;

before(async () => {
  tmp = tempDir('archwalk-nb301-');
  if (skip) return;
  dir = join(tmp.path, 'yahpo');
  await importNb301Yahpo(ONNX, ENCODING, dir);
  bench = loadNb301Yahpo(dir, 'nb301-yahpo-test');
});

after(async () => {
  await bench?.close();
  tmp.cleanup();
});

test('import checks the model and answers the smoke query; the benchmark says what it is', { skip }, async () => {
  const manifest = JSON.parse(readFileSync(join(dir, 'archwalk-nb301-yahpo.json'), 'utf8'));
  assert.equal(manifest.label, NB301_YAHPO_LABEL);
  assert.equal(NB301_YAHPO_LABEL, 'YAHPO surrogate of the NB301 data');
  assert.deepEqual(manifest.outputs, ['val_accuracy', 'runtime']);
  assert.equal(manifest.sha256, '3c6a6fb3a70998bf6c55883bdc5cc71cff190e1859468d72cc6960b88f06d280');
  assert.equal(bench.label, NB301_YAHPO_LABEL);
  assert.equal(bench.testIsValidation, true);
  const m = await bench.query(NB301_SMOKE_GENOTYPE, { rng: new Rng(0) });
  assert.ok(Math.abs(m.valid * 100 - manifest.smoke.validPercent) < 1e-9);
  assert.ok(m.valid > 0.9 && m.valid < 1, `valid ${m.valid}`);
  assert.equal(m.test, m.valid);
  assert.ok(m.trainSeconds! > 0);
  assert.equal(m.cost, m.trainSeconds);
});

test('batched and single queries agree; same-tick queries share one run; answers are cached', { skip }, async () => {
  const rng = new Rng(99);
  const archs = Array.from({ length: 64 }, () => nb301Space.sample(rng));
  const fresh = loadNb301Yahpo(dir, 'fresh');
  try {
    const single: number[] = [];
    for (const a of archs) single.push((await fresh.query(a, { rng })).valid);
    assert.equal(fresh.stats.runs, 64);
    const other = loadNb301Yahpo(dir, 'other');
    const batch = await other.queryBatch(archs);
    assert.equal(other.stats.runs, 1);
    let worst = 0;
    batch.forEach((m, i) => (worst = Math.max(worst, Math.abs(m.valid - single[i]!))));
    console.log(`# largest |batched − single| over 64 genotypes: ${worst.toExponential(2)} (accuracy fraction)`);
    assert.ok(worst < 1e-6);
    const again = await other.query(archs[3]!, { rng });
    assert.equal(again.valid, batch[3]!.valid);
    assert.equal(other.stats.cacheHits, 1);
    // The same architecture with its edges in the other order is a cache hit.
    const swapped = { normal: archs[3]!.normal.map((_, e) => archs[3]!.normal[e ^ 1]!), reduce: archs[3]!.reduce };
    assert.equal((await other.query(swapped, { rng })).valid, batch[3]!.valid);
    await other.close();
  } finally {
    await fresh.close();
  }
});

test('the native ONNX runtime predicts what the wasm runtime does, to float rounding, on 2,000 architectures at mixed epochs', { skip: skip || (!existsSync(join(REPO_ROOT, 'node_modules', 'onnxruntime-node', 'package.json')) && 'onnxruntime-node is not installed') }, async () => {
  const bytes = new Uint8Array(readFileSync(ONNX));
  const codes = parseYahpoEncoding(JSON.parse(readFileSync(ENCODING, 'utf8')), ENCODING);
  const native = await YahpoModel.open(bytes, codes, ONNX, 'node');
  const wasm = await YahpoModel.open(bytes, codes, ONNX, 'web');
  try {
    assert.equal(native.runtime.package, 'onnxruntime-node');
    assert.equal(wasm.runtime.package, 'onnxruntime-web');
    const rng = new Rng(5);
    const archs = Array.from({ length: 2000 }, () => nb301Space.sample(rng));
    const cat = native.encode(archs);
    const epochs = Float32Array.from(archs, () => 1 + rng.int(98));
    // Batches of 512 (the batched path) and single rows.
    const [a, b] = await Promise.all([native.run(cat, epochs), wasm.run(cat, epochs)]);
    const single = await native.run(cat.subarray(0, 34), epochs.subarray(0, 1));
    let worstValid = 0;
    let worstRuntime = 0;
    a.forEach((p, i) => {
      worstValid = Math.max(worstValid, Math.abs(p.validPercent - b[i]!.validPercent));
      worstRuntime = Math.max(worstRuntime, Math.abs(p.runtimeSeconds - b[i]!.runtimeSeconds) / Math.abs(b[i]!.runtimeSeconds));
    });
    console.log(`# largest |native − wasm| over 2,000 genotypes: ${worstValid.toExponential(2)} accuracy points, ${worstRuntime.toExponential(2)} relative runtime`);
    // A few float32 ulps at ~95 % (one ulp is 7.6e-6 points); a different model would be off by whole points.
    assert.ok(worstValid < 1e-4, `accuracy differs by ${worstValid} points`);
    assert.ok(worstRuntime < 5e-5, `runtime differs by ${worstRuntime} (relative)`);
    assert.ok(Math.abs(single[0]!.validPercent - a[0]!.validPercent) < 1e-4);
  } finally {
    await native.release();
    await wasm.release();
  }
});

test('the epoch is the fidelity: 1..98, default 98', { skip }, async () => {
  const g = NB301_SMOKE_GENOTYPE;
  const rng = new Rng(0);
  const last = await bench.query(g, { rng });
  assert.equal((await bench.query(g, { rng, fidelity: 98 })).valid, last.valid);
  const early = await bench.query(g, { rng, fidelity: 1 });
  assert.ok(early.valid < last.valid, `epoch 1 ${early.valid} vs epoch 98 ${last.valid}`);
  for (const bad of [0, 99, 1.5]) await assert.rejects(bench.query(g, { rng, fidelity: bad }), /fidelity \(epoch\) must be an integer from 1 to 98/);
});

test(
  'agreement with the official NB301 v1.0 surrogate on the 1,218 NASLib architectures',
  { skip: skip || skipWithout(ZC_500) || skipWithout(ZC_725) },
  async () => {
    const refs = readNaslibNb301(ZC_500, ZC_725);
    assert.equal(refs.length, 1218);
    const predicted = (await bench.queryBatch(refs.map((r) => r.genotype))).map((m) => m.valid);
    const result = agreement(predicted, refs.map((r) => r.valid));
    console.log(
      `# YAHPO vs official NB301 on ${result.n} architectures: Spearman ${result.spearman.toFixed(4)}, mean difference ${result.meanDifferencePoints.toFixed(3)} points, ` +
        `RMSE ${result.rmsePoints.toFixed(3)} → ${result.calibratedRmsePoints.toFixed(3)} points after calibration (slope ${result.calibration.slope.toFixed(4)}, intercept ${result.calibration.intercept.toFixed(4)})`,
    );
    assert.ok(result.spearman > 0.8, `Spearman ${result.spearman}`);
    assert.ok(result.meanDifferencePoints > 0.5 && result.meanDifferencePoints < 2.5, `mean difference ${result.meanDifferencePoints}`);
    assert.ok(result.calibratedRmsePoints < result.rmsePoints);
    // Each file on its own.
    for (const file of [ZC_500, ZC_725]) {
      const part = readNaslibNb301(file);
      const p = (await bench.queryBatch(part.map((r) => r.genotype))).map((m) => m.valid);
      console.log(`# ${file.split('/').pop()}: ${part.length} architectures, Spearman ${spearman(p, part.map((r) => r.valid)).toFixed(4)}`);
    }
    // A stored calibration is applied by later loads.
    setNb301YahpoCalibration(dir, { ...result.calibration, fittedOn: 'NASLib zc_nasbench301 (1,218)' });
    const calibrated = loadNb301Yahpo(dir, 'calibrated');
    try {
      const m = await calibrated.query(refs[0]!.genotype, { rng: new Rng(0) });
      assert.ok(Math.abs(m.valid - (result.calibration.slope * predicted[0]! + result.calibration.intercept)) < 1e-12);
    } finally {
      await calibrated.close();
      setNb301YahpoCalibration(dir, null);
    }
  },
);

// ---------------------------------------------------------------------------------------
// Bad input

/** A minimal ONNX model, y = Identity(x) with x, y float32 [1, 3], written field by field. */
function identityOnnx(): Uint8Array {
  const varint = (v: number): number[] => {
    const out: number[] = [];
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
    return out;
  };
  const bytes = (field: number, payload: number[]): number[] => [...varint((field << 3) | 2), ...varint(payload.length), ...payload];
  const str = (field: number, s: string): number[] => bytes(field, [...Buffer.from(s)]);
  const int = (field: number, v: number): number[] => [...varint(field << 3), ...varint(v)];
  const dim = (v: number): number[] => bytes(1, int(1, v));
  const valueInfo = (name: string): number[] => [...str(1, name), ...bytes(2, bytes(1, [...int(1, 1), ...bytes(2, [...dim(1), ...dim(3)])]))];
  const node = [...str(1, 'x'), ...str(2, 'y'), ...str(4, 'Identity')];
  const graph = [...bytes(1, node), ...str(2, 'g'), ...bytes(11, valueInfo('x')), ...bytes(12, valueInfo('y'))];
  return Uint8Array.from([...int(1, 7), ...bytes(8, [...str(1, ''), ...int(2, 13)]), ...bytes(7, graph)]);
}

test('a corrupt, truncated or foreign model and a wrong encoding are refused; nothing is written', { skip }, async () => {
  const bad = (name: string, data: Uint8Array | string): string => {
    const path = join(tmp.path, name);
    writeFileSync(path, data);
    return path;
  };
  const dest = join(tmp.path, 'refused');
  await assert.rejects(importNb301Yahpo(bad('noise.onnx', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), ENCODING, dest), /noise\.onnx is not a readable ONNX model/);
  await assert.rejects(importNb301Yahpo(bad('cut.onnx', readFileSync(ONNX).subarray(0, 100_000)), ENCODING, dest), /cut\.onnx is not a readable ONNX model/);
  await assert.rejects(
    importNb301Yahpo(bad('identity.onnx', identityOnnx()), ENCODING, dest),
    /identity\.onnx is not YAHPO's NB301 surrogate: it has 1 inputs and 1 outputs \(the model has inputs x float32 \[batch, 3\]/,
  );
  await assert.rejects(importNb301Yahpo(join(tmp.path, 'missing.onnx'), ENCODING, dest), /cannot read the ONNX model/);
  const encoding = JSON.parse(readFileSync(ENCODING, 'utf8'));
  delete encoding.NetworkSelectorDatasetInfo_COLON_darts_COLON_edge_reduce_7;
  await assert.rejects(importNb301Yahpo(ONNX, bad('e1.json', JSON.stringify(encoding)), dest), /has no code table for NetworkSelectorDatasetInfo_COLON_darts_COLON_edge_reduce_7/);
  const shifted = JSON.parse(readFileSync(ENCODING, 'utf8'));
  shifted.NetworkSelectorDatasetInfo_COLON_darts_COLON_inputs_node_normal_5['3_4'] = 40;
  await assert.rejects(importNb301Yahpo(ONNX, bad('e2.json', JSON.stringify(shifted)), dest), /e2\.json does not fit .*out of the model's range/);
  await assert.rejects(importNb301Yahpo(ONNX, bad('e3.json', '{"broken'), dest), /is not valid JSON/);
  assert.ok(!existsSync(dest));
});

test('BANANAS searches the NB301 surrogate on the DARTS path encoding (11,204 features): distinct queries, a predictor per k', { skip }, async () => {
  const params = resolveSearcherParams('bananas', { epochs: 10 });
  const fits: number[] = [];
  const hashes: string[] = [];
  const outcome = await runSearch({
    config: { seed: 3, budget: 25, queryDelayMs: 0, searcher: { kind: 'bananas', params } },
    benchmark: bench,
    onQuery: (q) => hashes.push(q.hash),
    searcher: (ctx, p) => observedBananas(ctx, p as typeof params, { onFit: (f) => fits.push(f.trainSize) }),
  });
  assert.equal(outcome.queries, 25);
  assert.equal(new Set(hashes).size, 25);
  assert.deepEqual(fits, [10, 20]);
  assert.ok(outcome.incumbent!.valid > 0.8, `best validation ${outcome.incumbent!.valid}`);
});
