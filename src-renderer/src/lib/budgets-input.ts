/**
 * The "At budgets" field of the experiment and compare views: its text (defaulting to the
 * shared round budgets), its parse, and the last valid budgets, which stay in force while
 * the text is being edited into something invalid.
 */
import { computed, ref, watch, type Ref, type WatchSource } from 'vue';
import { reportBudgets } from '#shared/budgets.ts';
import { parseBudgets } from './stats.ts';
import { textCodec, useUrlState } from './url-state.ts';

export interface BudgetsInputOptions {
  /** Keeps the text in the address (lib/url-state.ts) when it differs from the default budgets. */
  urlKey?: string;
  /** When this changes (Compare's selection), an edited text gives way to the new budget's defaults. */
  resetOn?: WatchSource;
}

/**
 * The text follows the budget's defaults until the user edits it; an edited text (or one read
 * from the address) is kept while the budget settles, e.g. while Compare loads its experiments
 * one by one, so a linked view shows the budgets it was linked with.
 */
export function useBudgetsInput(budget: Ref<number>, options: BudgetsInputOptions = {}) {
  const defaultText = (): string => (budget.value > 0 ? reportBudgets(budget.value).join(', ') : '');
  const text = options.urlKey ? useUrlState(options.urlKey, defaultText, textCodec) : ref('');
  let followedDefault = '';
  watch(
    budget,
    () => {
      const next = defaultText();
      if (next === '') return;
      if (text.value === '' || text.value === followedDefault) text.value = next;
      followedDefault = next;
    },
    { immediate: true },
  );
  if (options.resetOn) {
    watch(options.resetOn, () => {
      text.value = defaultText();
      followedDefault = text.value;
    });
  }
  const parsed = computed(() => parseBudgets(text.value, Math.max(1, budget.value)));
  const budgets = ref<number[]>([]);
  watch(
    parsed,
    (p) => {
      if (!p.error) budgets.value = p.budgets;
    },
    { immediate: true },
  );
  return { text, parsed, budgets };
}
