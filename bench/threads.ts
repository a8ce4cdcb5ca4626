import { Worker } from 'node:worker_threads';
import { createWasmKernels, type KernelHelperInit, type WasmKernels } from '../src/engine/kernels';

/** Starts one Node worker thread serving `init` (unref'd: it never keeps the process alive). */
export function startNodeHelper(init: KernelHelperInit): Worker {
  const worker = new Worker(new URL('./kernel-helper.worker.mjs', import.meta.url), { workerData: init });
  worker.unref();
  worker.on('error', (error) => { console.error(`kernel helper thread failed: ${error.message}`); });
  return worker;
}

/** WebAssembly kernels on two threads (this one and a worker), or null where shared memory is unavailable. */
export function createTwoThreadKernels(): WasmKernels | null {
  const kernels = createWasmKernels({ shared: true });
  if (!kernels || !kernels.useThreads((init) => startNodeHelper(init))) return null;
  return kernels;
}
