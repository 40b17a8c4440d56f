/**
 * NB301 throughput: YAHPO surrogate queries (single, same-tick micro-batched, explicit
 * batches, cached) and neighbourhood work (all 120 with hashes, a sampled 16 with tokens).
 * Run: node test/bench/nb301-query.ts [--n=2000] [--runs=5]
 *
 * Queries always ask for distinct, uncached genotypes unless the line says "cached".
 * Times are wall-clock (the ONNX runtime is asynchronous), median of the runs.
 */
import { join } from 'node:path';
import { importNb301Yahpo, loadNb301Yahpo } from '../../src-main/nas/benchmarks/nb301/yahpo.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { nb301Space, type Nb301Genotype } from '../../src-main/nas/spaces/nb301/index.ts';
import { BENCHMARK_DATA, skipWithout, tempDir } from '../helpers/data.ts';

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : fallback;
}
const n = arg('n', 2000);
const runs = arg('runs', 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));

async function rate(label: string, count: number, body: (run: number) => Promise<void> | void): Promise<void> {
  await body(-1); // warm-up
  const seconds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await body(r);
    seconds.push((performance.now() - t) / 1000);
  }
  console.log(`${label.padEnd(48)} ${fmt(count / median(seconds)).padStart(10)} /s`);
}

const sample = (seed: number, count: number): Nb301Genotype[] => {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => nb301Space.sample(rng));
};

console.log(`node ${process.version}; ${n} genotypes per measurement, median of ${runs} runs`);

const onnx = join(BENCHMARK_DATA, 'nb301', 'new_model.onnx');
const missing = skipWithout(onnx);
if (missing) {
  console.log(`YAHPO: skipped, ${missing}`);
} else {
  const tmp = tempDir('archwalk-nb301-bench-');
  try {
    await importNb301Yahpo(onnx, join(BENCHMARK_DATA, 'nb301', 'encoding.json'), tmp.path);
    // A fresh benchmark (empty cache) per run, archs fresh per run too.
    const fresh = () => loadNb301Yahpo(tmp.path, 'bench');
    const rng = new Rng(0);
    const single = async (r: number): Promise<void> => {
      const b = fresh();
      await b.ready();
      for (const g of sample(1000 + r, n)) await b.query(g, { rng });
      await b.close();
    };
    console.log('YAHPO surrogate (onnxruntime-web, wasm, 1 thread):');
    await rate('  single queries, one awaited at a time', n, single);
    await rate('  single queries, all issued in one tick', n, async (r) => {
      const b = fresh();
      await b.ready();
      await Promise.all(sample(2000 + r, n).map((g) => b.query(g, { rng })));
      await b.close();
    });
    for (const size of [16, 64, 256, 1024]) {
      await rate(`  queryBatch of ${size}`, n, async (r) => {
        const b = fresh();
        await b.ready();
        const archs = sample(3000 + r, n);
        for (let i = 0; i < archs.length; i += size) await b.queryBatch(archs.slice(i, i + size));
        await b.close();
      });
    }
    const cached = fresh();
    const archs = sample(4000, n);
    await cached.queryBatch(archs);
    await rate('  cached queries (hash lookup)', n, async () => {
      for (const g of archs) await cached.query(g, { rng });
    });
    await cached.close();
  } finally {
    tmp.cleanup();
  }
}

console.log('Neighbourhoods:');
const walkStart = sample(5, 1)[0]!;
await rate('  neighbours(): all 120 + hash of each', n, () => {
  let g = walkStart;
  const r = new Rng(1);
  for (let i = 0; i < n; i++) {
    const nbhd = nb301Space.neighbours(g);
    for (const x of nbhd) nb301Space.hash(x.arch);
    g = nbhd[r.int(nbhd.length)]!.arch;
  }
});
await rate('  sampleNeighbours(16) + hash + token of each', n, () => {
  let g = walkStart;
  const r = new Rng(2);
  for (let i = 0; i < n; i++) {
    const nbhd = nb301Space.sampleNeighbours(g, 16, r);
    for (const x of nbhd) {
      nb301Space.hash(x.arch);
      nb301Space.encode(x.arch);
    }
    g = nbhd[0]!.arch;
  }
});
const many = sample(6, n);
await rate('  hash', n, () => {
  for (const g of many) nb301Space.hash(g);
});
await rate('  encode (462-float token)', n, () => {
  for (const g of many) nb301Space.encode(g);
});
