// The kernels run a halved pass on two threads or one, whichever their recent steps say is faster here and
// now (both give the same bits): checked on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { BURST, EXPLORE_EVERY, EXPLORE_MAX, HalvesChoice, type HalvesWay } from '../../src/engine/kernels/halves-choice';

/** Runs `steps` steps whose duration (ms) is `cost(way, step)`; returns the way each step ran. */
function run(choice: HalvesChoice, clock: { t: number }, steps: number, cost: (way: HalvesWay, step: number) => number, from = 0): HalvesWay[] {
  const ways: HalvesWay[] = [];
  for (let s = from; s < from + steps; s++) {
    const way = choice.next();
    clock.t += cost(way, s);
    choice.done();
    ways.push(way);
  }
  return ways;
}

const count = (ways: HalvesWay[], way: HalvesWay): number => ways.filter((w) => w === way).length;

describe('choosing two threads or one for a halved pass', () => {
  it('starts on two threads and tries one thread in a short burst every EXPLORE_EVERY steps', () => {
    const clock = { t: 0 }, choice = new HalvesChoice(() => clock.t);
    const ways = run(choice, clock, 2 * EXPLORE_EVERY + BURST, () => 0.05);
    expect(ways[0]).toBe('two');
    expect(count(ways, 'one')).toBe(2 * BURST);
    expect(ways.slice(EXPLORE_EVERY - 1, EXPLORE_EVERY - 1 + BURST)).toEqual(Array(BURST).fill('one'));
  });

  it('moves to one thread when its steps are clearly faster, and back when two threads are again', () => {
    const clock = { t: 0 }, choice = new HalvesChoice(() => clock.t);
    const slowTwo = (way: HalvesWay): number => (way === 'two' ? 0.1 : 0.075); // cores far apart
    const first = run(choice, clock, 3 * EXPLORE_EVERY, slowTwo);
    expect(choice.current).toBe('one');
    expect(count(first.slice(EXPLORE_EVERY + BURST), 'two')).toBeLessThanOrEqual(2 * BURST); // only bursts after the switch
    const fastTwo = (way: HalvesWay): number => (way === 'two' ? 0.05 : 0.075); // cores under one L3 again
    run(choice, clock, 3 * EXPLORE_EVERY, fastTwo, 3 * EXPLORE_EVERY);
    expect(choice.current).toBe('two');
  });

  it('asks less often while the other way stays clearly slower (up to every EXPLORE_MAX steps), as often again after a switch', () => {
    const clock = { t: 0 }, choice = new HalvesChoice(() => clock.t);
    const steps = 4 * EXPLORE_MAX;
    const near = run(choice, clock, steps, (way) => (way === 'two' ? 0.05 : 0.075)); // one thread 50 % slower
    // bursts after 128, 256, 512, then every 1,024 steps: 6 in 4,096 steps where a fixed 128 would make 32
    expect(count(near, 'one')).toBe(6 * BURST);
    expect(choice.current).toBe('two');
    const far = run(choice, clock, EXPLORE_MAX + EXPLORE_EVERY + BURST, (way) => (way === 'two' ? 0.1 : 0.075), steps);
    expect(choice.current).toBe('one'); // found by the next burst, at most EXPLORE_MAX steps later
    const switchedAt = far.indexOf('one'); // the burst that found one thread faster
    expect(far[switchedAt + EXPLORE_EVERY - 1]).toBe('one');
    expect(far[switchedAt + EXPLORE_EVERY]).toBe('two'); // asked again EXPLORE_EVERY steps after that burst began
  });

  it('keeps asking every EXPLORE_EVERY steps when the two ways are close (negative control)', () => {
    const clock = { t: 0 }, choice = new HalvesChoice(() => clock.t);
    const ways = run(choice, clock, 4 * EXPLORE_MAX + BURST, (way) => (way === 'two' ? 0.05 : 0.055)); // 10 %: faster, not clearly
    expect(count(ways, 'one')).toBe(((4 * EXPLORE_MAX) / EXPLORE_EVERY) * BURST); // a burst every 128 steps, the last one whole
  });

  it('stays where it is when the other way is not faster by the margin (negative control)', () => {
    const clock = { t: 0 }, choice = new HalvesChoice(() => clock.t);
    run(choice, clock, 5 * EXPLORE_EVERY, (way) => (way === 'two' ? 0.1 : 0.098));
    expect(choice.current).toBe('two');
  });
});
