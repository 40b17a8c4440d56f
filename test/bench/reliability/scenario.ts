/** What a reliability scenario is and what one try of it reports (test/bench/reliability-scenarios.ts). */
import type { Lab } from './lab.ts';

/**
 * held: the defect did not occur; defect: it did; not-driven: the checkout offers no way to
 * drive this from the outside (e.g. an option it did not have); inconclusive: the setup never
 * reached the state the scenario needs (say why), so the try proves nothing either way.
 */
export type Outcome = 'held' | 'defect' | 'not-driven' | 'inconclusive';

export interface TryResult {
  outcome: Outcome;
  /** Short and stable across tries (the table groups equal ones). */
  observed: string;
  /** This try's particulars (timings, exit codes, messages), listed under the table. */
  detail?: string;
}

export interface Scenario {
  name: string;
  /** What counts as a failure: the defect issue 14 describes. */
  defect: string;
  /** How it is made small and fast, and which options or environment it uses to be. */
  setup: string;
  run(lab: Lab): Promise<TryResult>;
  /** Environment for every process of the try's lab. */
  env?: Record<string, string>;
}

/** Resolves with the process's exit, or null when it is still running after `ms` (the timer never outlives the exit). */
export async function exitWithin<T>(exited: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A stack frame line (`    at f (file:1:2)`): what a raw, uncaught error prints. */
export const STACK_FRAME = /^\s+at \S.*:\d+:\d+\)?$/m;
