// How far apart the two cores a two-thread run uses are: the one-way latency of a cache line handed
// between this thread and a worker thread (a ping-pong on one shared int32). Two cores under one L3 hand
// a line over in ~50–70 ns here; two cores with separate L3s (other CCXs, or vCPUs the host placed
// apart) take ~180–200 ns, and every byte one thread wrote and the other reads crosses that distance.
// The two-thread figures are read beside it (seen here: 66–72k samples/s at ~60 ns, 44–48k at ~190 ns).
import { Worker } from 'node:worker_threads';

/** The worker: answers each odd value in word 0 with the next even one, until word 1 is set. */
const ECHO = `
const { workerData } = require('node:worker_threads');
const a = new Int32Array(workerData);
for (;;) {
  const v = Atomics.load(a, 0);
  if (v & 1) Atomics.store(a, 0, v + 1);
  else if (Atomics.load(a, 1)) break;
}`;

/** The middle value of a list (NaN for none). */
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1] : NaN;
};

/**
 * One-way core-to-core latency in ns: the median over `rounds` of (round-trip time / 2), each round
 * `trips` hand-overs. The worker spins while it lives (a few ms): run it between timed work, not during.
 */
export async function measureCoreLatency(rounds = 5, trips = 20_000): Promise<number> {
  const shared = new SharedArrayBuffer(8);
  const words = new Int32Array(shared);
  const worker = new Worker(ECHO, { eval: true, workerData: shared });
  try {
    await new Promise<void>((ready, fail) => { worker.once('online', ready); worker.once('error', fail); });
    const oneWay: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const base = 2 * round * trips;
      const start = performance.now();
      for (let i = 0; i < trips; i++) {
        const sent = base + 2 * i + 1;
        Atomics.store(words, 0, sent);
        while (Atomics.load(words, 0) !== sent + 1) { /* wait for the echo */ }
      }
      oneWay.push(((performance.now() - start) * 1e6) / trips / 2);
    }
    return median(oneWay);
  } finally {
    Atomics.store(words, 1, 1);
    Atomics.store(words, 0, 0);
    await worker.terminate();
  }
}

/** "62 ns (one L3)" / "189 ns (separate L3s)": the latency, read against the two kinds seen here. */
export function describeCoreLatency(ns: number): string {
  if (!Number.isFinite(ns)) return 'not measured';
  return `${Math.round(ns)} ns${ns < 120 ? ' (cores under one L3)' : ' (cores far apart: separate L3s?)'}`;
}
