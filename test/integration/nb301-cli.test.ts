import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { archwalk } from '../helpers/cli.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';

const MODEL = join(BENCHMARK_DATA, 'nb301', 'new_model.onnx');
const skip = skipWithout(MODEL);

const DARTS_V2 =
  "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

test('NB301 through the CLI: YAHPO import, neighbours and hashes as lines, a search on the surrogate', { skip }, () => {
  const home = tempDir();
  try {
    const imported = archwalk(home.path, ['benchmark', 'import', 'nb301-yahpo', MODEL, '--name', 'yahpo', '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    const info = JSON.parse(imported.stdout) as { space: string; kind: string; size: number };
    assert.equal(info.space, 'nb301');
    assert.ok(info.size > 1e18);

    const lines = `${JSON.stringify(DARTS_V2)}\nnot a genotype\n${DARTS_V2}\n`;
    const neighbours = archwalk(home.path, ['nb301', 'neighbours'], { input: lines });
    assert.equal(neighbours.code, 1, 'a bad line makes the exit status 1');
    const out = neighbours.stdout.trim().split('\n').map((l) => JSON.parse(l) as { hash?: string; neighbours?: unknown[]; line?: number; error?: string });
    assert.equal(out.length, 3);
    assert.equal(out[0]!.neighbours!.length, 120);
    assert.equal(out[1]!.line, 2);
    assert.match(out[1]!.error!, /not valid JSON/);
    assert.equal(out[2]!.hash, out[0]!.hash, 'bare DARTS text and its JSON string give the same genotype');
    assert.match(neighbours.stderr, /line 2: /);

    const config = join(home.path, 'nb301.yaml');
    writeFileSync(config, 'name: nb301\nbenchmark: yahpo\nbudget: 20\nseeds: [0]\nsearchers: [random-search, local-search]\n');
    const run = archwalk(home.path, ['run', config]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /incumbent validation accuracy \(a surrogate/);

    const zc = join(BENCHMARK_DATA, 'nb301', 'zc_nasbench301_v20220514_500archs.json');
    const agreement = archwalk(home.path, ['benchmark', 'agreement', 'yahpo', zc, '--calibrate', '--json']);
    assert.equal(agreement.code, 0, agreement.stderr);
    const fit = JSON.parse(agreement.stdout) as { n: number; spearman: number; calibratedRmsePoints: number; rmsePoints: number; stored: boolean };
    assert.equal(fit.n, 500);
    assert.ok(fit.spearman > 0.85, `Spearman ${fit.spearman}`);
    assert.ok(fit.calibratedRmsePoints < fit.rmsePoints);
    assert.equal(fit.stored, true);

    // A model without its encoding.json beside it is refused and leaves nothing behind.
    const lonely = join(home.path, 'lonely');
    cpSync(MODEL, `${lonely}.onnx`);
    const refused = archwalk(home.path, ['benchmark', 'import', 'nb301-yahpo', `${lonely}.onnx`, '--name', 'lonely']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /encoding\.json must lie beside the model/);
    assert.doesNotMatch(archwalk(home.path, ['benchmark', 'list']).stdout, /lonely/);
  } finally {
    home.cleanup();
  }
});
