/**
 * `archwalk demo`: the main job end to end on a fresh machine — train a `cpu-small` agent
 * for a few minutes on the embedded benchmark (nb101-5v-fmnist, registered in every new
 * ARCHWALK_HOME), compare it with random search, random walk and local search over several
 * seeds at equal query budgets, print the comparison and write an HTML report of both
 * experiments. `--benchmark nb201-cifar10` runs the same on NAS-Bench-201 instead
 * (imported from --csv or the lab's shared data when missing).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EMBEDDED_NB101 } from '../../services/embedded.ts';
import { findUpwards } from '../../services/locate.ts';
import { openServices, print, UsageError } from '../context.ts';
import { executeExperiment } from './run.ts';

export const DEMO_USAGE = `archwalk demo [--minutes 3] [--seeds 20] [--budget 100] [--out REPORT.html]
              [--benchmark nb101-5v-fmnist|nb201-cifar10|NAME] [--csv NB201.csv]
                                                  the main job: train a cpu-small agent, compare it with the
                                                  baselines on the embedded benchmark, print the table, write a report`;

const DEFAULT_BENCHMARK = EMBEDDED_NB101;
const NB201 = 'nb201-cifar10';

/** Where a NAS-Bench-201 CSV may already be: the option, ARCHWALK_NB201_CSV, or the lab's shared data folder. */
function findNb201Csv(explicit: string | undefined): string | null {
  const candidates = [explicit, process.env.ARCHWALK_NB201_CSV];
  const shared = findUpwards(process.cwd(), ['../shared/benchmark-data/nb201/cifar10_avg.csv', 'shared/benchmark-data/nb201/cifar10_avg.csv']);
  candidates.push(shared ?? undefined);
  return candidates.find((c): c is string => c !== undefined && existsSync(c)) ?? null;
}

function positive(text: string, option: string, integer: boolean): number {
  const n = Number(text);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new UsageError(`${option} must be a positive ${integer ? 'integer' : 'number'}, got ${text}`);
  return n;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      csv: { type: 'string' },
      minutes: { type: 'string', default: '3' },
      seeds: { type: 'string', default: '20' },
      budget: { type: 'string', default: '100' },
      out: { type: 'string' },
      benchmark: { type: 'string', default: DEFAULT_BENCHMARK },
    },
  });
  const benchmark = values.benchmark;
  // One agent per benchmark, named after it: an agent trained on one table is no searcher for
  // another (and a home from an older archwalk may hold a demo agent trained on NB201).
  const agent = `demo-agent-${benchmark}`;
  const minutes = positive(values.minutes, '--minutes', false);
  const seeds = positive(values.seeds, '--seeds', true);
  const budget = positive(values.budget, '--budget', true);
  const services = await openServices({ autoStart: false });
  const stop = (): void => {
    process.stderr.write('\nstopping the demo: running runs are left interrupted (archwalk runs resume ID)\n');
    void services.close().then(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    if (!services.store.getBenchmark(benchmark)) {
      if (benchmark === DEFAULT_BENCHMARK) {
        throw new UsageError(`the embedded benchmark ${DEFAULT_BENCHMARK} is not registered in ${services.home.root} and this archwalk has no resources/${DEFAULT_BENCHMARK}/table.nb101 to register it from`);
      }
      if (benchmark !== NB201) throw new UsageError(`there is no benchmark named ${benchmark}; import it first (archwalk benchmark import …)`);
      const csv = findNb201Csv(values.csv);
      if (!csv) {
        throw new UsageError('the NB201 demo needs the NAS-Bench-201 CIFAR-10 table (cifar10_avg.csv of the NAS-Landscapes data); pass it with --csv FILE or ARCHWALK_NB201_CSV');
      }
      const info = await services.api.importBenchmark({ kind: 'nb201', path: resolve(csv), name: benchmark });
      print(`imported ${info.name} from ${csv} (${info.size} architectures)`);
    }
    const experiments: number[] = [];
    if (services.store.getAgent(agent)) {
      print(`agent ${agent} is already trained in this ARCHWALK_HOME; comparing it again (remove the folder to train anew)`);
    } else {
      print(`training agent ${agent} (cpu-small) for ${minutes} min on ${benchmark}…`);
      const train = `kind: train-agent
name: demo — train ${agent}
benchmark: ${JSON.stringify(benchmark)}
seeds: [0]
agent:
  name: ${agent}
  preset: cpu-small
  budget: { minutes: ${minutes} }
`;
      const trained = await executeExperiment(services, train, 'the demo training config', { json: false });
      if (trained.code !== 0 || trained.experimentId === null) return trained.code || 1;
      experiments.push(trained.experimentId);
    }
    print(`\ncomparing ${agent} with random search, random walk and local search: ${seeds} seeds × ${budget} queries…`);
    const compare = `name: demo — ${agent} against the baselines
benchmark: ${JSON.stringify(benchmark)}
budget: ${budget}
seeds: ${seeds}
searchers:
  - { kind: agent, checkpoint: ${agent} }
  - random-search
  - random-walk
  - local-search
`;
    const compared = await executeExperiment(services, compare, 'the demo comparison config', { json: false });
    if (compared.experimentId === null) return compared.code || 1;
    experiments.push(compared.experimentId);

    const report = await services.api.exportReport({ targets: experiments.map((id) => `exp:${id}`), format: 'html' });
    const out = resolve(values.out ?? join(services.home.reports, report.filename));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, report.content, report.encoding === 'base64' ? 'base64' : 'utf8');
    print(`\nHTML report: ${out}`);
    return compared.code;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await services.close();
  }
}
