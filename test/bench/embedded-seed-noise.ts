/**
 * How much of the embedded benchmark is the cell and how much the seed: retrains a random
 * sample of its cells with other seeds under the same recipe and compares with the shipped
 * (seed 0) numbers — mean absolute difference, the seed-to-seed standard deviation, and the
 * rank agreement (Spearman) between seeds over the sample.
 *
 *   node test/bench/embedded-seed-noise.ts [--cells 60] [--seed 1] [--sample-seed 7]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadNb101TableSync } from '../../src-main/nas/benchmarks/nb101/table-benchmark.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { preparedData } from '../../src-main/nas/live/dataset.ts';
import { checkRecipe } from '../../src-main/nas/live/recipe.ts';
import { trainCell } from '../../src-main/nas/live/train.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { cellToGraph } from '../../src-main/nas/spaces/nb101/index.ts';
import { embeddedTablePath } from '../../src-main/services/embedded.ts';

const { values } = parseArgs({ options: { cells: { type: 'string', default: '60' }, seed: { type: 'string', default: '1' }, 'sample-seed': { type: 'string', default: '7' } } });
const table = embeddedTablePath();
if (!table) throw new Error('resources/nb101-5v-fmnist/table.nb101 is not built');
const bench = loadNb101TableSync(table, 'nb101-5v-fmnist');
const recipe = checkRecipe(JSON.parse(readFileSync(join(table, '..', 'recipe.json'), 'utf8')));
const backend = await selectBackend();
const data = preparedData(recipe.dataset);
const rng = new Rng(Number(values['sample-seed']));
const all = [...bench];
const sample = rng.shuffle(all.slice()).slice(0, Number(values.cells));

function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let num = 0;
  let da = 0;
  let db = 0;
  a.forEach((x, i) => {
    num += (x - ma) * (b[i]! - mb);
    da += (x - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  });
  return num / Math.sqrt(da * db);
}

const shipped: number[] = [];
const retrained: number[] = [];
const started = performance.now();
for (const { arch } of sample) {
  const m = bench.query(arch, { rng, repeat: 'mean', fidelity: bench.defaultEpochs });
  const out = await trainCell(cellToGraph(bench.space.pruned(arch)), data, recipe, Number(values.seed), { halfway: false });
  shipped.push(m.valid);
  retrained.push(out.final.validation);
}
const diffs = shipped.map((v, i) => retrained[i]! - v);
const meanAbs = diffs.reduce((s, d) => s + Math.abs(d), 0) / diffs.length;
const sdDiff = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
const spread = Math.sqrt(shipped.reduce((s, v) => s + (v - shipped.reduce((a, b) => a + b, 0) / shipped.length) ** 2, 0) / shipped.length);
console.log(`${sample.length} random cells of ${bench.size}, seed 0 (shipped) vs seed ${values.seed} (retrained now, ${backend.name}), ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`validation accuracy: mean |difference| ${(meanAbs * 100).toFixed(2)} points; per-seed standard deviation ≈ ${((sdDiff / Math.SQRT2) * 100).toFixed(2)} points`);
console.log(`spread of the cells (sd over the sample, seed 0): ${(spread * 100).toFixed(2)} points`);
console.log(`Spearman rank correlation between the seeds: ${pearson(ranks(shipped), ranks(retrained)).toFixed(3)}`);
