/**
 * The "At budgets" field of the experiment and compare views: its text (defaulting to the
 * shared round budgets), its parse, and the last valid budgets, which stay in force while
 * the text is being edited into something invalid.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { reportBudgets } from '#shared/budgets.ts';
import { parseBudgets } from './stats.ts';
import { textCodec, useUrlState } from './url-state.ts';

/** With `urlKey` the text is kept in the address (lib/url-state.ts) when it differs from the default budgets. */
export function useBudgetsInput(budget: Ref<number>, options: { keepEditedText: boolean; urlKey?: string }) {
  const defaultText = (): string => (budget.value > 0 ? reportBudgets(budget.value).join(', ') : '');
  const text = options.urlKey ? useUrlState(options.urlKey, defaultText, textCodec) : ref('');
  watch(
    budget,
    (b) => {
      // The experiment view keeps what the user typed; compare resets it when the selection changes the budget.
      if (b > 0 && (!options.keepEditedText || text.value === '')) text.value = reportBudgets(b).join(', ');
    },
    { immediate: true },
  );
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
