/**
 * A stored (resolved) experiment config back into the YAML a person would write, for
 * cloning: defaults are left out, the training budget is in minutes again, and seeds
 * 0..n−1 become a count. Validating the result gives the same config back.
 */
import { stringify } from 'yaml';
import type { ExperimentConfig } from '#shared/config.ts';
import type { SweepSpec } from '#shared/sweep.ts';

export function configToSource(config: ExperimentConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (config.kind !== 'search') out.kind = config.kind;
  out.name = config.name;
  if (config.description) out.description = config.description;
  out.benchmark = config.benchmark;
  if (config.kind === 'search') out.budget = config.budget;
  if (config.queryDelayMs) out.queryDelayMs = config.queryDelayMs;
  const counted = config.seeds.every((s, i) => s === i);
  out.seeds = counted ? config.seeds.length : config.seeds.slice();
  if (config.kind === 'search') {
    out.searchers = config.searchers.map((s) => ({ kind: s.kind, ...(s.label !== s.kind ? { label: s.label } : {}), ...s.params }));
  } else if (config.agent) {
    const a = config.agent;
    const budget: Record<string, number> = {};
    if (a.budget.seconds !== undefined) budget.minutes = Math.round((a.budget.seconds / 60) * 1e6) / 1e6;
    if (a.budget.envSteps !== undefined) budget.envSteps = a.budget.envSteps;
    if (a.budget.learnerSteps !== undefined) budget.learnerSteps = a.budget.learnerSteps;
    out.agent = {
      name: a.name,
      preset: a.preset,
      ...(Object.keys(a.overrides).length ? { hyper: { ...a.overrides } } : {}),
      budget,
      checkpointEverySeconds: a.checkpointEverySeconds,
    };
    if (config.sweep) out.sweep = sweepToSource(config.sweep);
  }
  return out;
}

/** A sweep block as written: the grid or the random draws, and the evaluation with its resolved lists. */
function sweepToSource(sweep: SweepSpec): Record<string, unknown> {
  const { evaluate } = sweep;
  const counted = evaluate.seeds.every((s, i) => s === i);
  return {
    ...(sweep.grid ? { grid: sweep.grid } : {}),
    ...(sweep.random ? { random: sweep.random } : {}),
    evaluate: {
      benchmarks: evaluate.benchmarks,
      budget: evaluate.budget,
      seeds: counted ? evaluate.seeds.length : evaluate.seeds,
      at: evaluate.at,
      baselines: evaluate.baselines.map((s) => ({ kind: s.kind, ...(s.label !== s.kind ? { label: s.label } : {}), ...s.params })),
    },
    ...(sweep.confirm ? { confirm: true } : {}),
  };
}

export function configToYaml(config: ExperimentConfig, rename?: string): string {
  const source = configToSource(config);
  if (rename !== undefined) source.name = rename;
  return sourceToYaml(source);
}

/** A config source as YAML, seeds lists on one line. */
export function sourceToYaml(source: Record<string, unknown>): string {
  return stringify(source, { lineWidth: 0, flowCollectionPadding: false }).replace(/^seeds:\n((?:  - \d+\n)+)/m, (_m, items: string) => {
    const seeds = items.trim().split('\n').map((l) => l.replace(/^\s*-\s*/, ''));
    return `seeds: [${seeds.join(', ')}]\n`;
  });
}
