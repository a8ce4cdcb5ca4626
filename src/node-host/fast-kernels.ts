/**
 * Fast kernels for a Node process (the CLI, the Electron utility process): relaxed SIMD where Node
 * needs a flag for it, and a worker_threads helper for networks big enough to split their matmuls.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { threadsLabel, type KernelHelperInit, type KernelHelperStarter, type Kernels } from '../engine';

/** The most threads the kernels compute on (this one and one helper). */
export const MAX_KERNEL_THREADS = 2;

/**
 * Cores a host with a window needs before its engine takes a second one. Measured again in the studio
 * (Chromium, 2 cores, session 5, 30 epochs of MNIST 256-128-64 relu, SGD): batch 64 median 50k samples/s on
 * 2 threads against 42k on 1 (five runs each, 2 threads 37–54k: the page's main thread, chart worker and
 * compositor take ~25 % of a core and now and then pause the helper mid-chunk); batch 32 the same on both
 * (38–42k, and 72–80k on 128-64-32). So two cores are enough: a second thread never lost on median.
 */
export const GUI_THREADS_MIN_CORES = 2;

/** 2 where the machine has two cores or more (GUI_THREADS_MIN_CORES with a window to draw: `gui`), else 1. */
export function defaultKernelThreads(options: { gui?: boolean } = {}): number {
  return availableParallelism() >= (options.gui ? GUI_THREADS_MIN_CORES : 2) ? MAX_KERNEL_THREADS : 1;
}

export interface FastKernelOptions {
  /** 1: every network on this thread only; 2: big networks get a helper thread. */
  threads: number;
  /**
   * The helper thread's entry, a module that calls serveKernelHelper(workerData): under tsx an .mjs
   * that registers tsx first (src/node-host/kernel-helper.worker.mjs), in a bundle its own output file.
   */
  helperEntry: URL;
  /** Where the one line about a helper thread that failed goes (the engine runs on without it). */
  warn?: (line: string) => void;
}

/**
 * Call before the first network is built: the engine compiles its WebAssembly lazily, and V8 flags
 * apply to modules compiled after them (process-wide, so helper threads see them too). Returns the
 * helper-thread starter to build networks with (`new Network(spec, { startHelper })`), null for one thread.
 */
export function enableFastKernels(options: FastKernelOptions): KernelHelperStarter | null {
  if (!Number.isInteger(options.threads) || options.threads < 1 || options.threads > MAX_KERNEL_THREADS) {
    throw new RangeError(`threads must be 1 or 2, got ${options.threads}`);
  }
  enableRelaxedSimd();
  const warn = options.warn ?? ((line: string) => console.error(line));
  return options.threads === 1 ? null : (init) => { startHelperThread(init, options.helperEntry, warn); };
}

/** Relaxed SIMD (the fused multiply-add build) is on by default from Node 22; Node 20 needs the V8 flag. */
export function enableRelaxedSimd(): void {
  if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-relaxed-simd');
}

/**
 * One worker thread serving `init`, unref'd (it never keeps the process alive). If it fails, a job
 * it never claims is run by the calling thread, so training goes on, on one thread.
 */
export function startHelperThread(init: KernelHelperInit, entry: URL, warn: (line: string) => void): Worker {
  const worker = new Worker(entry, { workerData: init });
  worker.unref();
  worker.on('error', (error: Error) => warn(`kernel helper thread failed (${error.message}); training goes on with one thread`));
  return worker;
}

/** What a network's kernels are, for a run's summary: tier, fused multiply-add, threads (and how many its steps ran on at the end). */
export interface KernelSummary {
  kernels: string;
  fma: boolean;
  threads: number;
  threadsInUse: number;
}

/** Read before the helper thread is stopped (stopKernelThreads leaves the kernels on one thread). */
export function describeKernels(net: { kernels: Kernels; threadsInUse: number }): KernelSummary {
  return { kernels: net.kernels.name, fma: net.kernels.fma, threads: net.kernels.threads, threadsInUse: net.threadsInUse };
}

/** "wasm-simd (fma) · 2 threads"; "wasm-simd (fma) · 1 thread (faster than 2 here)" when the kernels measured one faster. */
export function kernelLine({ kernels, fma, threads, threadsInUse }: KernelSummary): string {
  return `${kernels}${fma ? ' (fma)' : ''} · ${threadsLabel(threads, threadsInUse)}`;
}

/** Ends a network's helper thread now rather than when its kernels are garbage-collected. */
export function stopKernelThreads(kernels: Kernels): void {
  kernels.dispose();
}
