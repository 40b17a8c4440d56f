import { readFileSync } from 'node:fs';
import { countParameters } from './src-main/nas/live/nb101-network.ts';
import { cellToGraph } from './src-main/nas/spaces/nb101/index.ts';
const d = JSON.parse(readFileSync('/work/shared/benchmark-data/nb101/nb101_dummy.json', 'utf8'));
let ok = 0, bad = 0;
for (const [h, r] of Object.entries<any>(d)) {
  const f = r.fixed_metrics;
  const n = countParameters(cellToGraph({ matrix: f.module_adjacency, ops: f.module_operations }), { height: 32, width: 32, channels: 3, classes: 10, stemChannels: 128, stacks: 3, cellsPerStack: 3 });
  if (n === f.trainable_parameters) ok++; else { bad++; if (bad < 4) console.log(h, n, f.trainable_parameters, f.module_operations.join(',')); }
}
console.log('ok', ok, 'bad', bad);
