/**
 * archwalk's live-training step against the same network in PyTorch, side by side, one
 * thread each: the best cell of the shipped nb101-5v-fmnist table, built under that table's
 * recipe (14×14 Fashion-MNIST, stem 8, 2 stacks), one full step on 64 real training images
 * (forward, cross-entropy, backward, batch-norm moving averages, Adam with L2 on weights).
 *
 * PyTorch runs in a child process (test/bench/live_step_torch.py) that builds its network
 * from archwalk's own plan and checks the parameter count. Rounds are paired: each round
 * times `--steps` archwalk steps, then as many PyTorch steps; the ratio is taken per round
 * and the median reported, so load from other processes hits both sides alike.
 *
 * Debian's python3-torch picks BLAS through the libblas.so.3 alternative; this script puts
 * OpenBLAS (openblas-pthread) first on LD_LIBRARY_PATH and prints which BLAS was mapped.
 * OMP/OpenBLAS threads are pinned to 1.
 *
 *   node test/bench/live-compare.ts [--rounds 7] [--steps 10] [--python /usr/bin/python3]
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadNb101TableSync } from '../../src-main/nas/benchmarks/nb101/table-benchmark.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { preparedData } from '../../src-main/nas/live/dataset.ts';
import { Nb101Network, planNetwork } from '../../src-main/nas/live/nb101-network.ts';
import { checkRecipe } from '../../src-main/nas/live/recipe.ts';
import { Optimizer, trainingStep } from '../../src-main/nas/live/train.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { cellToGraph } from '../../src-main/nas/spaces/nb101/index.ts';
import { embeddedTablePath } from '../../src-main/services/embedded.ts';
import { REPO_ROOT, tempDir } from '../helpers/data.ts';
import { median, startPythonTwin } from './python-twin.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, steps: { type: 'string', default: '10' }, python: { type: 'string', default: '/usr/bin/python3' } } });
const rounds = Number(values.rounds);
const steps = Number(values.steps);
const BATCH = 64;

const table = embeddedTablePath();
if (!table) throw new Error('resources/nb101-5v-fmnist/table.nb101 is not built');
const bench = loadNb101TableSync(table, 'nb101-5v-fmnist');
const recipe = checkRecipe(JSON.parse(readFileSync(join(table, '..', 'recipe.json'), 'utf8')));
const best = bench.best();
const graph = cellToGraph(bench.space.pruned(best.arch));
const data = preparedData(recipe.dataset);
const shape = { height: data.height, width: data.width, channels: 1, classes: data.classes, ...recipe.network };
const plan = planNetwork(graph, shape);
const parameters = plan.specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
/** Multiply–add FLOPs of the convolutions in one step: forward, input gradient and filter gradient (3× the forward). */
const convFlops = plan.convs.reduce((total, conv) => {
  const stack = conv.name === 'stem' ? 0 : Number(/^s(\d+)/.exec(conv.name)![1]);
  // Each stack after the first halves the map ('same' 2×2 max-pool, rounding up).
  const side = (size: number): number => Array.from({ length: stack }).reduce<number>((s) => Math.ceil(s / 2), size);
  return total + 3 * 2 * BATCH * side(data.height) * side(data.width) * conv.size * conv.size * conv.inChannels * conv.outChannels;
}, 0);

const choice = await selectBackend({ prefer: 'wasm' });
if (choice.name !== 'wasm') throw new Error(`needs the wasm backend, got ${choice.description}`);

const tmp = tempDir('archwalk-live-compare-');
const pixels = data.height * data.width;
const images = data.train.images.slice(0, BATCH * pixels);
const labels = Int32Array.from(data.train.labels.subarray(0, BATCH));
writeFileSync(join(tmp.path, 'images.f32'), images);
writeFileSync(join(tmp.path, 'labels.i32'), labels);
writeFileSync(
  join(tmp.path, 'plan.json'),
  JSON.stringify({ ...plan, graph: { n: graph.n, out: graph.out }, shape, classes: data.classes, denseIn: plan.specs.at(-2)!.shape[0], parameters, recipe }),
);

const torch = await startPythonTwin(values.python!, join(REPO_ROOT, 'test/bench/live_step_torch.py'), [join(tmp.path, 'plan.json'), join(tmp.path, 'images.f32'), join(tmp.path, 'labels.i32')], 'python3-torch');
const torchSteps = (n: number): Promise<number[]> => torch.times(`STEPS ${n}`);

const network = new Nb101Network(graph, shape, new Rng(0));
const optimizer = new Optimizer(recipe);
const x = tf.keep(tf.tensor4d(images, [BATCH, data.height, data.width, 1]));
const y = tf.keep(tf.oneHot(tf.tensor1d(labels, 'int32'), data.classes) as tf.Tensor2D);
// The batch tensors are made once; trainingStep's tidy must not dispose them.
const batch = (): { x: tf.Tensor4D; y: tf.Tensor2D } => ({ x: tf.clone(x), y: tf.clone(y) });
const archwalkSteps = (n: number): number[] => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    trainingStep(network, optimizer, batch, recipe.learningRate, recipe.batchNormMomentum);
    times.push(performance.now() - started);
  }
  return times;
};

console.log(`best nb101-5v-fmnist cell ${best.hash.slice(0, 12)}: ${graph.n} vertices, ops ${bench.space.pruned(best.arch).ops.slice(1, -1).join(', ')}; ${parameters} parameters; batch ${BATCH} of ${data.height}×${data.width}`);
console.log(`archwalk: node ${process.version}, tfjs ${choice.description}, 1 thread`);
console.log(`PyTorch:  ${torch.banner}`);
archwalkSteps(3); // warm-up: kernel set-up, allocations
await torchSteps(3);
const ours: number[] = [];
const theirs: number[] = [];
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  const a = median(archwalkSteps(steps));
  const t = median(await torchSteps(steps));
  ours.push(a);
  theirs.push(t);
  ratios.push(a / t);
  console.log(`  round ${r + 1}: archwalk ${a.toFixed(2)} ms, PyTorch ${t.toFixed(2)} ms, ratio ${(a / t).toFixed(2)}×`);
}
torch.close();
console.log(`median of ${rounds} paired rounds (${steps} steps each): archwalk ${median(ours).toFixed(2)} ms, PyTorch ${median(theirs).toFixed(2)} ms per step; ratio ${median(ratios).toFixed(2)}× (target ≤ 1.6×)`);
const gflops = (ms: number): string => (convFlops / ms / 1e6).toFixed(1);
console.log(`convolutions: ${(convFlops / 1e6).toFixed(1)} MFLOP per step (forward and both gradients), i.e. archwalk ${gflops(median(ours))} GFLOP/s, PyTorch ${gflops(median(theirs))} GFLOP/s over the whole step (ceiling: the sgemm above)`);
network.dispose();
optimizer.dispose();
tmp.cleanup();
