import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './src-main/nas/ml/backend.ts';
import * as d from './src-main/nas/ml/diff-ops.ts';
const which = process.argv[2] ?? 'wasm';
process.env.ARCHWALK_ML_BACKEND = which;
const b = await selectBackend({ prefer: which as any });
console.log(b.description);
function fd(f: (xs: tf.Tensor[]) => tf.Scalar, xs: tf.Tensor[]) {
  const [val, grads] = [null, tf.grads((...a: tf.Tensor[]) => f(a))(xs)];
  let worst = 0;
  xs.forEach((x, k) => {
    const data = x.dataSync().slice();
    const g = grads[k]!.dataSync();
    for (let t = 0; t < 6; t++) {
      const i = Math.floor(Math.random() * data.length);
      const h = 1e-2;
      const p = data.slice(); p[i]! += h; const m = data.slice(); m[i]! -= h;
      const xsP = xs.map((y, j) => (j === k ? tf.tensor(p, x.shape) : y));
      const xsM = xs.map((y, j) => (j === k ? tf.tensor(m, x.shape) : y));
      const num = (f(xsP).dataSync()[0]! - f(xsM).dataSync()[0]!) / (2 * h);
      const err = Math.abs(num - g[i]!) / Math.max(1e-3, Math.abs(num) + Math.abs(g[i]!));
      worst = Math.max(worst, err);
    }
  });
  return worst;
}
const r = (s: number[]) => tf.randomNormal(s, 0, 1, 'float32', 7);
const w = r([1, 1, 1, 1]);
const proj = (y: tf.Tensor) => { const c = tf.randomNormal(y.shape, 0, 1, 'float32', 3); return tf.customGrad((yi: tf.Tensor, save: tf.GradSaveFunc) => { save([c]); return { value: tf.sum(tf.mul(yi, c)), gradFunc: (dy: tf.Tensor, [cc]: tf.Tensor[]) => tf.mul(dy, cc!) }; })(y) as tf.Scalar; };
console.log('conv3', fd(([x, f]) => proj(d.conv2d(x as any, f as any)), [r([2, 6, 6, 3]), r([3, 3, 3, 4])]));
console.log('conv1', fd(([x, f]) => proj(d.conv2d(x as any, f as any)), [r([2, 6, 6, 3]), r([1, 1, 3, 4])]));
console.log('conv3s2', fd(([x, f]) => proj(d.conv2d(x as any, f as any, 2)), [r([2, 7, 7, 3]), r([3, 3, 3, 4])]));
console.log('bn', fd(([x, g, be]) => proj(d.batchNormTrain(x as any, g as any, be as any, 1e-5).y), [r([4, 3, 3, 2]), r([2]), r([2])]));
console.log('relu', fd(([x]) => proj(d.relu(x)), [r([2, 3, 3, 2])]));
console.log('maxpool', fd(([x]) => proj(d.maxPool(x as any, 3, 1)), [r([2, 5, 5, 2])]));
console.log('maxpool2', fd(([x]) => proj(d.maxPool(x as any, 2, 2)), [r([2, 5, 5, 2])]));
console.log('addn', fd(([x, y]) => proj(d.addN([x!, y!])), [r([2, 3]), r([2, 3])]));
console.log('concat', fd(([x, y]) => proj(d.concatChannels([x as any, y as any])), [r([2, 3, 3, 2]), r([2, 3, 3, 1])]));
console.log('trunc', fd(([x]) => proj(d.truncateChannels(x as any, 2)), [r([2, 3, 3, 3])]));
console.log('gap', fd(([x]) => proj(d.globalAveragePool(x as any)), [r([2, 3, 3, 3])]));
console.log('dense', fd(([x, ww, bb]) => proj(d.dense(x as any, ww as any, bb as any)), [r([3, 4]), r([4, 5]), r([5])]));
const oh = tf.oneHot(tf.tensor1d([1, 0, 2], 'int32'), 4) as tf.Tensor2D;
console.log('xent', fd(([x]) => d.softmaxCrossEntropy(x as any, oh), [r([3, 4])]));
