/// <reference lib="webworker" />
// The web host's engine: the same serveEngine the Electron utility process runs, over the worker's own port.
import { serveEngine } from '../../engine-host';
import { setKernelHelperStarter, type KernelHelperInit } from '../../engine-host/kernel-threads';

// With cross-origin isolation (COOP/COEP headers) the WebAssembly memory can be shared: big networks
// split their matmuls with a nested worker. Without it, or on a one-core device (where a second thread
// would only take turns with this one), they run on this thread, and nothing is said.
const cores = (self.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 2;
if (self.crossOriginIsolated && cores >= 2) setKernelHelperStarter(startHelperWorker);

function startHelperWorker(init: KernelHelperInit): void {
  const helper = new Worker(new URL('./kernel-helper.worker.ts', import.meta.url), { type: 'module', name: 'kernel-helper' });
  // a helper that fails never claims a job: the engine runs its share here
  helper.addEventListener('error', (event) => console.warn(`kernel helper worker failed (${event.message}); training goes on with one thread`));
  helper.postMessage(init);
}

serveEngine(self as unknown as DedicatedWorkerGlobalScope);
