/**
 * Fast kernels for a Node process (the CLI, the Electron utility process): relaxed SIMD where Node
 * needs a flag for it, and a worker_threads helper for networks big enough to split their matmuls.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { KernelHelperInit, KernelHelperStarter, Kernels } from '../engine';

/** The most threads the kernels compute on (this one and one helper). */
export const MAX_KERNEL_THREADS = 2;

/**
 * Cores a host with a window needs before its engine takes a second one: the page's main thread and its
 * chart worker keep two busy while a run draws, and a helper thread that has to take turns with them
 * slowed the studio down on two cores (MNIST 673-128-64-32, batch 32: 38k against 62k samples/s).
 */
export const GUI_THREADS_MIN_CORES = 4;

/** 2 where the machine has two cores or more (four with a window to draw: `gui`), else 1. */
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

/** What a network's kernels are, for a run's summary: tier, fused multiply-add, threads. */
export interface KernelSummary {
  kernels: string;
  fma: boolean;
  threads: number;
}

export function describeKernels(kernels: Kernels): KernelSummary {
  return { kernels: kernels.name, fma: kernels.fma, threads: kernels.threads };
}

/** "wasm-simd (fma) · 2 threads" */
export function kernelLine({ kernels, fma, threads }: KernelSummary): string {
  return `${kernels}${fma ? ' (fma)' : ''} · ${threads} thread${threads === 1 ? '' : 's'}`;
}

/** Ends a network's helper thread now rather than when its kernels are garbage-collected. */
export function stopKernelThreads(kernels: Kernels): void {
  kernels.dispose();
}
