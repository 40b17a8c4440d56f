/** Progress of an analysis on stderr: one bar per part (phase) as the Api's push events report it. */
import type { Api, PushEvent } from '#shared/api.ts';
import { ProgressBar } from './progress.ts';

/** The progress fields of the push events that `pick` accepts (null for the others). */
export type PhaseOf = (event: PushEvent) => { phase: string; done: number; total: number } | null;

/** Draws bars for the events `pick` accepts while `work` runs; the bars end with it. */
export async function withPhaseProgress<T>(api: Pick<Api, 'subscribe'>, pick: PhaseOf, work: () => Promise<T>): Promise<T> {
  let bar: ProgressBar | null = null;
  let phase = '';
  const unsubscribe = api.subscribe((event) => {
    const progress = pick(event);
    if (!progress) return;
    if (progress.phase !== phase) {
      bar?.end();
      bar = new ProgressBar();
      phase = progress.phase;
    }
    bar!.update(progress.done, progress.total, progress.phase);
  });
  try {
    return await work();
  } finally {
    unsubscribe();
    (bar as ProgressBar | null)?.end();
  }
}
