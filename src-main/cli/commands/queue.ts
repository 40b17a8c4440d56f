import { parseArgs } from 'node:util';
import type { RunDetail, RunSummary } from '#shared/api.ts';
import { openServices, parseId, positiveIntOption, print, UsageError } from '../context.ts';
import { percent, table } from '../format.ts';
import { describeSample, labelledSearcher } from '#shared/sample-label.ts';
import type { Services } from '../../services/index.ts';
import { trainedOnText, transferLines } from '../transfer-lines.ts';
import { queueExperiment, readConfigFile } from './run.ts';
import { resolveHome } from '../../services/home.ts';
import { resolveStoreUrl } from '../../services/store-url.ts';
import type { PostgresUrl } from '../../services/postgres/connect.ts';

export const QUEUE_USAGE = `archwalk queue add CONFIG                         queue an experiment (run it with archwalk worker or the app)
archwalk queue list [--json]                      running, paused and waiting runs
archwalk queue cancel ID                          cancel a run
archwalk worker [--concurrency N] [--watch]       process the queue (until empty, or forever with --watch); on a lab store see below
archwalk runs list [--experiment ID] [--json]     runs
archwalk runs show ID [--json]                    one run: status, provenance, incumbent, log tail
archwalk runs resume ID                           put an interrupted or failed run back in the queue
archwalk runs cancel ID                           cancel a run (also one whose process died)`;

/** Runs as a table; `extra` adds columns (a lab's attempt and machine), a cell per run in the same order. */
export function runTable(runs: RunSummary[], extra: { headers: string[]; cells: (index: number) => string[] } = { headers: [], cells: () => [] }): string {
  return table(
    ['run', 'experiment', 'benchmark', 'searcher', 'seed', 'status', 'queries', 'best valid %', 'its test %', ...extra.headers],
    runs.map((r, i) => [String(r.id), `${r.experimentId} ${r.experimentName}`, r.benchmark, labelledSearcher(r.searcher, r.sample), String(r.seed), r.status, `${r.queries}/${r.budget}`, percent(r.bestValid), percent(r.bestTest), ...extra.cells(i)]),
  );
}

/** For an agent run: its label, what the agent was trained on, and how hard the transfer to this benchmark is. */
function sampleNote(services: Services, detail: RunDetail): string[] {
  const config = detail.config;
  if (config.kind !== 'search' || config.searcher.kind !== 'agent') return [];
  const agent = String(config.searcher.params.checkpoint);
  const benchmark = detail.run.benchmark;
  return [`${describeSample(detail.run.sample ?? null)}: agent ${agent} trained on ${trainedOnText(services, agent) ?? '(agent no longer registered)'}`, ...transferLines(services, [agent], benchmark)];
}

export async function queueCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const lab = await labCommands();
  if (lab && (sub === 'add' || sub === 'list')) return lab.commands.labQueueCommand(lab.url, sub, positionals, values.json);
  const services = await openServices();
  try {
    switch (sub) {
      case 'add': {
        const [path] = positionals;
        if (!path) throw new UsageError('usage: archwalk queue add CONFIG');
        const id = await queueExperiment(services, readConfigFile(path), path);
        if (id === null) return 2;
        const detail = await services.api.getExperiment(id);
        if (values.json) print(JSON.stringify(detail.experiment));
        else print(`queued experiment ${id} "${detail.experiment.name}": ${detail.runs.length} runs (process them with: archwalk worker)`);
        return 0;
      }
      case 'list': {
        const queue = await services.api.getQueue();
        if (values.json) print(JSON.stringify(queue, null, 2));
        else print(queue.runs.length === 0 ? 'the queue is empty' : runTable(queue.runs));
        return 0;
      }
      case 'cancel':
        return await cancelRun(services, positionals[0]);
      default:
        throw new UsageError(QUEUE_USAGE);
    }
  } finally {
    await services.close();
  }
}

/** Cancels a queued, running, paused or interrupted run; one whose process died (its lease expired) is cancelled too. */
async function cancelRun(services: Awaited<ReturnType<typeof openServices>>, text: string | undefined): Promise<number> {
  const id = parseId(text, 'the run');
  await services.api.cancelRun(id);
  print(`run ${id}: ${services.store.getRun(id)?.status}`);
  return 0;
}

export async function runsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, experiment: { type: 'string' } },
  });
  const lab = await labCommands();
  if (lab && sub === 'list') {
    return lab.commands.labQueueCommand(lab.url, 'runs', values.experiment === undefined ? [] : [String(parseId(values.experiment, '--experiment'))], values.json);
  }
  const services = await openServices();
  try {
    switch (sub) {
      case 'list': {
        const experimentId = values.experiment === undefined ? undefined : parseId(values.experiment, '--experiment');
        const runs = services.store.listRuns(experimentId !== undefined ? { experimentId } : {});
        const summaries = (await Promise.all(runs.map((r) => services.api.getRun(r.id)))).map((d) => d.run);
        if (values.json) print(JSON.stringify(summaries, null, 2));
        else print(summaries.length === 0 ? 'no runs' : runTable(summaries));
        return 0;
      }
      case 'show': {
        const detail = await services.api.getRun(parseId(positionals[0], 'the run'));
        if (values.json) {
          print(JSON.stringify(detail, null, 2));
          return 0;
        }
        const { run, provenance, best } = detail;
        print(`run ${run.id} of experiment ${run.experimentId} "${run.experimentName}": ${labelledSearcher(run.searcher, run.sample)} on ${run.benchmark}, seed ${run.seed}, ${run.status}`);
        if (run.sample) for (const line of sampleNote(services, detail)) print(`  ${line}`);
        print(`  queries ${run.queries}/${run.budget}; best ${best ? `${best.hash}: validation ${percent(best.valid)} %, test ${percent(best.test)} % (query ${best.query})` : '—'}`);
        print(`  config ${provenance.configHash.slice(0, 16)}…  app ${provenance.appVersion}  ML backend ${provenance.mlBackend ?? '—'}  benchmark sha256 ${provenance.benchmarkSha256?.slice(0, 16) ?? '—'}…`);
        if (run.error) print(`  error: ${run.error}`);
        if (detail.logTail.length > 0) print(`  log:\n${detail.logTail.slice(-15).map((l) => `    ${l}`).join('\n')}`);
        return 0;
      }
      case 'resume': {
        const id = parseId(positionals[0], 'the run');
        await services.api.resumeRun(id);
        print(`run ${id} is queued again; it resumes where it stopped (process it with: archwalk worker)`);
        return 0;
      }
      case 'cancel':
        return await cancelRun(services, positionals[0]);
      default:
        throw new UsageError(QUEUE_USAGE);
    }
  } finally {
    await services.close();
  }
}

/** The lab's commands when the store named is a shared PostgreSQL one (imported only then). */
async function labCommands(): Promise<{ url: PostgresUrl; commands: typeof import('./lab.ts') } | null> {
  const url = resolveStoreUrl(undefined, resolveHome());
  return url.kind === 'postgres' ? { url, commands: await import('./lab.ts') } : null;
}

export async function workerCommand(argv: string[]): Promise<number> {
  const lab = await labCommands();
  if (lab) return lab.commands.labWorkerCommand(lab.url, argv);
  const { values } = parseArgs({ args: argv, options: { concurrency: { type: 'string' }, watch: { type: 'boolean', default: false } } });
  const concurrency = values.concurrency === undefined ? undefined : positiveIntOption(values.concurrency, '--concurrency');
  const services = await openServices({ autoStart: false, ...(concurrency !== undefined ? { concurrency } : {}) });
  const stop = (): void => {
    void services.close().then(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  services.api.subscribe((event) => {
    if (event.type === 'run-updated' && event.run.status !== 'running') {
      process.stderr.write(`run ${event.run.id} (${event.run.experimentName}, ${event.run.searcher}, seed ${event.run.seed}): ${event.run.status}\n`);
    }
  });
  const interrupted = services.scheduler.start();
  if (interrupted.length > 0) process.stderr.write(`marked interrupted (their process had died): runs ${interrupted.join(', ')}\n`);
  if (values.watch) {
    process.stderr.write(`processing the queue with concurrency ${services.scheduler.concurrency}; Ctrl-C to stop\n`);
    await new Promise(() => undefined);
  }
  await services.scheduler.whenIdle();
  await services.close();
  return 0;
}
