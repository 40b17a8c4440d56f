/** Budgets (queries) at which summary tables report: up to five round numbers below the budget, and the budget. */
export function reportBudgets(budget: number): number[] {
  const marks = [10, 25, 50, 100, 150, 200, 300, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000].filter((b) => b < budget);
  return [...marks.slice(-5), budget];
}
