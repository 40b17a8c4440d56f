/**
 * `archwalk demo`: the main job end to end on a fresh machine, as a transfer study on the
 * NAS-Bench-201 12-epoch tables that ship with archwalk (registered in every new home): train a
 * `cpu-small` agent for a few minutes on CIFAR-10, then compare it with random search, random
 * walk, local search and regularized evolution at equal query budgets on CIFAR-10 (in-sample:
 * its training already queried that table) and on CIFAR-100 and ImageNet16-120 (held out),
 * print one table per benchmark with its label and write an HTML report of both experiments.
 *
 * `--benchmark NAME` runs the older single-table demo on NAME (e.g. nb101-5v-fmnist): trained
 * and compared on the same table, so every agent number is labelled in-sample.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EMBEDDED_NB101 } from '../../services/embedded.ts';
import { findUpwards } from '../../nas/io/locate.ts';
import type { Services } from '../../services/index.ts';
import { openServices, print, UsageError } from '../context.ts';
import { executeExperiment } from './run.ts';

export const DEMO_USAGE = `archwalk demo [--minutes 3] [--seeds 20] [--budget 100] [--out REPORT.html]
              [--benchmark nb101-5v-fmnist|nb201-cifar10|NAME] [--csv NB201.csv]
                                                  the main job: train a cpu-small agent on NB201 CIFAR-10 (12 epochs),
                                                  compare it with the baselines there (in-sample) and on CIFAR-100 and
                                                  ImageNet16-120 (held out); --benchmark: train and compare on one table`;

/** The transfer study's tables: the agent trains on the first; the others are held out. */
export const DEMO_TRAIN = 'nb201-12ep-cifar10';
export const DEMO_TARGETS = [DEMO_TRAIN, 'nb201-12ep-cifar100', 'nb201-12ep-imagenet16'] as const;
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

/** Makes sure the demo's tables are registered (importing nb201-cifar10 from a CSV where a home lacks it). */
async function ensureBenchmarks(services: Services, names: readonly string[], csv: string | undefined): Promise<void> {
  for (const name of names) {
    if (services.store.getBenchmark(name)) continue;
    if (name !== NB201) {
      const shipped = (DEMO_TARGETS as readonly string[]).includes(name) || name === EMBEDDED_NB101;
      throw new UsageError(
        shipped
          ? `the shipped benchmark ${name} is not registered in ${services.home.root} (it is offered once to a new home; removed benchmarks stay removed): use a new ARCHWALK_HOME`
          : `there is no benchmark named ${name}; import it first (archwalk benchmark import …)`,
      );
    }
    const file = findNb201Csv(csv);
    if (!file) throw new UsageError('the NB201 demo needs the NAS-Bench-201 CIFAR-10 table (cifar10_avg.csv of the NAS-Landscapes data); pass it with --csv FILE or ARCHWALK_NB201_CSV');
    const info = await services.api.importBenchmark({ kind: 'nb201', path: resolve(file), name });
    print(`imported ${info.name} from ${file} (${info.size} architectures)`);
  }
}

function trainConfig(agent: string, benchmark: string, minutes: number): string {
  return `kind: train-agent
name: demo — train ${agent}
benchmark: ${JSON.stringify(benchmark)}
seeds: [0]
agent:
  name: ${agent}
  preset: cpu-small
  budget: { minutes: ${minutes} }
`;
}

function compareConfig(agent: string, targets: readonly string[], budget: number, seeds: number, searchers: readonly string[]): string {
  return `name: demo — ${agent} against the baselines${targets.length > 1 ? ' (transfer study)' : ''}
benchmarks: ${JSON.stringify(targets)}
budget: ${budget}
seeds: ${seeds}
searchers:
  - { kind: agent, checkpoint: ${agent} }
${searchers.map((s) => `  - ${s}`).join('\n')}
`;
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
      benchmark: { type: 'string' },
    },
  });
  const single = values.benchmark;
  const train = single ?? DEMO_TRAIN;
  const targets: readonly string[] = single ? [single] : DEMO_TARGETS;
  // The single-table demo keeps its three baselines; the transfer study adds regularized evolution.
  const baselines = single ? ['random-search', 'random-walk', 'local-search'] : ['random-search', 'random-walk', 'local-search', 'regularized-evolution'];
  // One agent per training table, named after it: an agent trained on one table is never
  // silently reused as if it had been trained on another.
  const agent = `demo-agent-${train}`;
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
    await ensureBenchmarks(services, [...new Set([train, ...targets])], values.csv);
    const experiments: number[] = [];
    if (services.store.getAgent(agent)) {
      print(`agent ${agent} is already trained in this ARCHWALK_HOME; comparing it again (remove the folder to train anew)`);
    } else {
      print(`training agent ${agent} (cpu-small) for ${minutes} min on ${train}…`);
      const trained = await executeExperiment(services, trainConfig(agent, train, minutes), 'the demo training config', { json: false });
      if (trained.code !== 0 || trained.experimentId === null) return trained.code || 1;
      experiments.push(trained.experimentId);
    }
    const heldOut = targets.filter((t) => t !== train);
    print(
      `\ncomparing ${agent} with ${baselines.join(', ')}: ${seeds} seeds × ${budget} queries on ${targets.join(', ')}` +
        `\n(${train} is in-sample: the agent's training queried that very table, a cost its search budget does not count${heldOut.length > 0 ? `; ${heldOut.join(' and ')} are held out` : ''})…`,
    );
    const compared = await executeExperiment(services, compareConfig(agent, targets, budget, seeds, baselines), 'the demo comparison config', { json: false });
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
