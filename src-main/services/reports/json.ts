/** JSON: the report model itself (see schema.md), on one line. */
import type { ReportModel } from './model.ts';

export function renderJson(model: ReportModel): string {
  return `${JSON.stringify(model)}\n`;
}
