import { describe, expect, test } from 'vitest';
import { effectScope, nextTick, ref, type Ref } from 'vue';
import type { SortState } from '../../src-renderer/src/lib/table-query.ts';

// The router reaches `window`, which the node typecheck of the tests does not know, so these
// modules are loaded by path and typed here by what the tests use.
async function load<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ path)) as T;
}
interface Codec<T> {
  parse(text: string): T | undefined;
  format(value: T): string;
}
type RouteArg = { name: 'compare'; experiments: number[]; runs: number[] } | { name: 'run'; id: number };
const { hrefWith, replaceRoute } = await load<{ hrefWith(route: RouteArg, settings: Record<string, string>): string; replaceRoute(route: RouteArg): void }>(
  '../../src-renderer/src/router.ts',
);
const { useBudgetsInput } = await load<{
  useBudgetsInput(budget: Ref<number>, options: { urlKey?: string; resetOn?: () => unknown }): { text: Ref<string>; budgets: Ref<number[]> };
}>('../../src-renderer/src/lib/budgets-input.ts');
const { choiceCodec, flagCodec, useTableState, useUrlState } = await load<{
  choiceCodec<T extends string>(values: readonly T[]): Codec<T>;
  flagCodec: Codec<boolean>;
  useTableState(keys: readonly string[], defaults?: { prefix?: string }): { filter: Ref<string>; sort: Ref<SortState | null> };
  useUrlState<T>(key: string, fallback: T, codec: Codec<T>): Ref<T>;
}>('../../src-renderer/src/lib/url-state.ts');

const page = (globalThis as unknown as { window: { location: { hash: string }; history: { replaceState(state: null, title: string, url: string): void } } }).window;
function at(hash: string): void {
  page.history.replaceState(null, '', `/${hash}`);
}
const query = (): URLSearchParams => new URLSearchParams(page.location.hash.split('?')[1] ?? '');

describe('view settings in the address', () => {
  test('a setting starts from the address and writes itself back; its default is left out', async () => {
    at('#/experiments/3?metric=valid&logx=1');
    const scope = effectScope();
    const { metric, logx, regret } = scope.run(() => ({
      metric: useUrlState('metric', 'test', choiceCodec(['test', 'valid'] as const)),
      logx: useUrlState('logx', false, flagCodec),
      regret: useUrlState('regret', false, flagCodec),
    }))!;
    expect(metric.value).toBe('valid');
    expect(logx.value).toBe(true);
    expect(regret.value).toBe(false);
    regret.value = true;
    metric.value = 'test';
    await nextTick();
    expect(page.location.hash.startsWith('#/experiments/3?')).toBe(true);
    expect(query().get('regret')).toBe('1');
    expect(query().has('metric')).toBe(false);
    expect(query().get('logx')).toBe('1');
    scope.stop();
  });

  test('a value the setting cannot read falls back to the default', () => {
    at('#/experiments/3?metric=loss&runsSort=-bogus');
    const scope = effectScope();
    const { metric, table } = scope.run(() => ({
      metric: useUrlState('metric', 'test', choiceCodec(['test', 'valid'] as const)),
      table: useTableState(['test', 'seed'], { prefix: 'runs' }),
    }))!;
    expect(metric.value).toBe('test');
    expect(table.sort.value).toBeNull();
    scope.stop();
  });

  test("a table's sort and filter round-trip through the address", async () => {
    at('#/experiments/3');
    const scope = effectScope();
    const first = scope.run(() => useTableState(['test', 'seed'], { prefix: 'runs' }))!;
    first.sort.value = { key: 'test', dir: 'desc' };
    first.filter.value = 'status:failed seed:3';
    await nextTick();
    expect(query().get('runsSort')).toBe('-test');
    expect(query().get('runsFilter')).toBe('status:failed seed:3');
    scope.stop();
    // A reload: the same address gives the same settings.
    const again = effectScope();
    const second = again.run(() => useTableState(['test', 'seed'], { prefix: 'runs' }))!;
    expect(second.sort.value).toEqual({ key: 'test', dir: 'desc' });
    expect(second.filter.value).toBe('status:failed seed:3');
    again.stop();
  });

  test("the budgets text is kept only when it differs from the budget's defaults", async () => {
    at('#/experiments/3');
    const budget = ref(0);
    const scope = effectScope();
    const input = scope.run(() => useBudgetsInput(budget, { urlKey: 'budgets' }))!;
    budget.value = 100;
    await nextTick();
    expect(input.text.value).not.toBe('');
    expect(query().has('budgets')).toBe(false);
    input.text.value = '5, 25';
    await nextTick();
    expect(query().get('budgets')).toBe('5, 25');
    scope.stop();
    at('#/experiments/3?budgets=7');
    const again = effectScope();
    const reloaded = again.run(() => useBudgetsInput(ref(100), { urlKey: 'budgets' }))!;
    expect(reloaded.text.value).toBe('7');
    expect(reloaded.budgets.value).toEqual([7]);
    again.stop();
  });

  test("Compare's linked budgets survive its experiments loading one by one; a new selection resets them", async () => {
    at('#/compare?experiments=1,2&budgets=10,%20150');
    const budget = ref(0);
    const selection = ref('1,2');
    const scope = effectScope();
    const input = scope.run(() => useBudgetsInput(budget, { urlKey: 'budgets', resetOn: () => selection.value }))!;
    // The first experiment's details arrive (budget 100), then the second's (budget 200).
    budget.value = 100;
    await nextTick();
    budget.value = 200;
    await nextTick();
    expect(input.text.value).toBe('10, 150');
    expect(input.budgets.value).toEqual([10, 150]);
    expect(query().get('budgets')).toBe('10, 150');
    // Another selection: the edited text gives way to the defaults, which follow the budget as it loads.
    selection.value = '3';
    await nextTick();
    budget.value = 400;
    await nextTick();
    expect(input.text.value).not.toBe('10, 150');
    expect(input.budgets.value.at(-1)).toBe(400);
    expect(query().has('budgets')).toBe(false);
    scope.stop();
  });

  test("Compare's route changes keep the view settings; links can carry settings", () => {
    at('#/compare?experiments=1&band=std');
    replaceRoute({ name: 'compare', experiments: [1, 2], runs: [] });
    expect(page.location.hash).toBe('#/compare?experiments=1,2&band=std');
    replaceRoute({ name: 'compare', experiments: [2], runs: [5] });
    expect(query().get('experiments')).toBe('2');
    expect(query().get('runs')).toBe('5');
    expect(query().get('band')).toBe('std');
    expect(hrefWith({ name: 'run', id: 7 }, { arch: 'best' })).toBe('#/runs/7?arch=best');
  });
});
