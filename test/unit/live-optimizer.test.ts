import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Optimizer } from '../../src-main/nas/live/train.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import type { TrainingRecipe } from '../../src-main/nas/live/recipe.ts';

/** The textbook updates, in float64, one parameter at a time. */
function reference(kind: 'adam' | 'momentum', momentum: number, weightDecay: number, decayed: boolean, w: number[], grads: number[][], lrs: number[]): number[] {
  const p = w.slice();
  const m = new Array<number>(p.length).fill(0);
  const s = new Array<number>(p.length).fill(0);
  grads.forEach((g, step) => {
    const t = step + 1;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]! + (decayed ? weightDecay * p[i]! : 0);
      if (kind === 'momentum') {
        m[i] = step === 0 ? gi : momentum * m[i]! + gi;
        p[i] = p[i]! - lrs[step]! * m[i]!;
      } else {
        m[i] = 0.9 * m[i]! + 0.1 * gi;
        s[i] = 0.999 * s[i]! + 0.001 * gi * gi;
        p[i] = p[i]! - (lrs[step]! * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(s[i]! / (1 - 0.999 ** t)) + 1e-8);
      }
    }
  });
  return p;
}

test('the live optimizer does Adam and momentum SGD with weight decay on weights only, step after step', async () => {
  await tf.setBackend('cpu');
  const rng = new Rng(4);
  const values = (n: number): number[] => Array.from({ length: n }, () => Math.fround(rng.next() * 2 - 1));
  for (const kind of ['adam', 'momentum'] as const) {
    const recipe = { optimizer: kind, momentum: 0.9, weightDecay: 0.01 } as TrainingRecipe;
    const optimizer = new Optimizer(recipe);
    const start = { 'conv/w': values(12), 'conv/gamma': values(3) };
    let params = new Map<string, tf.Tensor>(Object.entries(start).map(([name, v]) => [name, tf.tensor(v, [v.length])]));
    const history: Record<string, number[][]> = { 'conv/w': [], 'conv/gamma': [] };
    const lrs = [0.1, 0.05, 0.02];
    for (const lr of lrs) {
      const grads = new Map<string, tf.Tensor>();
      for (const [name, t] of params) {
        const g = values(t.size);
        history[name]!.push(g);
        grads.set(name, tf.tensor(g, t.shape));
      }
      params = optimizer.step(params, grads, lr);
    }
    for (const [name, t] of params) {
      const expected = reference(kind, 0.9, 0.01, name.endsWith('/w'), start[name as keyof typeof start], history[name]!, lrs);
      const got = t.dataSync();
      expected.forEach((e, i) => assert.ok(Math.abs(got[i]! - e) < 1e-5, `${kind} ${name}[${i}]: ${got[i]} vs ${e}`));
    }
    optimizer.dispose();
  }
});
