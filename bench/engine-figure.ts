// The bench's engine figure on its MNIST workload (784-256-128-64-10 relu, batch 64, SGD, no validation),
// measured alone for a few seconds: what the CLI and the studio comparisons pair their figures with.
import { engineContestant } from './contestants/engine';
import { mnistWorkload } from './workloads';

/** Samples/s of the bench's engine contestant over ~`seconds`, after 50 warm-up steps. */
export async function engineFigure(threads: 1 | 2, seconds: number): Promise<number> {
  const runner = await engineContestant('wasm-simd', threads).prepare!(mnistWorkload());
  for (let i = 0; i < 50; i++) runner.step();
  let rows = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) rows += runner.step();
  const rate = (rows * 1000) / (performance.now() - start);
  runner.dispose?.();
  return rate;
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
export const formatRate = (n: number): string => Math.round(n).toLocaleString('en-US');
