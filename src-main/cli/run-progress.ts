/**
 * What `archwalk run` shows on stderr while an experiment goes: queries done for searches;
 * for agent training, how far along the step, update or time budget the runs are.
 */
import type { Services } from '../services/index.ts';
import type { ExperimentDetail } from '#shared/api.ts';
import { ProgressBar } from './progress.ts';

const FINISHED = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export function trackProgress(services: Services, detail: ExperimentDetail): () => void {
  const bar = new ProgressBar();
  const experimentId = detail.experiment.id;
  const runIds = new Set(detail.runs.map((r) => r.id));
  const finished = new Set<number>();
  const doneByRun = new Map<number, number>();
  const agent = detail.config.kind === 'train-agent' ? detail.config.agent : null;
  const started = Date.now();
  const total = agent ? runIds.size : detail.experiment.totalQueries;

  /** A training run's progress as a fraction of whichever budget it is closest to spending. */
  const trainingFraction = (envSteps: number, learnerSteps: number): number => {
    const b = agent!.budget;
    const parts = [
      b.envSteps ? envSteps / b.envSteps : 0,
      b.learnerSteps ? learnerSteps / b.learnerSteps : 0,
      b.seconds ? (Date.now() - started) / 1000 / b.seconds : 0,
    ];
    return Math.min(1, Math.max(...parts));
  };
  const learnerStepsByRun = new Map<number, number>();
  const budgetByRun = new Map(detail.runs.map((r) => [r.id, r.budget]));

  const unsubscribe = services.api.subscribe((event) => {
    if (event.type === 'run-point' && event.experimentId === experimentId) {
      // A sweep's searches count as a fraction of one run each, like its training runs.
      doneByRun.set(event.runId, agent ? event.point[0] / Math.max(1, budgetByRun.get(event.runId) ?? 1) : event.point[0]);
    } else if (event.type === 'run-metric' && runIds.has(event.runId) && agent) {
      if (event.name === 'learner_steps') learnerStepsByRun.set(event.runId, event.value);
      doneByRun.set(event.runId, trainingFraction(event.step, learnerStepsByRun.get(event.runId) ?? 0));
    } else if (event.type === 'run-updated' && event.run.experimentId === experimentId && FINISHED.includes(event.run.status)) {
      finished.add(event.run.id);
      doneByRun.set(event.run.id, agent ? 1 : event.run.budget);
    } else {
      return;
    }
    let done = 0;
    for (const value of doneByRun.values()) done += value;
    const agents = agent ? detail.runs.filter((r) => r.searcherKind === 'train-agent').length : 0;
    const what = agent ? (detail.config.sweep ? `a sweep: ${agents} agents, then their searches` : `training ${agents} agent${agents > 1 ? 's' : ''}`) : `${done}/${total} queries`;
    bar.update(done, total, `${what} · ${finished.size}/${runIds.size} runs done`);
  });
  return () => {
    unsubscribe();
    bar.end();
  };
}
