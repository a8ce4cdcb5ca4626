// A sweep's trial worker thread (worker_threads): trains the trials the engine sends it. The utility
// process runs its bundled output (sweep-trial.js, electron.vite.config.ts).
import { parentPort } from 'node:worker_threads';
import { serveSweepTrials } from '../engine-host/sweep-workers';

serveSweepTrials(parentPort!);
