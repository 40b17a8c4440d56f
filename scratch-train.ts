import { selectBackend } from './src-main/nas/ml/backend.ts';
import { preparedData } from './src-main/nas/live/dataset.ts';
import { trainCell } from './src-main/nas/live/train.ts';
import { checkRecipe } from './src-main/nas/live/recipe.ts';
import { cellToGraph } from './src-main/nas/spaces/nb101/index.ts';
const b = await selectBackend({ prefer: (process.argv[2] ?? 'wasm') as any });
console.log(b.description);
const D = '/usr/share/datasets/fashion-mnist/';
const recipe = checkRecipe({
  dataset: { name: 'fashion-mnist', trainImages: D + 'train-images-idx3-ubyte.gz', trainLabels: D + 'train-labels-idx1-ubyte.gz', testImages: D + 't10k-images-idx3-ubyte.gz', testLabels: D + 't10k-labels-idx1-ubyte.gz', downsample: Number(process.env.DS ?? 2), train: Number(process.env.NTRAIN ?? 2000), validation: 1000, test: 1000, splitSeed: 0 },
  network: { stemChannels: Number(process.env.STEM ?? 8), stacks: Number(process.env.STACKS ?? 2), cellsPerStack: 1 },
  epochs: Number(process.env.EPOCHS ?? 2), batchSize: Number(process.env.BS ?? 64), optimizer: process.env.OPT ?? 'adam', learningRate: Number(process.env.LR ?? 0.01), schedule: 'cosine', momentum: 0.9, weightDecay: 1e-4, batchNormMomentum: 0.9,
});
let t = performance.now();
const data = preparedData(recipe.dataset);
console.log('data ms', (performance.now() - t).toFixed(0), data.height, data.width, data.fingerprint);
const cells = [
  { matrix: [[0,1,0,0,1],[0,0,1,0,0],[0,0,0,1,0],[0,0,0,0,1],[0,0,0,0,0]], ops: ['input','conv3x3-bn-relu','conv3x3-bn-relu','maxpool3x3','output'] },
  { matrix: [[0,1],[0,0]], ops: ['input','output'] },
  { matrix: [[0,1,0],[0,0,1],[0,0,0]], ops: ['input','maxpool3x3','output'] },
  { matrix: [[0,1,1,1,0],[0,0,0,0,1],[0,0,0,0,1],[0,0,0,0,1],[0,0,0,0,0]], ops: ['input','conv3x3-bn-relu','conv1x1-bn-relu','conv3x3-bn-relu','output'] },
];
for (const cell of cells) {
  t = performance.now();
  const out = await trainCell(cellToGraph(cell as any), data, recipe, 1);
  console.log(JSON.stringify(out.final), out.params, 'train s', out.trainSeconds.toFixed(2), 'total s', ((performance.now() - t) / 1000).toFixed(2), 'loss', out.finalLoss.toFixed(3));
}
