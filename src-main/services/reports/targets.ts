/**
 * What a report covers, as the user names it: `exp:3` (or a bare `3`) is experiment 3 with
 * all its runs, `run:17` is run 17 alone. Several targets make a comparison; a run named
 * on its own and also through its experiment is counted once.
 */
import { UserError } from '../user-error.ts';

export interface ReportTarget {
  kind: 'experiment' | 'run';
  id: number;
}

export const TARGET_SYNTAX = 'exp:N (or a bare N) for experiment N with all its runs, run:N for run N alone';

const PATTERN = /^(?:(exp|experiment|e|run|r):)?([0-9]+)$/i;

export function parseTarget(text: string): ReportTarget {
  const match = PATTERN.exec(text.trim());
  const id = match ? Number(match[2]) : Number.NaN;
  if (!match || !Number.isSafeInteger(id) || id < 1) {
    throw new UserError(`"${text}" does not name a run or an experiment; use ${TARGET_SYNTAX} (e.g. exp:3 run:17)`);
  }
  const prefix = (match[1] ?? 'exp').toLowerCase();
  return { kind: prefix === 'run' || prefix === 'r' ? 'run' : 'experiment', id };
}

/** Parses and de-duplicates, keeping the first mention's order. */
export function parseTargets(texts: readonly string[]): ReportTarget[] {
  if (texts.length === 0) throw new UserError(`name at least one run or experiment: ${TARGET_SYNTAX}`);
  const seen = new Set<string>();
  const out: ReportTarget[] = [];
  for (const text of texts) {
    const target = parseTarget(text);
    const key = formatTarget(target);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(target);
  }
  return out;
}

export function formatTarget(target: ReportTarget): string {
  return `${target.kind === 'run' ? 'run' : 'exp'}:${target.id}`;
}
