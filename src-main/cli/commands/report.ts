import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildReportModel, isReportFormat, parseTargets, renderReport, reportFilename, reportSource, REPORT_FORMATS, type ReportFormat } from '../../services/reports/index.ts';
import { openServices, print, UsageError } from '../context.ts';
import { REPORT_USAGE } from './report-usage.ts';

export { REPORT_USAGE };

const REPORT_HELP = `  --format   html (default, or from the --out extension), pdf (needs Chromium or Chrome), csv (one row per query), json
  --out      the file to write, or - for stdout; default: ARCHWALK_HOME/reports/archwalk-<ids>.<format>
  --budgets  query budgets of the mean ± standard error table (default: round numbers up to the budget)

Examples: archwalk report exp:3 --format pdf --out baselines.pdf
          archwalk report exp:3 exp:4 run:17 --format csv --out compare.csv`;

function parseBudgets(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const budgets = parts.map(Number);
  if (parts.length === 0 || budgets.some((b) => !Number.isSafeInteger(b) || b < 1)) {
    throw new UsageError(`--budgets takes positive integers separated by commas (e.g. 10,25,50,100), got ${JSON.stringify(text)}`);
  }
  return budgets;
}

function chooseFormat(format: string | undefined, out: string | undefined): ReportFormat {
  const fromOut = out && out !== '-' ? extname(out).slice(1).toLowerCase() : '';
  const chosen = format ?? (isReportFormat(fromOut) ? fromOut : 'html');
  if (!isReportFormat(chosen)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(chosen)}`);
  return chosen;
}

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, budgets: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    print(`${REPORT_USAGE}\n\n${REPORT_HELP}`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`usage: ${REPORT_USAGE}`);
  const targets = parseTargets(positionals);
  const format = chooseFormat(values.format, values.out);
  if (values.out === '-' && format === 'pdf' && process.stdout.isTTY) throw new UsageError('a PDF is binary: give --out FILE.pdf or redirect stdout to a file');
  const budgets = values.budgets === undefined ? undefined : parseBudgets(values.budgets);
  const services = await openServices({ autoStart: false });
  try {
    const model = await buildReportModel(reportSource(services), targets, budgets ? { budgets } : {});
    const content = await renderReport(model, format);
    if (values.out === '-') {
      process.stdout.write(content);
      return 0;
    }
    const out = values.out ? resolve(values.out) : join(services.home.reports, reportFilename(model, format));
    mkdirSync(dirname(out), { recursive: true });
    // Written beside the target and renamed, so a reader never sees half a report.
    const partial = `${out}.partial-${process.pid}`;
    writeFileSync(partial, content);
    renameSync(partial, out);
    const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
    const searches = model.runs.filter((r) => r.group !== null).length;
    // A searcher of an experiment on several benchmarks has a group per benchmark: it counts once.
    const counts = [count(model.runs.length, 'run', 'runs'), count(searches, 'search', 'searches'), count(new Set(model.groups.map((g) => `${g.experimentId}/${g.searcher}`)).size, 'searcher', 'searchers')];
    print(`wrote the ${format} report of ${model.targets.join(' ')} (${counts.join(', ')}) to ${out}`);
    return 0;
  } finally {
    await services.close();
  }
}
