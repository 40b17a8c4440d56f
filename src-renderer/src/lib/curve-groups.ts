/**
 * Searchers (or any groups of runs) as chart series and table rows: the mean incumbent
 * curve over seeds with a ± std or ± s.e. band, and mean ± s.e. at chosen budgets. Values
 * are shown in percent; regret is the benchmark's value minus the incumbent's, in
 * percentage points.
 */
import type { CurvePoint } from '#shared/api.ts';
import type { Row, SeriesSpec } from '../components/chart-types.ts';
import type { LineDash } from './colors.ts';
import { settledAggregate, summarize, toStepCurve, valuesAt, type Aggregate, type CurveMetric, type RunEnd, type StepCurve, type Summary } from '#shared/curve-stats.ts';
import { queryGrid } from './stats.ts';

export interface CurveLike {
  readonly points: readonly CurvePoint[];
  readonly epoch: number;
  /** How the run ended: decides whether it counts past its last query (shared/curve-stats.ts). */
  readonly run: RunEnd;
  /** Which run it is, for its line in every-run mode (hover card, click to open). */
  readonly ref?: RunRef;
}

/** A run behind a curve. */
export interface RunRef {
  id: number;
  seed: number;
}

export interface CurveGroup {
  key: string;
  name: string;
  color: string;
  curves: readonly CurveLike[];
  dash?: LineDash;
  /** The benchmark's best validation accuracy and the test accuracy of that architecture. */
  optimum?: { valid: number | null; test: number | null } | null;
}

/** The loaded curves of these runs, each with how its run ended. */
export function curvesOf(runs: readonly (RunEnd & RunRef)[], curveOf: (runId: number) => Pick<CurveLike, 'points' | 'epoch'> | undefined): CurveLike[] {
  const out: CurveLike[] = [];
  for (const run of runs) {
    const curve = curveOf(run.id);
    if (curve) out.push({ points: curve.points, epoch: curve.epoch, run: { status: run.status, budget: run.budget }, ref: { id: run.id, seed: run.seed } });
  }
  return out;
}

export type BandKind = 'std' | 'se' | 'none';

export interface GroupOptions {
  metric: CurveMetric;
  band: BandKind;
  regret: boolean;
  xLog: boolean;
  budget: number;
  budgets: readonly number[];
}

export interface GroupStats {
  key: string;
  name: string;
  color: string;
  dash: LineDash;
  runs: number;
  /** The mean over seeds, drawn only where it is settled (the live-mean rule in shared/curve-stats.ts). */
  agg: Aggregate;
  /** The last settled query (Infinity when no run is live); the mean is not drawn past it. */
  settledUntil: number;
  /** Mean ± s.e. (display units) at each chosen budget; n = 0 where no run got there. */
  atBudgets: Summary[];
  /** Regret asked for but the benchmark's optimum is not known: left out of the chart. */
  noOptimum: boolean;
}

export function transformFor(group: CurveGroup, options: Pick<GroupOptions, 'metric' | 'regret'>): ((v: number) => number) | null {
  if (!options.regret) return (v) => v * 100;
  const optimum = group.optimum?.[options.metric];
  if (optimum === null || optimum === undefined) return null;
  return (v) => (optimum - v) * 100;
}

export function computeGroups(groups: readonly CurveGroup[], options: GroupOptions): GroupStats[] {
  const grid = queryGrid(options.budget, { log: options.xLog, extra: options.budgets });
  return groups.map((group) => {
    const transform = transformFor(group, options);
    const steps: StepCurve[] = group.curves.map((c) => toStepCurve(c.points, options.metric, c.run));
    if (!transform) {
      const agg = { x: [], n: [], mean: [], std: [], se: [] };
      return { key: group.key, name: group.name, color: group.color, dash: group.dash ?? 'solid', runs: steps.length, agg, settledUntil: Number.POSITIVE_INFINITY, atBudgets: [], noOptimum: true };
    }
    const shown = steps.map((s) => ({ xs: s.xs, ys: s.ys.map(transform), end: s.end }));
    const { until, ...agg } = settledAggregate(
      shown,
      group.curves.map((c) => c.run),
      grid,
    );
    const atBudgets = options.budgets.map((b) => summarize(valuesAt(shown, b).values));
    return { key: group.key, name: group.name, color: group.color, dash: group.dash ?? 'solid', runs: steps.length, agg, settledUntil: until, atBudgets, noOptimum: false };
  });
}

function pm(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/** Mean lines (with bands) for the chart; rows are [x, mean, lower, upper, n]. */
export function groupSeries(stats: readonly GroupStats[], options: Pick<GroupOptions, 'band' | 'regret'>, version: number | string): SeriesSpec[] {
  // What is drawn depends on the options too, not only on the data's version.
  const v = `${version}|${options.band}|${options.regret}`;
  const out: SeriesSpec[] = [];
  const unit = options.regret ? ' pp' : '%';
  for (const g of stats) {
    if (g.noOptimum || g.agg.x.length === 0) continue;
    const width = options.band === 'std' ? g.agg.std : options.band === 'se' ? g.agg.se : null;
    const rows: Row[] = g.agg.x.map((x, i) => {
      const m = g.agg.mean[i]!;
      const w = width ? width[i]! : 0;
      return [x, m, m - w, m + w, g.agg.n[i]!, g.runs];
    });
    out.push({
      id: `mean:${g.key}`,
      name: g.name,
      color: g.color,
      kind: 'line',
      version: v,
      data: () => rows,
      step: true,
      dash: g.dash,
      width: 2,
      downsample: 'none',
      columns: ['mean', 'lower', 'upper', 'seeds', 'of seeds'],
      describe: (r) => `${pm(r[1]!)}${options.band !== 'none' ? ` ± ${pm(r[3]! - r[1]!)}` : ''}${unit} (${r[4]} of ${r[5]} seeds)`,
    });
    if (width) {
      out.push({ id: `band:${g.key}`, name: g.name, color: g.color, kind: 'band', version: v, data: () => rows.map((r) => [r[0]!, r[2]!, r[3]!]), step: true, downsample: 'none' });
    }
  }
  return out;
}

/** One line per run (all seeds visible), coloured by group; each names its run and seed and opens the run on click. */
export function runSeries(groups: readonly CurveGroup[], options: Pick<GroupOptions, 'metric' | 'regret'>): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  const index = options.metric === 'valid' ? 1 : 2;
  for (const group of groups) {
    const transform = transformFor(group, options);
    if (!transform) continue;
    group.curves.forEach((curve, i) => {
      const ref = curve.ref;
      out.push({
        id: `run:${group.key}:${ref?.id ?? i}`,
        name: group.name,
        ...(ref ? { label: `${group.name} · run #${ref.id} · seed ${ref.seed}`, target: { name: 'run' as const, id: ref.id } } : {}),
        color: group.color,
        kind: 'line',
        version: `${curve.epoch}:${curve.points.length}|${options.metric}|${options.regret}`,
        data: () => curve.points.map((p) => [p[0], transform(p[index])]),
        step: true,
        dash: group.dash,
        width: 1,
        opacity: 0.55,
        countPoints: true,
        columns: [options.regret ? 'regret' : 'incumbent'],
      });
    });
  }
  return out;
}

/** "93.21 ± 0.12" for a summary in display units. */
/**
 * The row to bold in each budget column: the best mean (highest accuracy, lowest regret), or -1.
 * A single run's value is one draw, not a mean, so it competes only where no row has a mean over
 * several seeds (Compare of single runs); a column needs two contenders to have a best.
 */
export function bestRowPerBudget(stats: readonly Pick<GroupStats, 'atBudgets'>[], budgetCount: number, regret: boolean): number[] {
  return Array.from({ length: budgetCount }, (_, j) => {
    const present = stats.flatMap((g, i) => (g.atBudgets[j] && g.atBudgets[j]!.n > 0 ? [{ i, s: g.atBudgets[j]! }] : []));
    const means = present.filter((c) => c.s.n > 1);
    const contenders = means.length > 0 ? means : present;
    if (contenders.length < 2) return -1;
    let best = contenders[0]!;
    for (const c of contenders) if (regret ? c.s.mean < best.s.mean : c.s.mean > best.s.mean) best = c;
    return best.i;
  });
}

export function formatSummary(s: Summary | undefined, digits = 2): string {
  if (!s || s.n === 0) return '—';
  return s.n === 1 ? pm(s.mean, digits) : `${pm(s.mean, digits)} ± ${pm(s.se, digits)}`;
}
