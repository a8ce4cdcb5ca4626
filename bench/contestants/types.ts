import type { Workload } from '../workloads';

/** A trainer under test, set up for one workload: `step()` trains one mini-batch and returns its rows. */
export interface Runner {
  step(): number;
  dispose?(): void;
}

/** Something the bench times: an in-process trainer (runner) or an external program that reports samples/s. */
export interface Contestant {
  name: string;
  /** Why it is skipped in this environment, or null. */
  unavailable(): Promise<string | null>;
  /** In-process contestants. */
  prepare?(workload: Workload): Promise<Runner>;
  /** External contestants: one measurement, samples/s. */
  measureExternal?(workload: Workload, quick: boolean): Promise<number>;
}

/** Fisher–Yates order of 0..n−1 from a small LCG (the contestants need not share the engine's RNG). */
export function shuffledOrder(n: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  return order;
}
