/** The utility process's sweep trial worker: a worker_thread running serveSweepTrials, as the engine host's TrialWorker. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TrialWorker, TrialWorkerStarter } from '../engine-host/sweep-workers';

/** A worker thread at `entry` (unref'd: it never keeps the process alive); its crash arrives as a `failed` reply. */
export function startTrialThread(entry: URL): TrialWorker {
  const worker = new Worker(entry);
  worker.unref();
  return {
    postMessage: (message) => worker.postMessage(message),
    onReply: (listener) => {
      worker.on('message', listener);
      worker.on('error', (error: Error) => listener({ type: 'failed', index: -1, message: `the sweep's trial thread failed (${error.message})` }));
    },
    terminate: () => { void worker.terminate(); },
  };
}

/** Two trials at a time where the machine has two cores or more: a starter of trial threads, else null. */
export function trialThreadStarter(entry: URL, cores = availableParallelism()): TrialWorkerStarter | null {
  return cores >= 2 ? () => startTrialThread(entry) : null;
}
