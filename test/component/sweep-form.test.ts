import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import { validateExperimentConfig } from '../../src-main/shared/config.ts';
import type { ValidationIssue } from '../../src-main/shared/schema.ts';
import { sweepConfigurations, type SweepParam } from '../../src-main/shared/sweep.ts';
import SweepForm from '../../src-renderer/src/components/SweepForm.vue';
import { parseConfigText, replaceKey } from '../../src-renderer/src/lib/config-doc.ts';
import { gridToRandom, randomToGrid, rangeAround, rangeToValues, SWEEP_FORM_PATHS, unrangeable, valuesToRange } from '../../src-renderer/src/lib/sweep-form.ts';

const now = (values: Partial<Record<SweepParam, unknown>>) => (param: SweepParam): unknown => values[param] ?? 1;

/** A whole train-agent config around a sweep block, for the shared validator. */
function withSweep(sweep: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'train-agent', name: 's', benchmark: 'nb201-cifar10', seeds: 1, agent: { name: 'a', preset: 'cpu-small', budget: { minutes: 1 } }, sweep: { ...sweep, evaluate: { budget: 20, seeds: 2 } } };
}

describe('grid ⇄ random conversions', () => {
  test('a list becomes its min..max, log where all positive and spanning 10×, linear otherwise', () => {
    expect(valuesToRange('rewardAlpha', [1, 3, 6, 12, 25, 50], 6)).toEqual({ min: 1, max: 50, scale: 'log' });
    expect(valuesToRange('gamma', [0.8, 0.9, 0.99], 0.99)).toEqual({ min: 0.8, max: 0.99, scale: 'linear' });
    expect(valuesToRange('dropout', [0, 0.5], 0.1)).toEqual({ min: 0, max: 0.5, scale: 'linear' });
    // A list with nothing numeric starts from the value now.
    expect(valuesToRange('layers', ['x'], 4)).toEqual({ min: 2, max: 8, scale: 'log' });
  });

  test('a range becomes a short list: ends exact, points between evenly (in the log for log), integers for integer parameters', () => {
    expect(rangeToValues('rewardAlpha', { min: 1, max: 50, scale: 'log' }, 6)).toEqual([1, 3.7, 14, 50]);
    expect(rangeToValues('gamma', { min: 0.8, max: 0.99, scale: 'linear' }, 0.9)).toEqual([0.8, 0.86, 0.93, 0.99]);
    expect(rangeToValues('maxNeighbours', { min: 8, max: 24, scale: 'linear' }, 16)).toEqual([8, 13, 19, 24]);
    expect(rangeToValues('layers', { min: 1, max: 3, scale: 'linear' }, 2)).toEqual([1, 2, 3]);
    expect(rangeToValues('layers', { min: 2, max: 2 }, 2)).toEqual([2]);
    expect(rangeToValues('layers', { min: 'x' }, 4)).toEqual([4]);
  });

  test('a new range is half to twice the value now, inside the domain, integers for integer parameters', () => {
    expect(rangeAround('rewardAlpha', 6)).toEqual({ min: 3, max: 12, scale: 'log' });
    expect(rangeAround('gamma', 0.99)).toEqual({ min: 0.495, max: 1, scale: 'log' });
    expect(rangeAround('heads', 1)).toEqual({ min: 1, max: 2, scale: 'log' });
    expect(rangeAround('latentDim', 5)).toEqual({ min: 4, max: 10, scale: 'log' });
    expect(rangeAround('dropout', 0)).toEqual({ min: 0, max: 0, scale: 'linear' });
  });

  test('switching keeps every parameter; draws are the grid size; both results pass the shared validator', () => {
    const grid = { gamma: [0.8, 0.9, 0.99], maxNeighbours: [8, 16, 24] };
    const random = gridToRandom(grid, now({}));
    expect(random).toEqual({ draws: 9, seed: 0, ranges: { gamma: { min: 0.8, max: 0.99, scale: 'linear' }, maxNeighbours: { min: 8, max: 24, scale: 'linear' } } });
    const checked = validateExperimentConfig(withSweep({ random }));
    expect(checked.ok ? [] : checked.issues).toEqual([]);
    const back = randomToGrid(random, now({}));
    expect(Object.keys(back)).toEqual(['gamma', 'maxNeighbours']);
    const again = validateExperimentConfig(withSweep({ grid: back }));
    expect(again.ok ? [] : again.issues).toEqual([]);
    // An empty list is kept as the value now, so the parameter is not lost.
    expect(gridToRandom({ rewardAlpha: [] }, now({ rewardAlpha: 6 }))).toEqual({ draws: 1, seed: 0, ranges: { rewardAlpha: { min: 6, max: 6, scale: 'linear' } } });
  });

  test('integer parameters stay integers through a random draw of the converted range', () => {
    const random = gridToRandom({ latentDim: [8, 64, 256] }, now({}));
    expect(random.ranges).toEqual({ latentDim: { min: 8, max: 256, scale: 'log' } });
    const configs = sweepConfigurations({ grid: null, random: random as never });
    expect(configs).toHaveLength(3);
    for (const c of configs) expect(Number.isInteger(c.values.latentDim)).toBe(true);
  });

  test('choices cannot become ranges', () => {
    expect(unrangeable({ rewardRepeat: ['sample', 'mean'], gamma: [0.9], nonsense: [1] })).toEqual(['rewardRepeat']);
  });

  test('the form shows the validator’s random-sweep paths beside their fields', () => {
    for (const path of ['sweep', 'sweep.random', 'sweep.random.draws', 'sweep.random.seed', 'sweep.random.ranges', 'sweep.random.ranges.rewardAlpha', 'sweep.random.ranges.rewardAlpha.min', 'sweep.random.ranges.rewardAlpha.scale', 'sweep.grid.gamma[2]', 'sweep.evaluate.budget']) {
      expect(SWEEP_FORM_PATHS.test(path), path).toBe(true);
    }
    for (const path of ['sweep.random.ranges.rewardAlpha.step', 'sweep.evaluate.at[0]', 'sweep.evaluate.baselines[0].kind']) expect(SWEEP_FORM_PATHS.test(path), path).toBe(false);
  });
});

describe('replaceKey', () => {
  test('puts the new entry where the old one was and keeps the comments around it', () => {
    const parsed = parseConfigText('sweep:\n  grid:\n    rewardAlpha: [1, 50]\n  evaluate:   # each agent searches\n    budget: 20\n');
    if (!parsed.ok) throw new Error('does not parse');
    const text = replaceKey(parsed.doc, ['sweep', 'grid'], 'random', { draws: 2, seed: 0, ranges: { rewardAlpha: { min: 1, max: 50, scale: 'log' } } });
    const back = parseConfigText(text);
    if (!back.ok) throw new Error('does not parse');
    // Lists of values come back on one line, as they are written by hand.
    expect(replaceKey(back.doc, ['sweep', 'random'], 'grid', { rewardAlpha: [1, 3.7, 14, 50] })).toMatch(/^sweep:\n  grid:\n    rewardAlpha: \[ ?1, 3.7, 14, 50 ?\]\n  evaluate:/);
    expect(text).toMatch(/^sweep:\n  random:\n    draws: 2\n    seed: 0\n    ranges:\n      rewardAlpha:\n        min: 1\n        max: 50\n        scale: log\n  evaluate:\n\s*# each agent searches\n    budget: 20\n$/);
  });
});

describe('SweepForm', () => {
  const grid = { grid: { rewardAlpha: [1, 3, 6, 12, 25, 50] }, evaluate: { budget: 100, seeds: 30 } };
  const noIssues = (): ValidationIssue[] => [];

  test('switching a grid to random draws replaces sweep.grid by the converted ranges', async () => {
    const wrapper = mount(SweepForm, { props: { sweep: grid, at: noIssues, valueNow: now({ rewardAlpha: 6 }) } });
    expect(wrapper.get('[data-testid="sweep-summary"]').text()).toBe('(1 parameter crossed: 6 configurations)');
    await wrapper.get('[data-testid="sweep-mode-random"]').setValue(true);
    expect(wrapper.emitted('rekey')).toEqual([[['sweep', 'grid'], 'random', { draws: 6, seed: 0, ranges: { rewardAlpha: { min: 1, max: 50, scale: 'log' } } }]]);
  });

  test('random draws: min, max, scale, draws and seed edit their paths and show the issues at them', async () => {
    const sweep = { random: { draws: 10, seed: 3, ranges: { rewardAlpha: { min: 1, max: 50, scale: 'log' } } }, evaluate: { budget: 100, seeds: 30 } };
    const issues: ValidationIssue[] = [
      { path: 'sweep.random.ranges.rewardAlpha.min', message: 'sweep.random.ranges.rewardAlpha.min 60 is above sweep.random.ranges.rewardAlpha.max 50' },
      { path: 'sweep.random.draws', message: 'sweep.random.draws must be at most 1000' },
    ];
    const wrapper = mount(SweepForm, { props: { sweep, at: (path: string) => issues.filter((i) => i.path === path), valueNow: now({}) } });
    expect(wrapper.get('[data-testid="sweep-summary"]').text()).toBe('(random draws over 1 parameter: 10 configurations)');
    const shown = (testid: string): string => (wrapper.get(`[data-testid="${testid}"]`).element as unknown as { value: string }).value;
    expect(shown('field-sweep.random.ranges.rewardAlpha.max')).toBe('50');
    expect(shown('field-sweep.random.seed')).toBe('3');
    expect(wrapper.get('[data-testid="field-error-sweep.random.ranges.rewardAlpha.min"]').text()).toContain('is above');
    expect(wrapper.get('[data-testid="field-error-sweep.random.draws"]').text()).toContain('at most 1000');
    expect(wrapper.find('[data-testid="field-error-sweep.random.ranges.rewardAlpha.max"]').exists()).toBe(false);

    const min = wrapper.get('[data-testid="field-sweep.random.ranges.rewardAlpha.min"]');
    await min.trigger('focus');
    await min.setValue('2');
    await wrapper.get('[data-testid="field-sweep.random.ranges.rewardAlpha.scale"]').setValue('linear');
    await wrapper.get('[data-testid="field-sweep.random.draws"]').setValue('12');
    expect(wrapper.emitted('update')).toEqual([
      [['sweep', 'random', 'ranges', 'rewardAlpha', 'min'], 2],
      [['sweep', 'random', 'ranges', 'rewardAlpha', 'scale'], 'linear'],
      [['sweep', 'random', 'draws'], 12],
    ]);
  });

  test('random draws add numeric parameters as a range around their value now, and switch back to a short grid', async () => {
    const sweep = { random: { draws: 10, seed: 0, ranges: { rewardAlpha: { min: 1, max: 50, scale: 'log' } } }, evaluate: { budget: 100, seeds: 30 } };
    const wrapper = mount(SweepForm, { props: { sweep, at: noIssues, valueNow: now({ gamma: 0.9 }) } });
    const options = wrapper.get('[data-testid="add-sweep-param"]').findAll('option').map((o) => o.text());
    expect(options).not.toContain('rewardAlpha');
    expect(options).not.toContain('rewardRepeat');
    // The swept rewardAlpha was the default choice; the first addable one shows instead of an empty select.
    expect((wrapper.get('[data-testid="add-sweep-param"]').element as unknown as { value: string }).value).toBe(options[0]);
    await wrapper.get('[data-testid="add-sweep-param"]').setValue('gamma');
    await wrapper.get('[data-testid="add-sweep-button"]').trigger('click');
    await wrapper.get('[data-testid="sweep-mode-grid"]').setValue(true);
    expect(wrapper.emitted('update')).toEqual([[['sweep', 'random', 'ranges', 'gamma'], { min: 0.45, max: 1, scale: 'log' }]]);
    expect(wrapper.emitted('rekey')).toEqual([[['sweep', 'random'], 'grid', { rewardAlpha: [1, 3.7, 14, 50] }]]);
  });

  test('a grid with a choice cannot switch to random draws, and says why', () => {
    const wrapper = mount(SweepForm, { props: { sweep: { grid: { rewardRepeat: ['sample', 'mean'] } }, at: noIssues, valueNow: now({}) } });
    expect(wrapper.get('[data-testid="sweep-mode-random"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="sweep-mode-blocked"]').text()).toContain('rewardRepeat is a choice');
  });

  test('without a sweep, the choice says what the first parameter starts', async () => {
    const wrapper = mount(SweepForm, { props: { sweep: null, at: noIssues, valueNow: now({ rewardAlpha: 6 }) } });
    await wrapper.get('[data-testid="sweep-mode-random"]').setValue(true);
    await wrapper.get('[data-testid="add-sweep-button"]').trigger('click');
    expect(wrapper.emitted('update')).toEqual([[['sweep'], { random: { draws: 10, seed: 0, ranges: { rewardAlpha: { min: 3, max: 12, scale: 'log' } } }, evaluate: { budget: 100, seeds: 30 } }]]);
  });
});
