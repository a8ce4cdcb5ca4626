/** A sweep worker thread: runs each trial job it is sent and posts the outcome (or the error's message) back. */
import { parentPort } from 'node:worker_threads';
import { enableRelaxedSimd } from '../node-host';
import { runTrial, type TrialJob } from './sweep-trial';

enableRelaxedSimd();
parentPort!.on('message', (job: TrialJob) => {
  runTrial(job).then(
    (outcome) => parentPort!.postMessage({ ok: true, outcome }),
    (error: Error) => parentPort!.postMessage({ ok: false, index: job.index, message: error.message }),
  );
});
