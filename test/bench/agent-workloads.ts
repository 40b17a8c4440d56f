/**
 * The learner workloads the agent benchmarks share (agent-speed.ts, learner-compare.ts): the
 * search space of each preset, with the real NB201 table for cpu-small when present and a
 * constant-time synthetic benchmark elsewhere, and a replay filled from random walks.
 */
import type { AgentHyperparameters } from '../../src-main/nas/agent/contract.ts';
import { ArchEnvironment } from '../../src-main/nas/agent/environment.ts';
import { PrioritizedReplay, type Transition } from '../../src-main/nas/agent/replay.ts';
import type { Benchmark, Metrics } from '../../src-main/nas/benchmarks/types.ts';
import type { Rng } from '../../src-main/nas/rng.ts';
import type { SearchSpace } from '../../src-main/nas/spaces/types.ts';
import { nb101Space } from '../../src-main/nas/spaces/nb101/space.ts';
import { nb201Space } from '../../src-main/nas/spaces/nb201/space.ts';
import type { AgentPresetName } from '#shared/agent-presets.ts';
import { NB201_CSV, skipWithout } from '../helpers/data.ts';
import { realNb201 } from '../helpers/nb201.ts';

/** Pseudo-accuracy from the hash, constant time: for timing walks where no full table exists. */
export function syntheticBenchmark<A>(space: SearchSpace<A>): Benchmark<A> {
  return {
    name: `synthetic-${space.name}`,
    space,
    query(arch): Metrics {
      const h = space.hash(arch);
      let x = 0;
      for (let i = 0; i < h.length; i++) x = (x * 31 + h.charCodeAt(i)) >>> 0;
      const valid = 0.8 + 0.15 * ((x % 1000) / 1000);
      return { valid, test: valid, cost: 0 };
    },
  };
}

export interface PresetWorkload {
  space: SearchSpace<unknown>;
  benchmark: Benchmark<unknown>;
  /** What the accuracies come from, for the report. */
  note: string;
}

export async function spaceFor(preset: AgentPresetName): Promise<PresetWorkload> {
  if (preset === 'cpu-small') {
    if (!skipWithout(NB201_CSV)) return { space: nb201Space as SearchSpace<unknown>, benchmark: realNb201() as Benchmark<unknown>, note: 'NB201 table' };
    return { space: nb201Space as SearchSpace<unknown>, benchmark: syntheticBenchmark(nb201Space) as Benchmark<unknown>, note: 'NB201 synthetic' };
  }
  if (preset === 'paper-nb101') return { space: nb101Space as SearchSpace<unknown>, benchmark: syntheticBenchmark(nb101Space) as Benchmark<unknown>, note: 'NB101 space, synthetic accuracies' };
  const { nb301Space } = await import('../../src-main/nas/spaces/nb301/index.ts');
  return { space: nb301Space as SearchSpace<unknown>, benchmark: syntheticBenchmark(nb301Space) as Benchmark<unknown>, note: 'NB301 space, synthetic accuracies' };
}

/** A replay of `size` one-step transitions of random walks (its capacity is `size`), and the transitions themselves. */
export async function filledReplay(workload: PresetWorkload, hyper: AgentHyperparameters, size: number, rng: Rng): Promise<{ replay: PrioritizedReplay; transitions: Transition[] }> {
  const { space, benchmark } = workload;
  const replay = new PrioritizedReplay({ capacity: size, maxNeighbours: hyper.maxNeighbours, encodingSize: space.encodingSize, priorityExponent: hyper.priorityExponent });
  const env = new ArchEnvironment({ space, benchmark, maxNeighbours: hyper.maxNeighbours, episodeLength: hyper.episodeLength, rewardAlpha: hyper.rewardAlpha, rewardRepeat: 'mean', rng });
  const transitions: Transition[] = [];
  let obs = await env.reset();
  while (replay.size < size) {
    const action = rng.int(obs.count);
    const result = await env.step(action);
    const t = { obs, action, reward: result.reward, discount: hyper.gamma, next: result.obs };
    replay.add(t, rng.next());
    transitions.push(t);
    obs = result.truncated ? await env.reset() : result.obs;
  }
  return { replay, transitions };
}
