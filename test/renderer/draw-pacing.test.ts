import { describe, expect, it } from 'vitest';
import { IDLE_PER_DRAW, MIN_DRAW_INTERVAL_MS, nextRoundDelay } from '../../src/renderer/studio/charts/draw-pacing';

describe('the chart worker\'s pacing of redraw rounds', () => {
  it('waits the minimum interval after a first request when rounds are cheap (10 a second at most, as before)', () => {
    expect(nextRoundDelay(1000, -Infinity, 0)).toBe(MIN_DRAW_INTERVAL_MS);
    expect(nextRoundDelay(1000, 990, 20)).toBe(MIN_DRAW_INTERVAL_MS); // 5·20 ms after 990 is 1090: the minimum is later
  });

  it('waits IDLE_PER_DRAW times a costly round after it ended, so drawing keeps to a sixth of a core', () => {
    // a 50 ms round ended at 1000: the next starts at 1250, whenever it was asked for
    expect(nextRoundDelay(1000, 1000, 50)).toBe(IDLE_PER_DRAW * 50);
    expect(nextRoundDelay(1100, 1000, 50)).toBe(150);
    // over many rounds: cost / (cost + wait) stays at 1/(1 + IDLE_PER_DRAW)
    let now = 0, drawing = 0;
    for (let round = 0; round < 100; round++) {
      now += nextRoundDelay(now, now, 50) + 50;
      drawing += 50;
    }
    expect(drawing / now).toBeCloseTo(1 / (1 + IDLE_PER_DRAW), 6);
  });

  it('control: cheap rounds (10 ms) keep the old pace: each round 100 ms after a request', () => {
    let now = 0, rounds = 0;
    while (now < 10_000) { now += nextRoundDelay(now, now, 10) + 10; rounds++; }
    expect(rounds).toBe(Math.ceil(10_000 / (MIN_DRAW_INTERVAL_MS + 10)));
  });
});
