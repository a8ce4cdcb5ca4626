/** At most `maxRestarts` automatic restarts within `windowMs`; past that, the user is asked. */
export interface RestartBudget {
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_RESTART_BUDGET: RestartBudget = { maxRestarts: 3, windowMs: 5 * 60_000 };

/** Whether one more automatic restart fits the budget, given the times of earlier restarts. */
export function mayRestart(restartTimes: readonly number[], now: number, budget: RestartBudget = DEFAULT_RESTART_BUDGET): boolean {
  return restartTimes.filter((time) => now - time < budget.windowMs).length < budget.maxRestarts;
}
