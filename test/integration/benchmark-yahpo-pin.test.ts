/**
 * Issue 14, item 5, for the YAHPO NB301 surrogate: a model with 50 flipped weight bytes
 * opened, ran and predicted ~100 % for every architecture; it must be refused at import
 * (pinned SHA-256, and reference predictions even for a model accepted as unpinned), and a
 * stored model damaged after import must not be run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { importNb301Yahpo, loadNb301Yahpo, NB301_SMOKE_GENOTYPE } from '../../src-main/nas/benchmarks/nb301/yahpo.ts';
import { onnxRuntime } from '../../src-main/nas/benchmarks/nb301/onnx.ts';
import { YAHPO_NB301_MODEL_SHA256, YAHPO_REFERENCES } from '../../src-main/nas/benchmarks/nb301/yahpo-reference.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { archwalk } from '../helpers/cli.ts';
import { skipWithout, tempDir } from '../helpers/data.ts';
import { flippedYahpoModel as flipped, YAHPO_ENCODING as ENCODING, YAHPO_ONNX as ONNX } from '../helpers/wrong-data.ts';
const skip = skipWithout(ONNX) || skipWithout(ENCODING);

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('archwalk-yahpo-pin-');
});
after(() => tmp.cleanup());

/** A model in its own folder, with YAHPO's encoding.json beside it (as the import expects). */
function modelFile(folder: string, bytes: Uint8Array): string {
  const dir = join(tmp.path, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'encoding.json'), readFileSync(ENCODING));
  writeFileSync(join(dir, 'new_model.onnx'), bytes);
  return join(dir, 'new_model.onnx');
}


test('the pinned model imports, says it is pinned and reproduces every reference prediction', { skip }, async () => {
  const dir = join(tmp.path, 'pinned.nb301-yahpo');
  const { manifest } = await importNb301Yahpo(ONNX, ENCODING, dir);
  assert.equal(manifest.sha256, YAHPO_NB301_MODEL_SHA256);
  assert.equal(manifest.modelPinned, true);
  // The references were recorded with the wasm runtime: it reproduces them exactly, the native
  // CPU build (default where it loads) to float rounding (one float32 ulp at 95 % is 7.6e-6 points).
  const exact = (await onnxRuntime()).package === 'onnxruntime-web';
  const tolerance = exact ? 1e-9 : 2e-5;
  assert.ok(Math.abs(manifest.smoke.validPercent - YAHPO_REFERENCES[0]!.validPercent) < tolerance);
  const bench = loadNb301Yahpo(dir, 'pinned');
  try {
    const m = await bench.query(NB301_SMOKE_GENOTYPE, { rng: new Rng(0) });
    assert.ok(Math.abs(m.valid * 100 - YAHPO_REFERENCES[0]!.validPercent) < (exact ? 1e-6 : 2e-5));
  } finally {
    await bench.close();
  }
});

test('50 flipped weight bytes: refused by the pin, and with --unpinned-model by the reference predictions; nothing is written', { skip }, async () => {
  for (const seed of [2, 3]) {
    const damaged = modelFile(`flipped-${seed}`, flipped(seed));
    const dest = join(tmp.path, `never-${seed}`);
    await assert.rejects(
      importNb301Yahpo(damaged, ENCODING, dest),
      new RegExp(`new_model\\.onnx is not the YAHPO NB301 model archwalk knows: its SHA-256 is [0-9a-f]{64}, expected ${YAHPO_NB301_MODEL_SHA256} .*for a newer YAHPO model import with --unpinned-model`),
    );
    await assert.rejects(
      importNb301Yahpo(damaged, ENCODING, dest, { unpinnedModel: true }),
      /does not predict like YAHPO's NB301 surrogate \(damaged, or an encoding\.json that does not belong to it\): it predicts \d+\.\d{4} % for .* at epoch \d+, where the YAHPO model predicts \d+\.\d{4} % \(allowed difference 3 points for an unpinned model\)/,
    );
    assert.ok(!existsSync(dest));
  }
});

test('an encoding.json that codes two ops the other way round is caught by the reference predictions', { skip }, async () => {
  const encoding = JSON.parse(readFileSync(ENCODING, 'utf8')) as Record<string, Record<string, number>>;
  for (const [name, table] of Object.entries(encoding)) {
    if (!name.includes('edge_normal_')) continue;
    [table['sep_conv_3x3'], table['skip_connect']] = [table['skip_connect']!, table['sep_conv_3x3']!];
  }
  const dir = join(tmp.path, 'swapped');
  mkdirSync(dir);
  writeFileSync(join(dir, 'encoding.json'), JSON.stringify(encoding));
  await assert.rejects(importNb301Yahpo(ONNX, join(dir, 'encoding.json'), join(tmp.path, 'never-swapped')), /does not predict like YAHPO's NB301 surrogate .*allowed difference 0\.01 points/);
});

test('a stored model damaged after import is not run', { skip }, async () => {
  const dir = join(tmp.path, 'later.nb301-yahpo');
  await importNb301Yahpo(ONNX, ENCODING, dir);
  const stored = join(dir, 'model.onnx');
  writeFileSync(stored, flipped(2));
  const bench = loadNb301Yahpo(dir, 'later');
  try {
    await assert.rejects(bench.query(NB301_SMOKE_GENOTYPE, { rng: new Rng(0) }), /model\.onnx is damaged: its SHA-256 is not the one recorded when later was imported; import the benchmark again/);
  } finally {
    await bench.close().catch(() => undefined);
  }
});

test('through the CLI: the damaged copy is refused with the hint, --unpinned-model is refused for other kinds', { skip }, () => {
  const home = tempDir();
  try {
    const damaged = modelFile('cli-flipped', flipped(2));
    const refused = archwalk(home.path, ['benchmark', 'import', 'nb301-yahpo', damaged, '--name', 'bad']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^archwalk: cannot import .*new_model\.onnx: .*is not the YAHPO NB301 model archwalk knows.*--unpinned-model\. Nothing was imported\./);
    const other = archwalk(home.path, ['benchmark', 'import', 'nb201', damaged, '--name', 'x', '--unpinned-model']);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /accepting an unpinned model applies to nb301-yahpo imports, not to nb201/);
  } finally {
    home.cleanup();
  }
});
