import { readFileSync } from 'node:fs';
import { parseNb201Csv } from '../../src-main/nas/benchmarks/nb201/landscapes.ts';
import { Nb201TableBenchmark, type Nb201Table } from '../../src-main/nas/benchmarks/nb201/table.ts';
import { NB201_CSV } from './data.ts';

let cached: Nb201Table | null = null;

/** The real NB201 CIFAR-10 table, parsed once per test process. */
export function realNb201(): Nb201TableBenchmark {
  cached ??= parseNb201Csv(readFileSync(NB201_CSV, 'utf8'));
  return new Nb201TableBenchmark('nb201-cifar10', cached);
}

export function realNb201Csv(): string {
  return readFileSync(NB201_CSV, 'utf8');
}
