import type { Worker } from 'node:worker_threads';
import { createWasmKernels, type KernelHelperInit, type WasmKernelOptions, type WasmKernels } from '../src/engine/kernels';
import { startHelperThread } from '../src/node-host';

/** The CLI's helper entry (it loads the engine's TypeScript through tsx, as the bench runs it). */
const HELPER_ENTRY = new URL('../src/node-host/kernel-helper.worker.mjs', import.meta.url);

/** Starts one Node worker thread serving `init`, as the CLI does (unref'd: it never keeps the process alive). */
export function startNodeHelper(init: KernelHelperInit): Worker {
  return startHelperThread(init, HELPER_ENTRY, (line) => console.error(line));
}

/** WebAssembly kernels on two threads (this one and a worker), or null where shared memory is unavailable. */
export function createTwoThreadKernels(options: WasmKernelOptions = {}): WasmKernels | null {
  const kernels = createWasmKernels({ ...options, shared: true });
  if (!kernels || !kernels.useThreads((init) => startNodeHelper(init))) return null;
  return kernels;
}
