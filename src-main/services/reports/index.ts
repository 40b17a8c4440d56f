/**
 * Reports of runs, experiments and comparisons: one model (model.ts), four renderings.
 * `exportReport` is what the Api's "Export report…" and the CLI's `archwalk report` call;
 * `renderHtml` is exposed for the Electron shell, which prints it with webContents.printToPDF.
 */
import { REPORT_FORMATS, type ExportedReport, type ReportFormat, type ReportRequest } from '#shared/api.ts';
import { UserError } from '../user-error.ts';
import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { buildReportModel, type ReportModel, type ReportSource } from './model.ts';
import { printHtmlToPdf } from './pdf.ts';
import { parseTargets } from './targets.ts';

export { renderCsv } from './csv.ts';
export { renderHtml } from './html.ts';
export { renderJson } from './json.ts';
export { buildReportModel, checkBudgets, defaultBudgets, REPORT_SCHEMA, type ReportModel, type ReportSource } from './model.ts';
export { findChromium, printHtmlToPdf, NO_CHROMIUM_MESSAGE } from './pdf.ts';
export { reportSource } from './source.ts';
export { formatTarget, parseTarget, parseTargets, TARGET_SYNTAX, type ReportTarget } from './targets.ts';

export { REPORT_FORMATS, type ExportedReport, type ReportFormat, type ReportRequest } from '#shared/api.ts';

export interface ExportOptions {
  /** How to print HTML to PDF: webContents.printToPDF in Electron, headless Chromium elsewhere (default). */
  printPdf?: (html: string) => Promise<Uint8Array>;
  now?: Date;
}

const MIME: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** A file name from the targets, e.g. `archwalk-exp3-run17.html`. */
export function reportFilename(model: Pick<ReportModel, 'targets'>, format: ReportFormat): string {
  const parts = model.targets.slice(0, 6).map((t) => t.replace(':', ''));
  return `archwalk-${parts.join('-')}${model.targets.length > 6 ? '-etc' : ''}.${format}`;
}

export async function renderReport(model: ReportModel, format: ReportFormat, options: ExportOptions = {}): Promise<string | Uint8Array> {
  switch (format) {
    case 'html':
      return renderHtml(model);
    case 'csv':
      return renderCsv(model);
    case 'json':
      return renderJson(model);
    case 'pdf':
      return (options.printPdf ?? ((html: string) => printHtmlToPdf(html)))(renderHtml(model));
  }
}

export async function exportReport(source: ReportSource, request: ReportRequest, options: ExportOptions = {}): Promise<ExportedReport> {
  if (!isReportFormat(request.format)) throw new UserError(`the report format must be one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(request.format)}`);
  const model = await buildReportModel(source, parseTargets(request.targets), {
    ...(request.budgets ? { budgets: request.budgets } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const content = await renderReport(model, request.format, options);
  return {
    filename: reportFilename(model, request.format),
    mime: MIME[request.format],
    encoding: typeof content === 'string' ? 'utf8' : 'base64',
    content: typeof content === 'string' ? content : Buffer.from(content).toString('base64'),
  };
}
