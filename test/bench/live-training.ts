/**
 * Live-training speed on this machine, wasm against the pure-JavaScript cpu backend:
 *   1. each gradient kernel the wasm patch provides (Conv2DBackpropFilter, the stride-1
 *      Conv2DBackpropInput, MaxPoolGrad) against the cpu backend's, at the shapes of the
 *      embedded recipe's first stack (64 images of 14×14, 8 channels);
 *   2. one full training step (forward, backward, Adam) of an NB101 network, per backend;
 *   3. whole trainings of a few cells under the embedded recipe (wasm only).
 * Medians of several repetitions; the machine's other load shows up as spread (min–max).
 *
 *   node test/bench/live-training.ts [--reps 7] [--cells 4] [--cpu-steps 3]
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import * as ops from '../../src-main/nas/ml/diff-ops.ts';
import { preparedData } from '../../src-main/nas/live/dataset.ts';
import { Nb101Network } from '../../src-main/nas/live/nb101-network.ts';
import { checkLiveDefinition } from '../../src-main/nas/live/live-benchmark.ts';
import { trainCell } from '../../src-main/nas/live/train.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { cellToGraph, type Nb101Cell } from '../../src-main/nas/spaces/nb101/index.ts';
import { REPO_ROOT } from '../helpers/data.ts';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '7' }, cells: { type: 'string', default: '4' }, 'cpu-steps': { type: 'string', default: '3' } } });
const reps = Number(values.reps);

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${median.toFixed(2)} ms (min ${sorted[0]!.toFixed(2)}, max ${sorted[sorted.length - 1]!.toFixed(2)})`;
}

function timeIt(fn: () => void, n: number): number[] {
  fn(); // warm-up: kernel setup, allocations
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

const choice = await selectBackend({ prefer: 'wasm' });
if (choice.name !== 'wasm') throw new Error(`needs the wasm backend, got ${choice.description}`);
console.log(`backends: wasm (patched kernels) vs cpu; ${reps} repetitions, median (min, max)\n`);

const rng = new Rng(1);
const rand = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1), shape);
const x = rand([64, 14, 14, 8]);
const w3 = rand([3, 3, 8, 8]);
const dy = rand([64, 14, 14, 8]);
const kernels: [string, () => void][] = [
  ['Conv2DBackpropFilter 3×3', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 8, 8] } as unknown as tf.NamedAttrMap)],
  ['Conv2DBackpropInput 3×3', () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w3 }, { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [64, 14, 14, 8] } as unknown as tf.NamedAttrMap)],
  ['MaxPoolGrad 3×3/1', () => {
    const y = tf.maxPool(x as tf.Tensor4D, 3, 1, 'same');
    tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: 3, strides: 1, pad: 'same' } as unknown as tf.NamedAttrMap);
  }],
];
console.log('kernel                        wasm                          cpu');
for (const [name, run] of kernels) {
  const per: Record<string, string> = {};
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    per[backend] = stats(timeIt(() => tf.tidy(run), reps));
  }
  console.log(`${name.padEnd(30)}${per.wasm!.padEnd(30)}${per.cpu}`);
}

const definition = checkLiveDefinition(JSON.parse(readFileSync(`${REPO_ROOT}/resources/live-fashion-mnist.json`, 'utf8')));
const data = preparedData(definition.recipe.dataset);
const chain: Nb101Cell = { matrix: [[0, 1, 0, 0, 1], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'] };
const shape = { height: data.height, width: data.width, channels: 1, classes: data.classes, ...definition.recipe.network };
const images = tf.tensor4d(data.train.images.subarray(0, 64 * data.height * data.width), [64, data.height, data.width, 1]);
const labels = tf.oneHot(tf.tensor1d(Array.from(data.train.labels.subarray(0, 64)), 'int32'), data.classes) as tf.Tensor2D;
console.log(`\none training step (forward + backward) of the cell ${chain.ops.slice(1, -1).join(' → ')}, batch 64, ${data.height}×${data.width}:`);
const stepMs: Record<string, number[]> = {};
for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  const net = new Nb101Network(cellToGraph(chain), shape, new Rng(2));
  const names = net.params.names();
  const step = () =>
    tf.tidy(() => {
      const { grads } = tf.valueAndGrads((...weights: tf.Tensor[]) => {
        net.params.replace(new Map(names.map((n, i) => [n, weights[i]!])));
        return ops.softmaxCrossEntropy(net.forward(images, true).logits, labels);
      })(net.params.list());
      grads.forEach((g) => g.dataSync());
    });
  stepMs[backend] = timeIt(step, backend === 'cpu' ? Number(values['cpu-steps']) : reps);
  console.log(`  ${backend.padEnd(6)}${stats(stepMs[backend]!)}`);
  net.dispose();
}
const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;
console.log(`  wasm is ${(median(stepMs.cpu!) / median(stepMs.wasm!)).toFixed(1)}× faster per step`);

await tf.setBackend('wasm');
console.log(`\nwhole trainings under the embedded recipe (${definition.recipe.epochs} epochs × ${definition.recipe.dataset.train} images, then evaluation of ${definition.recipe.dataset.validation} + ${definition.recipe.dataset.test} + ${definition.recipe.dataset.validation}):`);
const cells: Nb101Cell[] = [
  chain,
  ...([
  { matrix: [[0, 1], [0, 0]], ops: ['input', 'output'] },
  { matrix: [[0, 1, 1, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'output'] },
  { matrix: [[0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]], ops: ['input', 'maxpool3x3', 'conv1x1-bn-relu', 'maxpool3x3', 'output'] },
  ] as Nb101Cell[]),
].slice(0, Number(values.cells));
for (const cell of cells) {
  const t = performance.now();
  const out = await trainCell(cellToGraph(cell), data, definition.recipe, 0, { halfway: false });
  const label = cell.ops.slice(1, -1).join(' → ') || '(input → output)';
  console.log(`  ${label.padEnd(52)} ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${out.trainSeconds.toFixed(2)} s training, validation ${(out.final.validation * 100).toFixed(1)} %, ${out.params} params`);
}
