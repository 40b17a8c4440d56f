import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findUpwards, hereDir } from '../../services/locate.ts';
import { openServices, print, UsageError } from '../context.ts';
import { runCommand } from './run.ts';

export const DEMO_USAGE = `archwalk demo [--csv NB201.csv]                   import NAS-Bench-201 if needed, then compare the searchers on it`;

const BENCHMARK = 'nb201-cifar10';

/** Where a NAS-Bench-201 CSV may already be: the option, ARCHWALK_NB201_CSV, or the lab's shared data folder. */
function findNb201Csv(explicit: string | undefined): string | null {
  const candidates = [explicit, process.env.ARCHWALK_NB201_CSV];
  const shared = findUpwards(process.cwd(), ['../shared/benchmark-data/nb201/cifar10_avg.csv', 'shared/benchmark-data/nb201/cifar10_avg.csv']);
  candidates.push(shared ?? undefined);
  return candidates.find((c): c is string => c !== undefined && existsSync(c)) ?? null;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { csv: { type: 'string' } } });
  const services = await openServices();
  try {
    if (!services.store.getBenchmark(BENCHMARK)) {
      const csv = findNb201Csv(values.csv);
      if (!csv) {
        throw new UsageError(
          `the demo needs the NAS-Bench-201 CIFAR-10 table (cifar10_avg.csv from the NAS-Landscapes data); pass it with --csv FILE or ARCHWALK_NB201_CSV`,
        );
      }
      const info = await services.api.importBenchmark({ kind: 'nb201', path: resolve(csv), name: BENCHMARK });
      print(`imported ${info.name} from ${csv} (${info.size} architectures)`);
    }
  } finally {
    await services.close();
  }
  const config = findUpwards(hereDir(import.meta.url), ['resources/examples/nb201-baselines.yaml']);
  if (!config) throw new UsageError('cannot find resources/examples/nb201-baselines.yaml beside archwalk');
  print(`running ${config} (${dirname(config)})`);
  return runCommand([config]);
}
