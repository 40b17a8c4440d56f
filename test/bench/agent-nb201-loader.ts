/** Benchmark loader for actor worker threads in the agent benches: the real NB201 CIFAR-10 table. */
import { realNb201 } from '../helpers/nb201.ts';
import type { Nb201TableBenchmark } from '../../src-main/nas/benchmarks/nb201/table.ts';

export function loadNb201(): Nb201TableBenchmark {
  return realNb201();
}
