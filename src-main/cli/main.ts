/** The `archwalk` command: the same services as the app, headless. */
import { UserError } from '../services/user-error.ts';
import { APP_VERSION } from '#shared/version.ts';
import { agentsCommand, AGENTS_USAGE } from './commands/agents.ts';
import { benchmarkCommand, BENCHMARK_USAGE } from './commands/benchmark.ts';
import { demoCommand, DEMO_USAGE } from './commands/demo.ts';
import { nb101Command, NB101_USAGE } from './commands/nb101.ts';
import { nb301Command, NB301_USAGE } from './commands/nb301.ts';
import { LIVE_USAGE } from './commands/live-usage.ts';
import { QUEUE_USAGE, queueCommand, runsCommand, workerCommand } from './commands/queue.ts';
import { REPORT_USAGE } from './commands/report-usage.ts';
import { runCommand, RUN_USAGE } from './commands/run.ts';
import { serveCommand, SERVE_USAGE } from './commands/serve.ts';
import { settingsCommand, SETTINGS_USAGE } from './commands/settings.ts';
import { storeCommand, STORE_USAGE } from './commands/store.ts';
import { LAB_USAGE } from './commands/lab-usage.ts';
import { UsageError } from './context.ts';
import { endQuietlyWhenReaderLeaves } from './quiet-pipe.ts';
import { terminalSafe } from './format.ts';

const USAGE = `archwalk ${APP_VERSION} — reinforcement-learning neural architecture search lab

${BENCHMARK_USAGE}
${NB101_USAGE}
${NB301_USAGE}
${LIVE_USAGE}
${RUN_USAGE}
${AGENTS_USAGE}
${QUEUE_USAGE}
${SERVE_USAGE}
${SETTINGS_USAGE}
${STORE_USAGE}
${LAB_USAGE}
${REPORT_USAGE}
${DEMO_USAGE}

Data lives in ARCHWALK_HOME (default ~/.archwalk). --store URL (or ARCHWALK_STORE) on any command
names the store: sqlite:PATH (default sqlite:$ARCHWALK_HOME/archwalk.db) or a lab's shared
postgres://USER@HOST:PORT/DATABASE (store, queue add|list, runs list and worker so far; README "Lab").`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  benchmark: benchmarkCommand,
  nb101: nb101Command,
  nb301: nb301Command,
  run: runCommand,
  agents: agentsCommand,
  queue: queueCommand,
  worker: workerCommand,
  runs: runsCommand,
  serve: serveCommand,
  settings: settingsCommand,
  store: storeCommand,
  demo: demoCommand,
  // Imported when used: it loads TensorFlow.js.
  live: async (argv) => (await import('./commands/live.ts')).liveCommand(argv),
  // Imported when used: it brings ECharts' server-side renderer, which other commands need not load.
  report: async (argv) => (await import('./commands/report.ts')).reportCommand(argv),
};

/**
 * `--store URL` (or `--store=URL`) anywhere before `--` applies to every command: it becomes
 * ARCHWALK_STORE for this process and the processes it starts, and is removed from the arguments.
 */
export function takeStoreOption(argv: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === '--store' || arg.startsWith('--store=')) {
      const value = arg === '--store' ? argv[++i] : arg.slice('--store='.length);
      if (value === undefined || value === '') throw new UsageError('--store needs a URL: sqlite:PATH or postgres://USER@HOST:PORT/DATABASE');
      env.ARCHWALK_STORE = value;
      continue;
    }
    out.push(arg);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyWhenReaderLeaves();
  let args: string[];
  try {
    args = takeStoreOption(argv);
  } catch (error) {
    process.stderr.write(`archwalk: ${terminalSafe((error as Error).message)}\n`);
    return 2;
  }
  const [command, ...rest] = args;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === 'version') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(`archwalk: unknown command "${terminalSafe(command)}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await handler(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof UserError) {
      process.stderr.write(`archwalk: ${terminalSafe((error as Error).message)}\n`);
      return 2;
    }
    // node:util parseArgs: an unknown option, a missing value (`--concurrency` at the end), a stray positional.
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) {
      process.stderr.write(`archwalk ${command}: ${terminalSafe((error as Error).message)}\nsee: archwalk help\n`);
      return 2;
    }
    process.stderr.write(`archwalk: ${terminalSafe((error as Error).stack ?? String(error))}\n`);
    return 1;
  }
}

// The bundled entry (out/main/cli.js) is started by bin/archwalk.mjs, which calls main().
