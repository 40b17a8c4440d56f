/**
 * NB101 hashing throughput. Run: node test/bench/nb101-hash.ts [--runs=7] [--cells=20000]
 *
 *  - unique cells: the official hash over cells drawn uniformly from the 423,624 unique
 *    cells, no memo (every hash computed): fast path, and the node:crypto reference;
 *  - neighbourhood candidates: the raw valid candidates of 'paper' and 'naslib'
 *    neighbourhoods along random walks (duplicates included, as neighbours() meets
 *    them), hashed cold and through a fresh HashMemo (what neighbours() does).
 * Rates use CPU time (process.cpuUsage) so other work on the machine skews them less;
 * wall-clock rates are printed too.
 */
import { Rng } from '../../src-main/nas/rng.ts';
import type { NeighbourRules } from '../../src-main/nas/spaces/types.ts';
import {
  cellToGraph,
  enumerateNb101,
  forEachCandidate,
  graphToCell,
  hashGraph,
  hashGraphReference,
  HashMemo,
  nb101Space,
  pruneValid,
  type CellGraph,
} from '../../src-main/nas/spaces/nb101/index.ts';
import { md5EngineKind } from '../../src-main/nas/spaces/nb101/hash.ts';
import { argInt, fmt, median } from './nb101-util.ts';

const runs = argInt('runs', 7);
const cellCount = argInt('cells', 20000);
const rng = new Rng(2024);

function measure(label: string, items: number, fn: () => void): void {
  fn(); // warm-up (JIT)
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t) / 1e9);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1e6);
  }
  console.log(`${label.padEnd(50)} ${fmt(items / median(cpu)).padStart(9)} /s cpu   ${fmt(items / median(wall)).padStart(9)} /s wall   (median of ${runs}, ${items} items)`);
}

// Uniform over unique cells: enumerate the classes (no hashing, <1 s), then draw.
const all: CellGraph[] = [];
enumerateNb101({ hashes: false, onCell: (g) => all.push(g) });
const cells = Array.from({ length: cellCount }, () => all[rng.int(all.length)] as CellGraph);
const meanVertices = cells.reduce((s, g) => s + g.n, 0) / cells.length;
console.log(`node ${process.version}, md5 engine: ${md5EngineKind}; ${cells.length} cells drawn uniformly from all ${all.length} (mean ${meanVertices.toFixed(2)} vertices)`);

measure('hashGraph, unique cells, no memo', cells.length, () => {
  for (const g of cells) hashGraph(g);
});
const few = cells.slice(0, 4000);
measure('hashGraphReference (node:crypto strings)', few.length, () => {
  for (const g of few) hashGraphReference(g);
});

/** Valid raw candidates met along random walks under `rules` (pruned, duplicates kept). */
function walkCandidates(rules: NeighbourRules): { candidates: CellGraph[]; steps: number } {
  const candidates: CellGraph[] = [];
  let steps = 0;
  let cell = graphToCell(all[rng.int(all.length)] as CellGraph);
  while (candidates.length < cellCount) {
    forEachCandidate(cellToGraph(cell), rules, (candidate) => {
      const p = pruneValid(candidate);
      if (p !== null) candidates.push(p);
    });
    const nbhd = nb101Space.neighbours(cell, rules);
    // Restart now and then, so the walk covers the space rather than one region.
    cell = steps % 50 === 49 || nbhd.length === 0 ? graphToCell(all[rng.int(all.length)] as CellGraph) : rng.pick(nbhd).arch;
    steps++;
  }
  return { candidates, steps };
}

for (const rules of ['paper', 'naslib'] as const) {
  const { candidates, steps } = walkCandidates(rules);
  const meanN = candidates.reduce((s, g) => s + g.n, 0) / candidates.length;
  measure(`${rules} walk candidates, no memo`, candidates.length, () => {
    for (const g of candidates) hashGraph(g);
  });
  let hitRate = 0;
  measure(`${rules} walk candidates, fresh HashMemo`, candidates.length, () => {
    const memo = new HashMemo();
    for (const g of candidates) memo.hash(g);
    hitRate = memo.hits / (memo.hits + memo.misses);
  });
  console.log(`  (${steps} walk steps, mean ${meanN.toFixed(2)} vertices, memo hit rate ${(100 * hitRate).toFixed(1)} %)`);
}
