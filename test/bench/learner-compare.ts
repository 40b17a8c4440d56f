/**
 * archwalk's learner step against the same Q-network and step in PyTorch, side by side, one
 * thread each (issue 15): the full Learner.step of each preset at B = 64 — a prioritized
 * sample, online and target Q of the next observations, double-DQN targets, the weighted
 * Huber loss through the dueling head, forward and backward with the preset's dropout, Adam
 * with global-norm clipping and the priority update.
 *
 * PyTorch runs in a child process (test/bench/learner_step_torch.py) on the transitions this
 * script collects from random walks, starts from archwalk's initial weights and checks that its
 * Q-values equal archwalk's on the same observations (the banner prints the largest difference). Rounds are paired: each
 * round alternates `--steps` archwalk steps with as many PyTorch steps, one by one; the ratio of
 * the round's medians is taken per round and the median reported, so load from other processes
 * hits both sides alike. GFLOP/s counts
 * the matrix products of one step (two eval forwards of the next observations, one training
 * forward, its backward at twice the forward: 5 forwards) against the single-thread OpenBLAS
 * sgemm the Python side measures after every round (the machine's practical ceiling: the best
 * rate seen, since other processes share the cores).
 *
 * Debian's python3-torch picks BLAS through the libblas.so.3 alternative; python-twin.ts puts
 * OpenBLAS first on LD_LIBRARY_PATH, and the banner prints which BLAS was mapped.
 *
 *   node test/bench/learner-compare.ts [--presets cpu-small,paper-nb101] [--rounds 5]
 *       [--steps cpu-small=10,paper-nb101=2] [--batch 64] [--python /usr/bin/python3]
 */
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Learner, networkShape } from '../../src-main/nas/agent/learner.ts';
import { packObservations, sliceBatch } from '../../src-main/nas/agent/observation.ts';
import { forwardFlops } from '../../src-main/nas/agent/q-network.ts';
import { selectBackend } from '../../src-main/nas/ml/backend.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { AGENT_PRESETS, type AgentPresetName } from '#shared/agent-presets.ts';
import { REPO_ROOT, tempDir } from '../helpers/data.ts';
import { filledReplay, spaceFor } from './agent-workloads.ts';
import { median, startPythonTwin } from './python-twin.ts';

const { values } = parseArgs({
  options: {
    presets: { type: 'string', default: 'cpu-small,paper-nb101' },
    rounds: { type: 'string', default: '5' },
    steps: { type: 'string', default: 'cpu-small=10,paper-nb101=2,paper-nb301=1' },
    batch: { type: 'string', default: '64' },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
});
const rounds = Number(values.rounds);
const BATCH = Number(values.batch);
const stepsOf = new Map(values.steps!.split(',').map((kv) => kv.split('=') as [string, string]).map(([k, v]) => [k, Number(v)]));
const TARGETS: Record<string, number> = { 'cpu-small': 1.6, 'paper-nb101': 2 };

const choice = await selectBackend({ prefer: 'wasm' });
if (choice.name !== 'wasm') throw new Error(`needs the wasm backend, got ${choice.description}`);
console.log(`archwalk: node ${process.version}, tfjs ${choice.description}, 1 thread`);

const summary: string[] = [];
for (const preset of values.presets!.split(',') as AgentPresetName[]) {
  const base = AGENT_PRESETS[preset];
  if (!base) throw new Error(`unknown preset ${preset}`);
  const steps = stepsOf.get(preset) ?? 2;
  const hyper = { ...base, batchSize: BATCH, replayWarmup: BATCH };
  const workload = await spaceFor(preset);
  const rng = new Rng(1);
  const size = 4 * BATCH;
  const { replay, transitions } = await filledReplay(workload, hyper, size, rng);
  const learner = new Learner(hyper, workload.space.encodingSize, rng);
  const shape = networkShape(hyper, workload.space.encodingSize);
  const flops = 5 * forwardFlops(shape, BATCH);

  const tmp = tempDir('archwalk-learner-compare-');
  const obs = packObservations(transitions.map((t) => t.obs), hyper.maxNeighbours, shape.encodingSize);
  const next = packObservations(transitions.map((t) => t.next), hyper.maxNeighbours, shape.encodingSize);
  const arrays: Record<string, Float32Array | Int32Array> = {
    'obs.f32': obs.data,
    'next.f32': next.data,
    'obsCounts.i32': obs.counts,
    'nextCounts.i32': next.counts,
    'actions.i32': Int32Array.from(transitions, (t) => t.action),
    'rewards.f32': Float32Array.from(transitions, (t) => t.reward),
    'discounts.f32': Float32Array.from(transitions, (t) => t.discount),
  };
  // The twin loads these weights first and checks its Q-values against archwalk's: same model, not just the same size.
  const weights = learner.online.getWeights();
  arrays['weights.f32'] = Float32Array.from(weights.data.flatMap((d) => Array.from(d)));
  arrays['q.f32'] = learner.online.qValues(sliceBatch(next, 0, BATCH));
  for (const [name, data] of Object.entries(arrays)) writeFileSync(join(tmp.path, name), data);
  const meta = {
    size,
    shape,
    hyper,
    parameters: learner.online.params.count(),
    weights: weights.names.map((name, i) => ({ name, shape: weights.shapes[i] })),
    arrays: Object.fromEntries(Object.keys(arrays).map((n) => [n, n.slice(-3)])),
  };
  writeFileSync(join(tmp.path, 'meta.json'), JSON.stringify(meta));

  const torch = await startPythonTwin(values.python!, join(REPO_ROOT, 'test/bench/learner_step_torch.py'), [tmp.path], 'python3-torch');
  let ceiling = Number(/sgemm 1024³: ([\d.]+)/.exec(torch.banner)?.[1]);
  const archwalkStep = (): number => {
    const started = performance.now();
    learner.step(replay, rng);
    return performance.now() - started;
  };
  /** `n` steps of each side, alternating one by one so both see the same load; the two medians. */
  const pairedRound = async (n: number): Promise<{ ours: number; theirs: number }> => {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < n; i++) {
      ours.push(archwalkStep());
      theirs.push(...(await torch.times('STEPS 1')));
    }
    return { ours: median(ours), theirs: median(theirs) };
  };
  console.log(`\n${preset} (${workload.note}): ${meta.parameters} parameters, B = ${BATCH}, T = ${shape.maxNeighbours + 1}, d = ${shape.latentDim}, ${(flops / 1e9).toFixed(3)} GFLOP per step`);
  console.log(`PyTorch:  ${torch.banner}`);
  await pairedRound(2); // warm-up: kernel set-up, allocations
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const { ours: a, theirs: t } = await pairedRound(steps);
    ours.push(a);
    theirs.push(t);
    ratios.push(a / t);
    // The machine is shared: the ceiling is the best sgemm rate seen over the rounds.
    ceiling = Math.max(ceiling, Number(await torch.request('SGEMM')));
    console.log(`  round ${r + 1}: archwalk ${a.toFixed(2)} ms, PyTorch ${t.toFixed(2)} ms, ratio ${(a / t).toFixed(2)}×`);
  }
  torch.close();
  learner.dispose();
  tmp.cleanup();
  const gflops = (ms: number): number => flops / ms / 1e6;
  const [mo, mt, mr] = [median(ours), median(theirs), median(ratios)];
  const line =
    `${preset.padEnd(12)} archwalk ${mo.toFixed(1).padStart(8)} ms (${gflops(mo).toFixed(1)} GFLOP/s, ${((100 * gflops(mo)) / ceiling).toFixed(0)}%)  ` +
    `PyTorch ${mt.toFixed(1).padStart(7)} ms (${gflops(mt).toFixed(1)} GFLOP/s, ${((100 * gflops(mt)) / ceiling).toFixed(0)}%)  ratio ${mr.toFixed(2)}×${TARGETS[preset] ? ` (target ≤ ${TARGETS[preset]}×)` : ''}`;
  summary.push(line);
  console.log(`median of ${rounds} paired rounds (${steps} steps each): ${line}; ceiling ${ceiling.toFixed(1)} GFLOP/s`);
}
console.log(`\nlearner step, B = ${BATCH}, median of ${rounds} paired rounds (% of the single-thread sgemm ceiling):`);
for (const line of summary) console.log(`  ${line}`);
tf.disposeVariables();
