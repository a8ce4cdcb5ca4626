/**
 * "2 threads", "1 thread", or "1 thread (faster than 2 here)" when a run's kernels have a helper but measured
 * one thread faster (a network in batch halves, kernels/halves-choice.ts): the studio's Learning panel and the
 * CLI's summary say it the same way.
 */
export function threadsLabel(threads: number, threadsInUse: number | null = null): string {
  if (threadsInUse !== null && threadsInUse < threads) return `${threadsInUse} thread (faster than ${threads} here)`;
  return `${threads} thread${threads === 1 ? '' : 's'}`;
}
