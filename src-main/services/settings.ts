/**
 * The user's settings the services read (`archwalk settings`): the queue's concurrency and the
 * limits every experiment config is checked against. A stored value that is not a positive
 * whole number counts as unset.
 */
import { cpus } from 'node:os';
import { DEFAULT_MAX_RUNS, DEFAULT_MAX_SWEEP_MINUTES } from '#shared/run-limits.ts';
import type { Store } from './store.ts';

type Settings = Pick<Store, 'getSetting'>;

export const CONCURRENCY_SETTING = 'queue.concurrency';
/** Runs one experiment may queue (see run-limits.ts); `archwalk settings set max-runs N`. */
export const MAX_RUNS_SETTING = 'experiments.maxRuns';
/** Training minutes a sweep may take without `sweep.confirm: true`; `archwalk settings set sweep-minutes N`. */
export const MAX_SWEEP_MINUTES_SETTING = 'sweeps.maxTrainingMinutes';

export function maxRunsSetting(store: Settings): number {
  const stored = Number(store.getSetting(MAX_RUNS_SETTING));
  return Number.isInteger(stored) && stored > 0 ? stored : DEFAULT_MAX_RUNS;
}

export function maxSweepMinutesSetting(store: Settings): number {
  const stored = Number(store.getSetting(MAX_SWEEP_MINUTES_SETTING));
  return Number.isInteger(stored) && stored > 0 ? stored : DEFAULT_MAX_SWEEP_MINUTES;
}

/** The limits every config is checked against before it may be queued. */
export function configLimits(store: Settings): { maxRuns: number; maxSweepMinutes: number } {
  return { maxRuns: maxRunsSetting(store), maxSweepMinutes: maxSweepMinutesSetting(store) };
}

export function defaultConcurrency(): number {
  return Math.max(1, cpus().length);
}

/** The stored concurrency, else one run per core. */
export function concurrencySetting(store: Settings): number {
  const stored = Number(store.getSetting(CONCURRENCY_SETTING));
  return stored > 0 ? stored : defaultConcurrency();
}
