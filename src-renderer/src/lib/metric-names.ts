/**
 * Titles for the training metrics an agent logs (episode_return, env_steps_per_s, …), so
 * panels, legends, menus and axis names say "Episode return" rather than the raw key. A key
 * not listed (a metric a newer trainer logs) reads as words: `grad_norm` → "Grad norm".
 */
const TITLES: Readonly<Record<string, string>> = {
  episode_return: 'Episode return',
  best_valid: 'Best validation accuracy',
  best_test: 'Best test accuracy',
  loss: 'Loss',
  mean_q: 'Mean Q',
  td_error: 'TD error',
  epsilon: 'ε (exploration)',
  env_steps_per_s: 'Environment steps per second',
  learner_updates_per_s: 'Learner updates per second',
  replay_size: 'Replay size',
  queries: 'Queries',
  time_learner: 'Learner steps',
  time_actors: 'Actor steps in the learner thread',
  time_transport: 'Moving transitions and weights',
  time_waiting: 'Waiting for the actor threads',
};

export function metricTitle(key: string): string {
  const known = TITLES[key];
  if (known) return known;
  const words = key.replace(/_per_s$/, ' per second').replace(/_+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}
