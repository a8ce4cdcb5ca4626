/**
 * How many threads the web build's engine computes on. The page passes a choice in the engine worker's
 * name (`engine threads=N`, from its own `?threads=N`); without one, a second thread where the device has
 * two cores or more: measured in the studio on two cores, a helper that takes turns with the page's main
 * thread and chart worker still won on median (src/node-host/fast-kernels.ts GUI_THREADS_MIN_CORES).
 */
export const WEB_THREADS_MIN_CORES = 2;

/** The worker name that carries the page's `?threads=` choice (1 or 2; anything else: automatic). */
export function engineWorkerName(pageSearch: string): string {
  const threads = new URLSearchParams(pageSearch).get('threads');
  return threads === '1' || threads === '2' ? `engine threads=${threads}` : 'engine';
}

/** 1 or 2: the worker name's choice, else 2 on a device with WEB_THREADS_MIN_CORES cores or more. */
export function engineThreads(workerName: string, cores: number | undefined): 1 | 2 {
  const chosen = /\bthreads=([12])\b/.exec(workerName)?.[1];
  if (chosen) return chosen === '2' ? 2 : 1;
  return (cores ?? 1) >= WEB_THREADS_MIN_CORES ? 2 : 1;
}
