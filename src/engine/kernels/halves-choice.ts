// Two threads or one for a network that trains in halves (halves.ts): both give the same bits, so the kernels
// may switch at any step and keep whichever is faster here and now. Two threads share the weights every step
// (the helper reads what this thread updated, this thread reads the helper's gradients); where the two cores
// sit under one L3 that is cheap and two threads win (origin's network: 52 µs a step against 75), where they
// do not, the same step took 100 µs on two threads. Which one holds changes while a run goes on (a VM's vCPUs
// move), so the choice is measured, not assumed: the current way's recent steps against a short burst of the
// other way every so often.

/** How the step runs: 'two' threads (a half each) or 'one' (the whole batch on this thread, same bits). */
export type HalvesWay = 'two' | 'one';

/** Steps between two bursts of the other way, at first and after a switch or a close call. */
export const EXPLORE_EVERY = 128;
/**
 * While bursts keep finding the other way clearly slower (its median ≥ CLEARLY_SLOWER × this way's), the steps
 * between them double up to this many: each burst costs a few slow steps (origin's net: 4 × ~75 µs against
 * ~52, about 1.4 % of all steps at every 128), and a state that holds needs no asking so often. At 1,024 steps
 * (~50–80 ms of the origin's training) a change of state is still found within a tenth of a second.
 */
export const EXPLORE_MAX = 1024;
const CLEARLY_SLOWER = 1.25;
/** Steps in a burst; its first is not timed (the helper wakes, caches refill). */
export const BURST = 4;
/** Recent steps kept of the current way. */
const KEPT = 16;
/** The other way must be this much faster (its median ≤ MARGIN × this way's) to switch. */
const MARGIN = 0.95;

/** A clock in milliseconds. */
export type Clock = () => number;

/** The runtime's high-resolution clock (Node, browsers and workers have performance.now), or null. */
export function runtimeClock(): Clock | null {
  const performance = (globalThis as { performance?: { now(): number } }).performance;
  return performance && typeof performance.now === 'function' ? () => performance.now() : null;
}

export class HalvesChoice {
  private way: HalvesWay = 'two';
  private sinceBurst = 0;
  private interval = EXPLORE_EVERY;
  private burstLeft = 0;
  private readonly times: Record<HalvesWay, number[]> = { two: [], one: [] };
  private timedWay: HalvesWay = 'two';
  private skipNext = true;
  private started = 0;

  constructor(private readonly clock: Clock) {}

  /** The way the coming step runs (then call done()). */
  next(): HalvesWay {
    this.sinceBurst++; // burst steps count too: a burst starts every `interval` steps
    if (this.burstLeft === 0 && this.sinceBurst >= this.interval) {
      this.sinceBurst = 0;
      this.burstLeft = BURST;
      this.times[other(this.way)].length = 0; // the burst's own steps, never stale ones
    }
    const way = this.burstLeft > 0 ? other(this.way) : this.way;
    if (way !== this.timedWay) { this.timedWay = way; this.skipNext = true; }
    this.started = this.clock();
    return way;
  }

  /** Records the step that next() started; after a burst, keeps the faster way. */
  done(): void {
    const took = this.clock() - this.started;
    if (this.skipNext) this.skipNext = false;
    else keep(this.times[this.timedWay], took);
    if (this.burstLeft > 0 && --this.burstLeft === 0) this.decide();
  }

  /** The way steps run between bursts. */
  get current(): HalvesWay {
    return this.way;
  }

  private decide(): void {
    const there = other(this.way);
    const thereMedian = median(this.times[there]), hereMedian = median(this.times[this.way]);
    if (thereMedian <= MARGIN * hereMedian) this.way = there;
    const isClear = this.way !== there && thereMedian >= CLEARLY_SLOWER * hereMedian;
    this.interval = isClear ? Math.min(EXPLORE_MAX, 2 * this.interval) : EXPLORE_EVERY;
  }
}

const other = (way: HalvesWay): HalvesWay => (way === 'two' ? 'one' : 'two');

function keep(list: number[], value: number): void {
  list.push(value);
  if (list.length > KEPT) list.shift();
}

function median(list: number[]): number {
  if (list.length === 0) return Infinity;
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
