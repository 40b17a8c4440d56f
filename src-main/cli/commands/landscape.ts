/**
 * `archwalk benchmark landscape NAME`: a benchmark's landscape analysis through the Api (from the
 * store when computed before with these parameters, otherwise in an analysis process whose
 * progress is drawn on stderr), summarised on stdout or printed whole with --json.
 */
import type { Services } from '../../services/index.ts';
import { apiParamsProblem } from '#shared/api-params.ts';
import type { LandscapeParams } from '#shared/landscape.ts';
import { print, UsageError } from '../context.ts';
import { percent, table } from '../format.ts';
import { withPhaseProgress } from '../phase-progress.ts';

export const LANDSCAPE_USAGE = 'usage: archwalk benchmark landscape NAME [--alphas 1,10,50] [--seed N] [--json]';

/** The request's parameters from the flags, checked as the Api checks them (errors name the flag's field). */
export function landscapeParams(name: string, flags: { alphas?: string | undefined; seed?: string | undefined }): Partial<LandscapeParams> {
  const params: Partial<LandscapeParams> = {};
  if (flags.alphas !== undefined) {
    params.alphas = flags.alphas.split(',').map((text) => {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) throw new UsageError(`--alphas takes numbers separated by commas (e.g. 1,10,50); "${text}" is not a number`);
      return value;
    });
  }
  if (flags.seed !== undefined) params.seed = /^\d+$/.test(flags.seed) ? Number(flags.seed) : Number.NaN;
  const problem = apiParamsProblem('getBenchmarkAnalysis', [name, params]);
  if (problem) throw new UsageError(`${problem.replace('getBenchmarkAnalysis: parameter "params.', '--').replace(/^--(\w+)(\[\d+\])?"/, '--$1$2')}`);
  return params;
}

const sig = (x: number): string => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(1) : String(Number(x.toPrecision(3))));

export async function landscapeCommand(services: Services, name: string, params: Partial<LandscapeParams>, json: boolean): Promise<number> {
  const result = await withPhaseProgress(services.api, (event) => (event.type === 'analysis-progress' && event.benchmark === name ? event : null), () => services.api.getBenchmarkAnalysis(name, params));
  if (json) {
    print(JSON.stringify(result));
    return 0;
  }
  const a = result.analysis;
  const acc = a.accuracy.stats;
  print(`${name}: ${result.cached ? 'from the store' : 'computed'} (${result.computedAt}), seed ${a.params.seed}`);
  print(`validation accuracy of ${a.accuracy.source === 'table' ? `all ${acc.n.toLocaleString('en-US')} cells` : `${acc.n.toLocaleString('en-US')} sampled architectures`}: median ${percent(acc.quantiles.p50)} %, 95th percentile ${percent(acc.quantiles.p95)} %, best ${percent(acc.max)} %`);
  print(`\nshaped reward over ${a.reward.pairs.toLocaleString('en-US')} random paper-rules neighbour pairs:`);
  print(table(['α', 'mean', 's.d.', '5th pct', 'median', '95th pct', '|r| < 0.001'], a.reward.byAlpha.map((r) => [String(r.alpha), sig(r.stats.mean), sig(r.stats.sd), sig(r.stats.quantiles.p5), sig(r.stats.quantiles.p50), sig(r.stats.quantiles.p95), `${(r.nearZero * 100).toFixed(1)} %`])));
  print(`\nrandom-walk autocorrelation (${a.params.walks} walks × ${a.params.walkSteps} steps per rule set):`);
  print(table(['rules', ...a.autocorrelation[0]!.rho.map((_, k) => `ρ(${k + 1})`), 'corr. length'], a.autocorrelation.map((w) => [w.rules, ...w.rho.map((r) => (r === null ? '—' : r.toFixed(3))), w.correlationLength === null ? '—' : w.correlationLength.toFixed(2)])));
  print(`\nneighbourhood sizes over ${a.params.samples.toLocaleString('en-US')} sampled architectures: ${a.neighbourhoods.map((n) => `${n.rules} ${n.stats.min === n.stats.max ? `always ${n.stats.min}` : `${n.stats.min}–${n.stats.max} (mean ${n.stats.mean.toFixed(1)})`}`).join('; ')}`);
  return 0;
}
