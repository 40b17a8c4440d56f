/**
 * Enumerates the whole NB101 space and checks the official counts.
 * Run: node test/bench/nb101-enumerate.ts [--runs=3]
 *
 * With official hashes (the definition of "unique") and with canonical keys only.
 */
import { enumerateNb101, NB101_SIZE } from '../../src-main/nas/spaces/nb101/index.ts';
import { md5EngineKind } from '../../src-main/nas/spaces/nb101/hash.ts';
import { argInt, median } from './nb101-util.ts';

const runs = argInt('runs', 3);
const EXPECTED = { 2: 1, 3: 6, 4: 84, 5: 2441, 6: 62010, 7: 359082 };

console.log(`node ${process.version}, md5 engine: ${md5EngineKind}; median of ${runs} runs`);
for (const hashes of [true, false]) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let result = enumerateNb101({ maxVertices: 2, hashes });
  for (let r = 0; r < runs; r++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    result = enumerateNb101({ hashes });
    wall.push(Number(process.hrtime.bigint() - t) / 1e9);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1e6);
  }
  const ok = result.total === NB101_SIZE && JSON.stringify(result.byVertices) === JSON.stringify(EXPECTED) && result.classes === NB101_SIZE;
  console.log(
    `${hashes ? 'official hashes' : 'canonical keys '}  ${median(wall).toFixed(2)} s wall, ${median(cpu).toFixed(2)} s cpu  ` +
      `total ${result.total}, byVertices ${JSON.stringify(result.byVertices)}, ${result.labelledGraphs} labelled graphs visited  ${ok ? 'OK' : 'MISMATCH'}`,
  );
  if (!ok) process.exitCode = 1;
}
