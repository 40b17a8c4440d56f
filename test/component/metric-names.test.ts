/** Training metric titles: panels, legends and menus say what a metric is, not its raw key (issue 18). */
import { describe, expect, test } from 'vitest';
import { metricTitle } from '../../src-renderer/src/lib/metric-names.ts';

describe('metricTitle', () => {
  test('the metrics the trainer logs have their titles', () => {
    expect(metricTitle('episode_return')).toBe('Episode return');
    expect(metricTitle('best_valid')).toBe('Best validation accuracy');
    expect(metricTitle('env_steps_per_s')).toBe('Environment steps per second');
    expect(metricTitle('td_error')).toBe('TD error');
  });
  test('an unknown key reads as words, never as the raw key', () => {
    expect(metricTitle('grad_norm')).toBe('Grad norm');
    expect(metricTitle('samples_per_s')).toBe('Samples per second');
    expect(metricTitle('lr')).toBe('Lr');
  });
});
