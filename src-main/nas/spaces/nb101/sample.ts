/**
 * NASLib's sample_random_architecture for NB101: draw every upper-triangular entry of a
 * 7×7 matrix as a fair coin and every interior op uniformly, keep the draw when the
 * official API accepts it (after pruning: input reaches output, ≤ 9 edges), else redraw.
 *
 * This is uniform over valid 7-vertex *specs* (matrix + ops as drawn, unpruned), not over
 * the 423,624 unique cells: cells with many equivalent layouts (isomorphic copies,
 * dangling vertices) come up more often, and it is strongly skewed to small cells — fair
 * coins give ~10.5 raw edges, so most accepted draws are ones that pruning cut below 10
 * (measured: ~10 % prune to 2 vertices, ~0.25 % keep all 7, while 85 % of unique cells
 * have 7). That is the NASLib baseline's behaviour, kept on purpose for comparability.
 * For uniform over unique cells sample from a table (Nb101TableBenchmark.sample). The
 * returned cell is the unpruned draw, as NASLib keeps it.
 */
import type { Rng } from '../../rng.ts';
import { graphToCell, type CellGraph, type Nb101Cell } from './matrix.ts';
import { LABEL_INPUT, LABEL_OUTPUT, NB101_MAX_VERTICES } from './ops.ts';
import { pruneValid } from './prune.ts';

const V = NB101_MAX_VERTICES;

export function sampleGraph(rng: Rng): CellGraph {
  // About 3 draws in 4 are valid; the bound only guards against a broken Rng.
  for (let attempt = 0; attempt < 100_000; attempt++) {
    // 21 fair coins from one 32-bit draw, consumed row by row.
    let bits = rng.nextUint32();
    const out = new Array<number>(V).fill(0);
    for (let i = 0; i < V - 1; i++) {
      for (let j = i + 1; j < V; j++) {
        if (bits & 1) out[i] = (out[i] as number) | (1 << j);
        bits >>>= 1;
      }
    }
    const labels = [LABEL_INPUT];
    for (let v = 1; v < V - 1; v++) labels.push(rng.int(3));
    labels.push(LABEL_OUTPUT);
    const g: CellGraph = { n: V, out, labels };
    if (pruneValid(g) !== null) return g;
  }
  throw new Error('NAS-Bench-101 sampling found no valid cell in 100,000 draws; is the Rng constant?');
}

export function sampleCell(rng: Rng): Nb101Cell {
  return graphToCell(sampleGraph(rng));
}
