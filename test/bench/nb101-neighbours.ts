/**
 * NB101 neighbourhood generation throughput per rule set.
 * Run: node test/bench/nb101-neighbours.ts [--runs=7] [--steps=2000]
 *
 * A random walk (restarting from a uniformly drawn unique cell every 50 steps) calls
 * space.neighbours(cell, rules) at each step. Each run uses a fresh space, so the hash
 * memo starts empty (cold) and fills as the walk goes, as in a real search. Reported:
 * neighbourhoods/s and neighbour cells/s (the cells returned, after pruning, validation
 * and deduplication), on CPU time; also a run with the memo disabled.
 */
import { Rng } from '../../src-main/nas/rng.ts';
import type { NeighbourRules } from '../../src-main/nas/spaces/types.ts';
import { createNb101Space, enumerateNb101, graphToCell, HashMemo, type CellGraph, type Nb101Cell } from '../../src-main/nas/spaces/nb101/index.ts';
import { argInt, fmt, median } from './nb101-util.ts';

const runs = argInt('runs', 7);
const steps = argInt('steps', 2000);
const all: CellGraph[] = [];
enumerateNb101({ hashes: false, onCell: (g) => all.push(g) });

function walk(rules: NeighbourRules, memoLimit: number): { cells: number; hits: number; lookups: number } {
  const space = createNb101Space(new HashMemo(memoLimit));
  const rng = new Rng(99);
  let cell: Nb101Cell = graphToCell(all[rng.int(all.length)] as CellGraph);
  let cells = 0;
  for (let s = 0; s < steps; s++) {
    const nbhd = space.neighbours(cell, rules);
    cells += nbhd.length;
    cell = s % 50 === 49 || nbhd.length === 0 ? graphToCell(all[rng.int(all.length)] as CellGraph) : rng.pick(nbhd).arch;
  }
  return { cells, hits: space.memo.hits, lookups: space.memo.hits + space.memo.misses };
}

console.log(`node ${process.version}; ${steps} walk steps per run, median of ${runs} runs (CPU time)`);
for (const rules of ['paper', 'naslib'] as const) {
  for (const memoLimit of [1 << 18, 0]) {
    walk(rules, memoLimit); // warm-up
    const seconds: number[] = [];
    let result = { cells: 0, hits: 0, lookups: 0 };
    for (let r = 0; r < runs; r++) {
      const c = process.cpuUsage();
      result = walk(rules, memoLimit);
      const u = process.cpuUsage(c);
      seconds.push((u.user + u.system) / 1e6);
    }
    const t = median(seconds);
    const memo = memoLimit === 0 ? 'no memo' : `memo, ${((100 * result.hits) / result.lookups).toFixed(0)} % hits`;
    console.log(
      `${rules.padEnd(7)} ${memo.padEnd(16)} ${fmt(steps / t).padStart(7)} neighbourhoods/s ${fmt(result.cells / t).padStart(9)} neighbour cells/s ` +
        `${fmt(result.lookups / t).padStart(9)} candidate hashes/s  (${(result.cells / steps).toFixed(1)} neighbours each)`,
    );
  }
}
