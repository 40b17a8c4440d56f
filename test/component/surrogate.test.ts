import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import TestValue from '../../src-renderer/src/components/TestValue.vue';
import { amount, bigCount, bytes } from '../../src-renderer/src/lib/format.ts';
import { progressView } from '../../src-renderer/src/lib/progress.ts';
import { regretNote } from '../../src-renderer/src/lib/regret.ts';
import { isValidationOnlyKind as isValidationOnly } from '#shared/benchmark-kinds.ts';
import { SURROGATE_LABEL, benchmarkNamed, kindLabel, testLabel, testLabelFor, validationOnlyNamed } from '../../src-renderer/src/lib/surrogate.ts';
import type { BenchmarkInfo } from '#shared/api.ts';

function bench(name: string, kind: string): BenchmarkInfo {
  return { id: 1, name, kind, space: 'x', size: 1, sourcePath: '', sourceSha256: '', bestValid: 0.9, bestTest: 0.9, createdAt: '' };
}

describe('surrogate labelling', () => {
  test('NB301 surrogates are validation-only; tables and unknown kinds are not', () => {
    expect(isValidationOnly('nb301-yahpo')).toBe(true);
    expect(isValidationOnly('nb301-xgb')).toBe(true);
    expect(isValidationOnly('nb201')).toBe(false);
    expect(isValidationOnly('nb101')).toBe(false);
    expect(isValidationOnly(null)).toBe(false);
    expect(isValidationOnly('mystery')).toBe(false);
  });

  test('"test" is called "validation (surrogate)" for a surrogate, and in a mix says so', () => {
    expect(testLabel(false)).toBe('test');
    expect(testLabel(true)).toBe('validation (surrogate)');
    expect(SURROGATE_LABEL).toBe('validation (surrogate)');
    expect(testLabelFor([true, true])).toBe('validation (surrogate)');
    expect(testLabelFor([false, false])).toBe('test');
    expect(testLabelFor([])).toBe('test');
    expect(testLabelFor([false, true])).toMatch(/^test \(surrogates: validation\)$/);
  });

  test('benchmarks are looked up by registered name; kinds have labels', () => {
    const list = [bench('nb201-cifar10', 'nb201'), bench('nb301', 'nb301-yahpo')];
    expect(benchmarkNamed(list, 'nb301')?.kind).toBe('nb301-yahpo');
    expect(benchmarkNamed(list, 'gone')).toBeNull();
    expect(validationOnlyNamed(list, 'nb301')).toBe(true);
    expect(validationOnlyNamed(list, 'nb201-cifar10')).toBe(false);
    expect(validationOnlyNamed(list, undefined)).toBe(false);
    expect(kindLabel('nb301-yahpo')).toBe('YAHPO surrogate of the NB301 data');
    expect(kindLabel('nb201')).toBe('NAS-Bench-201 table');
    expect(kindLabel('mystery')).toBeNull();
  });

  test('regret on a surrogate speaks of its validation prediction', () => {
    expect(regretNote('test', true)).toMatch(/predicted validation/);
    expect(regretNote('test')).toMatch(/test accuracy/);
  });

  test('TestValue tags a surrogate value and leaves others alone', () => {
    const plain = mount(TestValue, { props: { value: 0.9123, validationOnly: false } });
    expect(plain.text()).toBe('91.23%');
    expect(plain.find('[data-testid="surrogate-tag"]').exists()).toBe(false);
    const tagged = mount(TestValue, { props: { value: 0.9123, validationOnly: true, stacked: true } });
    expect(tagged.find('[data-testid="surrogate-tag"]').text()).toBe('validation (surrogate)');
    expect(tagged.find('[data-testid="surrogate-tag"]').attributes('title')).toMatch(/predicts validation accuracy only/);
  });
});

describe('formats for imports and huge spaces', () => {
  test('bytes in SI units; other units as counts', () => {
    expect(bytes(812)).toBe('812 B');
    expect(bytes(12_345)).toBe('12.3 kB');
    expect(bytes(512_000_000)).toBe('512 MB');
    expect(bytes(1_200_000_000)).toBe('1.20 GB');
    expect(bytes(null)).toBe('—');
    expect(amount(1_500_000, 'bytes')).toBe('1.50 MB');
    expect(amount(4200, 'records')).toBe('4,200 records');
  });

  test('a surrogate space size reads as a power of ten', () => {
    expect(bigCount(15_625)).toBe('15,625');
    expect(bigCount(1_076_746_950_455_072_400)).toBe('1.08 × 10¹⁸');
    expect(bigCount(423_624)).toBe('423,624');
  });

  test('import progress: a fraction, and time left once it means something', () => {
    expect(progressView(10, null, 5000)).toEqual({ fraction: null, secondsLeft: null });
    expect(progressView(10, 0, 5000)).toEqual({ fraction: null, secondsLeft: null });
    expect(progressView(1, 1000, 5000)).toEqual({ fraction: 0.001, secondsLeft: null });
    expect(progressView(500, 1000, 500)).toEqual({ fraction: 0.5, secondsLeft: null });
    expect(progressView(250, 1000, 10_000)).toEqual({ fraction: 0.25, secondsLeft: 30 });
    expect(progressView(1200, 1000, 10_000)).toEqual({ fraction: 1, secondsLeft: 0 });
  });
});
