/**
 * Agent speed on this machine: learner samples/s and actor steps/s for each preset, the
 * achieved GFLOP/s of a learner step (matrix-product FLOPs counted by the patched kernels)
 * against the plain wasm matMul rate, and what that means for the paper's training length.
 *
 *   node test/bench/agent-speed.ts [--presets cpu-small,paper-nb101,paper-nb301]
 *       [--seconds 20] [--max-batch 64] [--backend auto|wasm|cpu]
 *
 * Paper presets use B = 512 and d = 256/512: one step at full batch takes minutes here and
 * does not fit in memory for NB301, so the learner is timed at a smaller batch
 * (`--max-batch`) and samples/s is reported at that batch (a step's cost is linear in B).
 * NB101/NB301 actors walk the real spaces with a synthetic, constant-time benchmark (the
 * full tables are not available here); cpu-small uses the real NB201 table when present.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { ActorGroup, actorRngs } from '../../src-main/nas/agent/actors.ts';
import type { AgentPresetName } from '#shared/agent-presets.ts';
import { Learner } from '../../src-main/nas/agent/learner.ts';
import { AGENT_PRESETS } from '#shared/agent-presets.ts';
import { forwardFlops } from '../../src-main/nas/agent/q-network.ts';
import { selectBackend, type BackendPreference } from '../../src-main/nas/ml/backend.ts';
import { matMulCounter, resetMatMulCounter } from '../../src-main/nas/ml/wasm-kernels.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { filledReplay, spaceFor } from './agent-workloads.ts';

const { values } = parseArgs({
  options: {
    presets: { type: 'string', default: 'cpu-small,paper-nb101,paper-nb301' },
    seconds: { type: 'string', default: '20' },
    'max-batch': { type: 'string', default: '64' },
    backend: { type: 'string', default: 'auto' },
  },
});
const seconds = Number(values.seconds);
const maxBatch = Number(values['max-batch']);
const backend = await selectBackend({ prefer: values.backend as BackendPreference });
console.log(`backend: ${backend.description}`);

function plainRate(m: number, k: number, n: number): number {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  for (let i = 0; i < 3; i++) tf.matMul(a, b).dispose();
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1500 || reps < 3) {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
    reps++;
  }
  const ms = (performance.now() - t0) / reps;
  a.dispose();
  b.dispose();
  return (2 * m * k * n) / ms / 1e6;
}

const peak = plainRate(512, 512, 512);
console.log(`plain matMul 512×512×512: ${peak.toFixed(1)} GFLOP/s`);

interface Row {
  preset: string;
  note: string;
  batch: number;
  stepMs: number;
  samplesPerS: number;
  gflops: number;
  shapeRate: number;
  actorStepsPerS: number;
  params: number;
}
const rows: Row[] = [];

for (const preset of values.presets.split(',') as AgentPresetName[]) {
  const base = AGENT_PRESETS[preset];
  const batch = Math.min(base.batchSize, maxBatch);
  const hyper = { ...base, batchSize: batch, replayWarmup: batch };
  const workload = await spaceFor(preset);
  const { space, benchmark, note } = workload;
  const rng = new Rng(1);

  const { replay } = await filledReplay(workload, hyper, 4 * batch, rng);

  const learner = new Learner(hyper, space.encodingSize, rng);
  learner.step(replay, rng);
  resetMatMulCounter();
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 500 || steps < 2) {
    learner.step(replay, rng);
    steps++;
  }
  const stepMs = (performance.now() - t0) / steps;
  const gflops = matMulCounter.flops / steps / stepMs / 1e6;
  const expected = 5 * forwardFlops({ ...hyper, encodingSize: space.encodingSize }, batch);
  if (Math.abs(matMulCounter.flops / steps - expected) > 0.05 * expected && backend.name === 'wasm') {
    console.log(`  note: counted ${(matMulCounter.flops / steps / 1e9).toFixed(2)} GFLOP/step, model says ${(expected / 1e9).toFixed(2)}`);
  }
  const params = learner.online.params.count();
  const weights = learner.online.getWeights();
  learner.dispose();
  const rows0 = batch * (hyper.maxNeighbours + 1);
  const shapeRate = plainRate(rows0, hyper.latentDim, hyper.latentDim);

  // Actors: K actors in one thread with batched inference.
  const group = new ActorGroup({
    space,
    benchmark,
    hyper,
    indices: Array.from({ length: hyper.actors }, (_, i) => i),
    totalActors: hyper.actors,
    weights,
    rngs: actorRngs(hyper.actors, new Rng(2)),
    fetchWeights: () => weights,
  });
  await group.step();
  const a0 = performance.now();
  const envBefore = group.envSteps;
  while (performance.now() - a0 < seconds * 500) await group.step();
  const actorStepsPerS = (group.envSteps - envBefore) / ((performance.now() - a0) / 1000);
  group.dispose();

  rows.push({ preset, note, batch, stepMs, samplesPerS: (batch * 1000) / stepMs, gflops, shapeRate, actorStepsPerS, params });
  console.log(
    `${preset}: ${params} parameters, B=${batch}${batch < base.batchSize ? ` (preset ${base.batchSize})` : ''}: ${stepMs.toFixed(0)} ms/step, ` +
      `${((batch * 1000) / stepMs).toFixed(0)} samples/s, ${gflops.toFixed(1)} GFLOP/s (plain ${rows0}×${hyper.latentDim}×${hyper.latentDim}: ${shapeRate.toFixed(1)}); ` +
      `actors (K=${hyper.actors}, one thread): ${actorStepsPerS.toFixed(0)} env steps/s [${note}]`,
  );
}

console.log('\npreset        B     ms/step  samples/s  GFLOP/s  %512³  %shape  actor steps/s  full-B step    1M steps at full B');
for (const r of rows) {
  const base = AGENT_PRESETS[r.preset as AgentPresetName];
  const fullStep = (r.stepMs * base.batchSize) / r.batch / 1000;
  const days = (fullStep * 1e6) / 86400;
  console.log(
    `${r.preset.padEnd(12)} ${String(r.batch).padStart(4)} ${r.stepMs.toFixed(0).padStart(10)} ${r.samplesPerS.toFixed(0).padStart(10)} ${r.gflops.toFixed(1).padStart(8)} ` +
      `${((100 * r.gflops) / peak).toFixed(0).padStart(5)}% ${((100 * r.gflops) / r.shapeRate).toFixed(0).padStart(6)}% ${r.actorStepsPerS.toFixed(0).padStart(14)} ` +
      `${fullStep.toFixed(2).padStart(10)} s ${days.toFixed(1).padStart(12)} days`,
  );
}
console.log(`\nplain wasm matMul (512³): ${peak.toFixed(1)} GFLOP/s. "full-B step" scales the measured step to the preset's batch (cost is linear in B);`);
console.log('"1M steps" is that step time × 10⁶ learner updates (Ape-X-scale training) on one learner thread of this machine.');
