/**
 * The report's architecture insight: per benchmark, each operation's share of the cell slots
 * among the best k distinct architectures the report's searches evaluated, against among all of
 * them — the same numbers as the app's insight (shared/arch-insight.ts, one line per cell as on
 * the experiment page: shared distinctArchitectures).
 */
import { distinctArchitectures } from '#shared/api.ts';
import { opFrequencies, slotValues, type OpFrequency } from '#shared/arch-insight.ts';
import type { ReportRun } from './model.ts';

/** The report's k: the app's default choice. */
export const REPORT_TOP_K = 10;

export interface ReportOperationShares {
  benchmark: string;
  space: string;
  /** Evaluations by the report's search runs on the benchmark, and the distinct cells among them. */
  evaluations: number;
  distinct: number;
  /** The best k (by validation accuracy) compared with all: REPORT_TOP_K, or fewer where fewer were evaluated. */
  k: number;
  shares: OpFrequency[];
}

/** One entry per benchmark whose cells the cell model reads; none for a benchmark without search runs or drawable cells. */
export function operationShares(runs: readonly ReportRun[], benchmarks: readonly { name: string; space: string | null }[]): ReportOperationShares[] {
  const out: ReportOperationShares[] = [];
  for (const { name, space } of benchmarks) {
    if (space === null) continue;
    const searches = runs.filter((r) => r.group !== null && r.benchmark === name);
    const evaluated = searches.flatMap((r) => r.evaluations.map((e) => ({ runId: r.id, query: e.query, hash: e.hash, arch: e.arch, valid: e.valid, test: e.test })));
    const items = distinctArchitectures(evaluated).flatMap((a) => {
      const slots = slotValues(space, a.arch);
      return slots ? [{ ...a, slots }] : [];
    });
    if (items.length === 0) continue;
    const k = Math.min(REPORT_TOP_K, items.length);
    out.push({ benchmark: name, space, evaluations: evaluated.length, distinct: items.length, k, shares: opFrequencies(space, items, k) });
  }
  return out;
}
