/**
 * How the chart worker paces its rounds of redraws. A round starts MIN_DRAW_INTERVAL_MS after the first
 * chart asked (the charts asking meanwhile share it; the eye needs no more for a training curve), and after
 * a round that took c ms, not before IDLE_PER_DRAW·c ms have passed since it ended, so drawing keeps to
 * about 1/(1 + IDLE_PER_DRAW) of a core. Where a canvas draws in software (a round of the studio's charts
 * took 30-50 ms on two vCPUs) that is 4-6 rounds a second instead of 10, and the engine's threads and the
 * page keep the rest; where a round takes ≤ 20 ms nothing changes.
 */
export const MIN_DRAW_INTERVAL_MS = 100;
export const IDLE_PER_DRAW = 5;

/** Milliseconds from a first request at `now` until the round, given when the last round ended and what it cost. */
export function nextRoundDelay(now: number, lastRoundEndedAt: number, lastRoundCostMs: number): number {
  return Math.max(MIN_DRAW_INTERVAL_MS, lastRoundEndedAt + IDLE_PER_DRAW * lastRoundCostMs - now);
}
