/// <reference lib="webworker" />
// The web host's engine: the same serveEngine the Electron utility process runs, over the worker's own port.
import { serveEngine } from '../../engine-host';
import type { KernelHelperInit } from '../../engine-host/kernel-threads';
import type { TrialWorker } from '../../engine-host/sweep-workers';
import { engineThreads } from './engine-threads';
import { idbCheckpointStore } from './web-idb';

// With cross-origin isolation (COOP/COEP headers) the WebAssembly memory can be shared: big networks
// split their matmuls with a nested worker. Without it they run on this thread, and nothing is said.
const twoThreads = self.crossOriginIsolated && engineThreads(self.name, self.navigator?.hardwareConcurrency) === 2;

function startHelperWorker(init: KernelHelperInit): void {
  const helper = new Worker(new URL('./kernel-helper.worker.ts', import.meta.url), { type: 'module', name: 'kernel-helper' });
  // a helper that fails never claims a job: the engine runs its share here
  helper.addEventListener('error', (event) => console.warn(`kernel helper worker failed (${event.message}); training goes on with one thread`));
  helper.postMessage(init);
}

/** A sweep's second thread: a nested worker training trials beside this one (its failure leaves its trials here). */
function startTrialWorker(): TrialWorker {
  const worker = new Worker(new URL('./sweep-trial.worker.ts', import.meta.url), { type: 'module', name: 'sweep-trial' });
  return {
    postMessage: (message) => worker.postMessage(message),
    onReply: (listener) => {
      worker.addEventListener('message', (event) => listener(event.data));
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        console.warn(`sweep trial worker failed (${event.message}); the sweep goes on with one thread`);
        listener({ type: 'failed', index: -1, message: `the sweep's trial worker failed (${event.message})` });
      });
    },
    terminate: () => worker.terminate(),
  };
}
// sweeps run two trials at a time wherever there are two cores (no shared memory needed: each trial is whole)
const sweepsOnTwoCores = (self.navigator?.hardwareConcurrency ?? 1) >= 2;

// checkpoints go to IndexedDB (by time while training, at each pause): a reloaded page can offer "Resume run"
serveEngine(self as unknown as DedicatedWorkerGlobalScope, {
  startKernelHelper: twoThreads ? startHelperWorker : null, startTrialWorker: sweepsOnTwoCores ? startTrialWorker : null, checkpoints: idbCheckpointStore,
});
